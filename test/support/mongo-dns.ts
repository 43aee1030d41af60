// A tiny loopback DNS server (UDP) answering SRV, TXT and A queries from a table, so the built CLI
// can resolve a mongodb+srv:// name (`--dns-server 127.0.0.1:PORT`) without any real resolver.

import dgram from 'node:dgram';

export interface DnsZone {
  srv?: Record<string, Array<{ target: string; port: number }>>;
  txt?: Record<string, string[]>;
  a?: Record<string, string>;
}

export interface FakeDns {
  server: string;
  /** Every question seen: `SRV _mongodb._tcp.x`, `A host`, … */
  questions: string[];
  close(): Promise<void>;
}

const TYPES: Record<number, string> = { 1: 'A', 16: 'TXT', 33: 'SRV' };

export async function startFakeDns(zone: DnsZone): Promise<FakeDns> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (query, peer) => {
    const { name, type, end } = readQuestion(query);
    const typeName = TYPES[type] ?? String(type);
    questions.push(`${typeName} ${name}`);
    const answers: Buffer[] = [];
    const key = name.toLowerCase();
    if (typeName === 'SRV') {
      for (const record of zone.srv?.[key] ?? []) {
        const fixed = Buffer.alloc(6);
        fixed.writeUInt16BE(0, 0);
        fixed.writeUInt16BE(0, 2);
        fixed.writeUInt16BE(record.port, 4);
        answers.push(resourceRecord(33, Buffer.concat([fixed, encodeName(record.target)])));
      }
    } else if (typeName === 'TXT') {
      for (const text of zone.txt?.[key] ?? []) answers.push(resourceRecord(16, Buffer.concat([Buffer.from([text.length]), Buffer.from(text)])));
    } else if (typeName === 'A') {
      const address = zone.a?.[key];
      if (address) answers.push(resourceRecord(1, Buffer.from(address.split('.').map(Number))));
    }
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8180 | (answers.length === 0 ? 3 : 0), 2); // response, RD+RA, NXDOMAIN when empty
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, query.subarray(12, end), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  while (query[offset]! > 0) {
    const length = query[offset]!;
    labels.push(query.toString('ascii', offset + 1, offset + 1 + length));
    offset += length + 1;
  }
  offset += 1;
  return { name: labels.join('.'), type: query.readUInt16BE(offset), end: offset + 4 };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** An answer for the question's name (compression pointer to offset 12), class IN, TTL 60. */
function resourceRecord(type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0);
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(1, 4);
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}
