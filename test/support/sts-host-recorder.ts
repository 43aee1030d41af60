// Records which AWS host each HTTPS call was made to and answers it from the emulator: nock intercepts
// every request to *.amazonaws.com / *.api.aws before DNS (nothing leaves the machine), keeps the host,
// and hands method, path, headers (Host included, so SigV4 still verifies) and body to the emulator's
// routes in process (emulator.request: the same routes as over its loopback socket, without a second
// socket and its round trip for every call).
import nock from 'nock';
import type { Emulator } from '../../src/emulator/index.js';
import { interceptingNock } from './nock.js';

const AWS_HOSTS = /\.amazonaws\.com(\.cn)?(:443)?$|\.api\.aws(:443)?$/;

export interface HostRecorder {
  /** `host` of each intercepted request, in order. */
  readonly hosts: string[];
  stop(): void;
}

export function recordAwsHosts(emulator: Pick<Emulator, 'url' | 'request'>): HostRecorder {
  const hosts: string[] = [];
  interceptingNock()(AWS_HOSTS)
    .persist()
    .post(/.*/)
    .reply(function (this: { req: { headers: Record<string, string> } }, path, body, callback) {
      const headers = { ...this.req.headers };
      hosts.push(headers.host!.replace(/:443$/, ''));
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      emulator
        .request({ method: 'POST', url: new URL(path, emulator.url).href, headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) }, body: text, timeoutMs: 10_000 })
        .then(
          (response) => callback(null, [response.status, response.body, { 'content-type': response.headers['content-type'] ?? 'text/xml' }]),
          (error: Error) => callback(error, [500, '']),
        );
    });
  return {
    hosts,
    stop: () => nock.cleanAll(),
  };
}
