// Records which AWS host each HTTPS call was made to and answers it from the loopback emulator: nock
// intercepts every request to *.amazonaws.com / *.api.aws before DNS (nothing leaves the machine), keeps
// the host, and forwards method, path, headers (Host included, so SigV4 still verifies) and body to the emulator.
import { request } from 'node:http';
import nock from 'nock';
import { interceptingNock } from './nock.js';

const AWS_HOSTS = /\.amazonaws\.com(\.cn)?(:443)?$|\.api\.aws(:443)?$/;

export interface HostRecorder {
  /** `host` of each intercepted request, in order. */
  readonly hosts: string[];
  stop(): void;
}

export function recordAwsHosts(emulatorUrl: string): HostRecorder {
  const target = new URL(emulatorUrl);
  const hosts: string[] = [];
  interceptingNock()(AWS_HOSTS)
    .persist()
    .post(/.*/)
    .reply(function (this: { req: { headers: Record<string, string> } }, path, body, callback) {
      const headers = { ...this.req.headers };
      hosts.push(headers.host!.replace(/:443$/, ''));
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      const forward = request({ host: target.hostname, port: target.port, method: 'POST', path, headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, [response.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'), { 'content-type': response.headers['content-type'] ?? 'text/xml' }]));
      });
      forward.on('error', (error) => callback(error, [500, '']));
      forward.end(text);
    });
  return {
    hosts,
    stop: () => nock.cleanAll(),
  };
}
