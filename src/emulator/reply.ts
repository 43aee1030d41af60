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

/** A timestamp as AWS endpoints write it: ISO 8601 without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A wait that ends early when `until` settles (the client hung up), so no timer outlives the exchange. */
export type Sleep = (ms: number, until?: Promise<unknown>) => Promise<void>;

/** How many pieces a slow body is sent in. */
const SLOW_BODY_PIECES = 10;

/** Writes the reply, bent by the fault. Resolves with the status actually sent (0 = connection dropped). */
export async function send(res: ServerResponse, reply: Reply, fault: Fault | undefined, sleep: Sleep): Promise<number> {
  const hungUp = new Promise<void>((resolve) => res.once('close', () => resolve()));
  if (fault?.delayMs) await sleep(fault.delayMs, hungUp);
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
  if (fault?.slowBodyMs) {
    const piece = Math.ceil(bytes.length / SLOW_BODY_PIECES);
    for (let at = 0; at < bytes.length && !res.destroyed; at += piece) {
      res.write(bytes.subarray(at, at + piece));
      await sleep(fault.slowBodyMs / SLOW_BODY_PIECES, hungUp);
    }
    if (res.destroyed) return status;
  }
  res.end(fault?.slowBodyMs ? undefined : bytes);
  return status;
}
