import { describe, expect, it } from 'vitest';
import { resolveSrvSeeds, type DnsResolver } from '../../src/mongodb/srv.js';

function fakeDns(srv: Record<string, Array<{ name: string; port: number }>>, txt: Record<string, string[][]> = {}): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolveSrv: async (name) => {
      asked.push(`SRV ${name}`);
      const found = srv[name];
      if (!found) throw Object.assign(new Error('queryNotFound'), { code: 'ENOTFOUND' });
      return found;
    },
    resolveTxt: async (name) => {
      asked.push(`TXT ${name}`);
      const found = txt[name];
      if (!found) throw Object.assign(new Error('queryTxt ENODATA'), { code: 'ENODATA' });
      return found;
    },
  };
}

describe('resolveSrvSeeds', () => {
  it('turns SRV records into seeds and reads the TXT options', async () => {
    const dns = fakeDns(
      { '_mongodb._tcp.cluster0.abc.mongodb.net': [{ name: 'ac-00.abc.mongodb.net', port: 27017 }, { name: 'ac-01.abc.mongodb.net.', port: 27018 }] },
      { 'cluster0.abc.mongodb.net': [['authSource=admin&', 'replicaSet=atlas-x']] },
    );
    const seeds = await resolveSrvSeeds('cluster0.abc.mongodb.net', dns);
    expect(seeds.hosts).toEqual([
      { host: 'ac-00.abc.mongodb.net', port: 27017 },
      { host: 'ac-01.abc.mongodb.net', port: 27018 },
    ]);
    expect(seeds.txtOptions).toEqual({ authsource: 'admin', replicaset: 'atlas-x' });
    expect(dns.asked).toEqual(['SRV _mongodb._tcp.cluster0.abc.mongodb.net', 'TXT cluster0.abc.mongodb.net']);
  });

  it('has no TXT options when there is no TXT record', async () => {
    const dns = fakeDns({ '_mongodb._tcp.c.abc.example': [{ name: 'x.abc.example', port: 1 }] });
    expect((await resolveSrvSeeds('c.abc.example', dns)).txtOptions).toEqual({});
  });

  it('refuses an SRV target outside the cluster domain (it could send credentials elsewhere)', async () => {
    const dns = fakeDns({ '_mongodb._tcp.cluster0.abc.mongodb.net': [{ name: 'evil.example.com', port: 27017 }] });
    await expect(resolveSrvSeeds('cluster0.abc.mongodb.net', dns)).rejects.toThrow(/outside the domain.*refusing/);
  });

  it('applies the short-name rule: targets must sit under a 1–2 label name itself', async () => {
    const ok = fakeDns({ '_mongodb._tcp.localhost': [{ name: 'test.localhost', port: 1 }] });
    expect((await resolveSrvSeeds('localhost', ok)).hosts).toEqual([{ host: 'test.localhost', port: 1 }]);
    const bad = fakeDns({ '_mongodb._tcp.mongo.local': [{ name: 'mongo.local', port: 1 }] });
    await expect(resolveSrvSeeds('mongo.local', bad)).rejects.toThrow(/outside the domain/);
  });

  it('reports a missing SRV record, extra TXT records and forbidden TXT options clearly', async () => {
    await expect(resolveSrvSeeds('nope.abc.example', fakeDns({}))).rejects.toThrow(/no SRV record _mongodb._tcp.nope.abc.example/);
    const srv = { '_mongodb._tcp.c.abc.example': [{ name: 'x.abc.example', port: 1 }] };
    await expect(resolveSrvSeeds('c.abc.example', fakeDns(srv, { 'c.abc.example': [['a=1'], ['b=2']] }))).rejects.toThrow(/at most one/);
    await expect(resolveSrvSeeds('c.abc.example', fakeDns(srv, { 'c.abc.example': [['tls=false']] }))).rejects.toThrow(/sets "tls"/);
  });

  it('uses srvServiceName', async () => {
    const dns = fakeDns({ '_custom._tcp.c.abc.example': [{ name: 'x.abc.example', port: 5 }] });
    expect((await resolveSrvSeeds('c.abc.example', dns, 'custom')).hosts).toEqual([{ host: 'x.abc.example', port: 5 }]);
  });
});

describe('nodeDnsResolver with an explicit DNS server (what --dns-server uses)', () => {
  it('resolves SRV, TXT and host addresses through that server only', async () => {
    const { startFakeDns } = await import('../support/mongo-dns.js');
    const { nodeDnsResolver } = await import('../../src/mongodb/srv.js');
    const dns = await startFakeDns({
      srv: { '_mongodb._tcp.cluster0.test.invalid': [{ target: 'shard-00.cluster0.test.invalid', port: 27017 }] },
      txt: { 'cluster0.test.invalid': ['authSource=$external'] },
      a: { 'shard-00.cluster0.test.invalid': '127.0.0.1' },
    });
    try {
      const resolver = await nodeDnsResolver(dns.server);
      const seeds = await resolveSrvSeeds('cluster0.test.invalid', resolver);
      expect(seeds).toEqual({ hosts: [{ host: 'shard-00.cluster0.test.invalid', port: 27017 }], txtOptions: { authsource: '$external' } });
      expect(await resolver.lookup!('shard-00.cluster0.test.invalid')).toBe('127.0.0.1');
      expect(await resolver.lookup!('127.0.0.1')).toBe('127.0.0.1');
      await expect(resolveSrvSeeds('other.test.invalid', resolver)).rejects.toThrow(/no SRV record/);
      expect(dns.questions).toContain('SRV _mongodb._tcp.cluster0.test.invalid');
    } finally {
      await dns.close();
    }
  });
});
