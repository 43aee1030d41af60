// mongodb+srv:// resolution (the driver's "Initial DNS Seedlist Discovery" rules): SRV records become
// the seed list, one TXT record may add authSource/replicaSet/loadBalanced. DNS is injectable so tests
// never ask a real resolver.

import { MongoUriError } from './uri.js';

export interface DnsResolver {
  resolveSrv(name: string): Promise<Array<{ name: string; port: number }>>;
  resolveTxt(name: string): Promise<string[][]>;
  /** Address lookup for connecting; absent = the operating system's resolver. */
  lookup?(host: string): Promise<string>;
}

export interface SrvSeeds {
  hosts: Array<{ host: string; port: number }>;
  /** Lower-case option names from the TXT record. */
  txtOptions: Record<string, string>;
}

const TXT_OPTIONS = new Set(['authsource', 'replicaset', 'loadbalanced']);

/** The resolver's codes for "the name has no such record" (node:dns), as opposed to a lookup that failed. */
const NO_SUCH_NAME: ReadonlySet<string> = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

export async function resolveSrvSeeds(host: string, resolver: DnsResolver, serviceName = 'mongodb'): Promise<SrvSeeds> {
  const srvName = `_${serviceName}._tcp.${host}`;
  let records: Array<{ name: string; port: number }>;
  try {
    records = await resolver.resolveSrv(srvName);
  } catch (error) {
    const code = dnsCode(error);
    // Only these say the name is not there; the others (ECONNREFUSED, ETIMEOUT, …) that DNS itself could not be asked.
    if (NO_SUCH_NAME.has(code)) throw new MongoUriError(`DNS has no SRV record ${srvName} (${code}): check the cluster host name in the connection string`);
    throw new MongoUriError(`the DNS lookup of the SRV record ${srvName} failed (${code}): the DNS server did not answer it`);
  }
  if (records.length === 0) throw new MongoUriError(`DNS returned no SRV records for ${srvName}`);
  const hosts = records.map((record) => {
    const target = record.name.replace(/\.$/, '').toLowerCase();
    if (!isUnderSrvDomain(target, host)) {
      throw new MongoUriError(`SRV record ${srvName} points to ${target}, outside the domain of ${host}; refusing it (it could send credentials elsewhere)`);
    }
    return { host: target, port: record.port };
  });

  let txt: string[][] = [];
  try {
    txt = await resolver.resolveTxt(host);
  } catch (error) {
    if (!['ENODATA', 'ENOTFOUND'].includes(dnsCode(error))) {
      throw new MongoUriError(`the TXT lookup for ${host} failed (${dnsCode(error)})`);
    }
  }
  if (txt.length > 1) throw new MongoUriError(`DNS returned ${txt.length} TXT records for ${host}; at most one is allowed`);
  const txtOptions: Record<string, string> = {};
  for (const pair of (txt[0] ?? []).join('').split('&')) {
    if (!pair) continue;
    const [rawKey = '', rawValue = ''] = pair.split('=');
    const key = decodeURIComponent(rawKey).toLowerCase();
    if (!TXT_OPTIONS.has(key)) throw new MongoUriError(`the TXT record for ${host} sets "${rawKey}", which only authSource, replicaSet and loadBalanced may`);
    txtOptions[key] = decodeURIComponent(rawValue);
  }
  return { hosts, txtOptions };
}

/** A target must sit under the SRV name's parent domain (or, for names of 1–2 labels, under the name itself). */
function isUnderSrvDomain(target: string, host: string): boolean {
  const labels = host.split('.');
  const domain = labels.length >= 3 ? labels.slice(1).join('.') : host;
  return target.endsWith(`.${domain}`) && target.split('.').length > (labels.length >= 3 ? labels.length - 1 : labels.length);
}

function dnsCode(error: unknown): string {
  return (error as { code?: string })?.code ?? (error as Error)?.message ?? 'error';
}

/** node:dns through `server` (host or host:port) when given, else the system's configured DNS servers. */
export async function nodeDnsResolver(server?: string): Promise<DnsResolver> {
  const { Resolver } = await import('node:dns/promises');
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (server) resolver.setServers([server]);
  const base: DnsResolver = {
    resolveSrv: (name) => resolver.resolveSrv(name),
    resolveTxt: (name) => resolver.resolveTxt(name),
  };
  if (server) {
    // With an explicit DNS server, host addresses come from it too (the OS resolver would not ask it).
    base.lookup = async (host) => {
      if (/^[\d.]+$/.test(host) || host.includes(':')) return host;
      const [address] = await resolver.resolve4(host);
      if (!address) throw new MongoUriError(`DNS server ${server} has no address for ${host}`);
      return address;
    };
  }
  return base;
}
