// A connection flood from another local process (connection-flood.mjs), and the request of the
// token holder it must not lock out: for the serve flood test and the hostile-input matrix.
import { spawn } from 'node:child_process';
import { request } from 'node:http';

const FLOOD = new URL('./connection-flood.mjs', import.meta.url).pathname;

export interface Flood {
  /** Whether the flooding process still runs. */
  running(): boolean;
  /** Stops the flood; what it saw, when it still ran (else undefined). */
  stop(): Promise<FloodReport | undefined>;
}

export interface FloodReport {
  opened: number;
  /** Its sockets that the server closed (each was opened again at once). */
  closed: number;
  /** The age, from connect to close, of the longest-lived socket the server closed: a header deadline closes none younger than itself. */
  longestClosedMs: number;
}

/** `count` connections to 127.0.0.1:`port` that never finish a request, reopened when closed; resolves once all were opened. */
export function startFlood(port: number, count: number): Promise<Flood> {
  const child = spawn(process.execPath, [FLOOD, String(port), String(count)], { stdio: ['ignore', 'pipe', 'ignore'] });
  let printed = '';
  const report = (): FloodReport | undefined => {
    const match = /opened (\d+), closed (\d+), longest-lived closed (\d+) ms/.exec(printed);
    return match ? { opened: Number(match[1]), closed: Number(match[2]), longestClosedMs: Number(match[3]) } : undefined;
  };
  const flood: Flood = {
    running: () => child.exitCode === null && child.signalCode === null,
    stop: () => new Promise((resolve) => (flood.running() ? (child.once('close', () => resolve(report())), child.kill('SIGTERM')) : resolve(undefined))),
  };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes('ready')) resolve(flood);
    });
    child.once('exit', (code) => reject(new Error(`the flood exited early (${code})`)));
  });
}

/** GET `url` with the token on a new connection: the status, and the time from connecting to the end of the answer. */
export function getWithToken(url: string, token: string): Promise<{ status: number; ms: number }> {
  const begin = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { agent: false, headers: { authorization: token } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - begin }));
    })
      .on('error', reject)
      .end();
  });
}
