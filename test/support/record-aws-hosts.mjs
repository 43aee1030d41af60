// --import hook for subprocess tests (the subprocess counterpart of sts-host-recorder.ts, which does
// this inside the test process): every HTTPS request to an AWS host (*.amazonaws.com, *.api.aws) is
// intercepted by nock before DNS — nothing leaves the machine — its host is appended to the file
// RECORD_AWS_HOSTS_FILE names, and it is answered by the loopback emulator at RECORD_AWS_HOSTS_FORWARD
// (method, path, headers with Host, body: SigV4 still verifies).
//
//   node --import <repo>/test/support/record-aws-hosts.mjs app.js
import { appendFileSync } from 'node:fs';
import { request } from 'node:http';
import nock from 'nock';

const AWS_HOSTS = /\.amazonaws\.com(\.cn)?(:443)?$|\.api\.aws(:443)?$/;
const file = process.env.RECORD_AWS_HOSTS_FILE;
const target = new URL(process.env.RECORD_AWS_HOSTS_FORWARD ?? '');

nock(AWS_HOSTS)
  .persist()
  .post(/.*/)
  .reply(function (path, body, callback) {
    const headers = { ...this.req.headers };
    appendFileSync(file, `${headers.host.replace(/:443$/, '')}\n`);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const forward = request({ host: target.hostname, port: target.port, method: 'POST', path, headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => callback(null, [response.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'), { 'content-type': response.headers['content-type'] ?? 'text/xml' }]));
    });
    forward.on('error', (error) => callback(error, [500, '']));
    forward.end(text);
  });
