// What a route handler returns, and how it goes on the wire — with the route's fault, if one is set.

import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.js';

export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

export const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({ status, contentType: 'text/plain', body, headers });
export const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(value),
  headers,
});
export const xml = (status: number, body: string): Reply => ({ status, contentType: 'text/xml', body });

/** Writes the reply, bent by the fault. Resolves with the status actually sent (0 = connection dropped). */
export async function send(res: ServerResponse, reply: Reply, fault: Fault | undefined, sleep: (ms: number) => Promise<void>): Promise<number> {
  if (fault?.delayMs) await sleep(fault.delayMs);
  if (res.destroyed) return 0;
  if (fault?.drop) {
    res.socket?.destroy();
    return 0;
  }
  let { status, contentType, body } = reply;
  if (fault?.status !== undefined) {
    status = fault.status;
    body = fault.body ?? `emulated fault: HTTP ${fault.status}`;
    contentType = 'text/plain';
  }
  if (fault?.malformed) body = '<<this is not what you asked for';
  if (fault?.contentType) contentType = fault.contentType;
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...reply.headers, 'Content-Type': contentType, 'Content-Length': String(bytes.length), Connection: 'close' });
  if (fault?.truncated) {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await new Promise((resolve) => setImmediate(resolve));
    res.socket?.destroy();
    return status;
  }
  res.end(bytes);
  return status;
}
