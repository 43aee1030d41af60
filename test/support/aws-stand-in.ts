// The network of the AWS SDK's own "credential-provider-node integration test", replayed on loopback: one
// node:http server answers as that test's mocked request handler does (STS, the SSO portal, the container
// endpoint, IMDS — fixed keys, the region of the host in the session token, expiration in the year 3000),
// and nock hands it every request to a host that is not loopback, before any DNS lookup or connection, with
// its Host header kept. Nothing leaves the machine: a request nock does not match is refused (net connect
// is allowed to loopback only). Every request is recorded (host, method, path, headers, body) so a case
// can check where the inner calls went and what they carried.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { interceptingNock } from './nock.js';

export const FAR_EXPIRATION = '3000-01-01T00:00:00.000Z';
export const ACCOUNT = '123456789012';

export interface RecordedRequest {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface AwsStandIn {
  readonly url: string;
  /** Every request since the last reset(), in arrival order. */
  readonly requests: RecordedRequest[];
  /** Answers the next `count` STS requests with HTTP `status` (an InternalFailure error reply). */
  failNextSts(count: number, status?: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** Any origin but loopback: nock's scope regex is matched against `protocol://host:port`. */
const NOT_LOOPBACK = /^https?:\/\/(?!127\.|localhost[:/]|localhost$|\[::1\])/;

export async function startAwsStandIn(): Promise<AwsStandIn> {
  const requests: RecordedRequest[] = [];
  let stsFailures: { count: number; status: number } = { count: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const host = String(req.headers['x-stand-in-host'] ?? req.headers.host ?? '').replace(/:\d+$/, '');
      const headers = { ...req.headers };
      delete headers['x-stand-in-host'];
      requests.push({ host, method: req.method ?? '', path: req.url ?? '', headers, body });
      const isSts = /Action=/.test(body);
      if (isSts && stsFailures.count > 0) {
        stsFailures.count--;
        res.writeHead(stsFailures.status, { 'content-type': 'text/xml' });
        res.end(`<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>stand-in failure</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
        return;
      }
      const answer = replyFor(host, req, body);
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;

  const nock = interceptingNock();
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const scope = nock(NOT_LOOPBACK).persist();
  for (const method of ['GET', 'PUT', 'POST']) {
    scope.intercept(/.*/, method).reply(function (this: { req: { headers: Record<string, string> } }, path, requestBody, callback) {
      const headers: Record<string, string> = { ...this.req.headers };
      const text = typeof requestBody === 'string' ? requestBody : requestBody === undefined ? '' : JSON.stringify(requestBody);
      headers['x-stand-in-host'] = headers.host ?? '';
      headers['content-length'] = String(Buffer.byteLength(text));
      const forward = httpRequest({ host: '127.0.0.1', port: address.port, method, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, [response.statusCode ?? 500, Buffer.concat(chunks).toString('utf8'), { 'content-type': String(response.headers['content-type'] ?? 'text/plain') }]));
      });
      forward.on('error', (error) => callback(error, [500, '']));
      forward.end(text);
    });
  }

  return {
    url,
    requests,
    failNextSts(count, status = 500) {
      stsFailures = { count, status };
    },
    reset() {
      requests.length = 0;
      stsFailures = { count: 0, status: 500 };
    },
    async close() {
      nock.cleanAll();
      nock.enableNetConnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

const json = (value: unknown): Answer => ({ status: 200, type: 'application/json', body: JSON.stringify(value) });
const xml = (body: string): Answer => ({ status: 200, type: 'text/xml', body });
const plain = (body: string): Answer => ({ status: 200, type: 'text/plain', body });

/** The region a request was meant for: the STS / SSO host's, else the SigV4 scope's (a custom endpoint). */
export function regionOf(host: string, headers: IncomingMessage['headers']): string {
  const fromHost = /^(?:sts|portal\.sso|oidc)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1];
  if (fromHost) return fromHost;
  const scope = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(headers.authorization ?? ''))?.[1];
  return scope ?? 'unsigned';
}

function replyFor(host: string, req: IncomingMessage, body: string): Answer {
  const path = req.url ?? '/';
  if (host === '169.254.170.2' || host === '169.254.170.23') {
    return json({ AccessKeyId: 'CONTAINER_ACCESS_KEY_ID', SecretAccessKey: 'CONTAINER_SECRET_ACCESS_KEY', Token: 'CONTAINER_TOKEN', Expiration: FAR_EXPIRATION });
  }
  if (host === '169.254.169.254') {
    if (req.method === 'PUT' && path === '/latest/api/token') return plain('IMDS_SESSION_TOKEN');
    if (path === '/latest/meta-data/iam/security-credentials/') return plain('ROLE_NAME');
    if (path === '/latest/meta-data/iam/security-credentials/ROLE_NAME') {
      return json({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'IMDS_ACCESS_KEY_ID', SecretAccessKey: 'IMDS_SECRET_ACCESS_KEY', Token: 'IMDS_TOKEN', Expiration: FAR_EXPIRATION, LastUpdated: '2025-01-01T00:00:00Z' });
    }
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
  const region = regionOf(host, req.headers);
  if (host.startsWith('portal.sso.')) {
    return json({
      roleCredentials: { accessKeyId: 'SSO_ACCESS_KEY_ID', secretAccessKey: 'SSO_SECRET_ACCESS_KEY', sessionToken: `SSO_SESSION_TOKEN_${region}`, expiration: FAR_EXPIRATION },
    });
  }
  if (body.includes('Action=AssumeRoleWithWebIdentity')) {
    return xml(stsCredentials('AssumeRoleWithWebIdentity', 'STS_ARWI', region));
  }
  if (body.includes('Action=AssumeRole')) {
    return xml(stsCredentials('AssumeRole', 'STS_AR', region));
  }
  if (body.includes('Action=GetCallerIdentity')) {
    return xml(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/Alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  return { status: 404, type: 'text/plain', body: `the stand-in has no answer for ${req.method} ${host}${path}` };
}

function stsCredentials(action: 'AssumeRole' | 'AssumeRoleWithWebIdentity', prefix: string, region: string): string {
  return `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <Credentials>
      <AccessKeyId>${prefix}_ACCESS_KEY_ID</AccessKeyId>
      <SecretAccessKey>${prefix}_SECRET_ACCESS_KEY</SecretAccessKey>
      <SessionToken>${prefix}_SESSION_TOKEN_${region}</SessionToken>
      <Expiration>${FAR_EXPIRATION}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/assume-role-test/session</Arn>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
    </AssumedRoleUser>
  </${action}Result>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</${action}Response>`;
}

/** A test file's stand-in and the temporary folder its cases' HOMEs go in. */
export interface StandInLab {
  /** The running stand-in (set before the file's first test). */
  readonly standIn: AwsStandIn;
  /** A path for a fresh HOME below the temporary folder, unused so far (the caller creates it). */
  nextHomePath(): string;
}

/** Starts the stand-in and a temporary folder named `prefix…` before the file's tests; closes and removes both after. */
export function useAwsStandIn(prefix: string): StandInLab {
  let standIn: AwsStandIn | undefined;
  let root: string | undefined;
  let n = 0;
  beforeAll(async () => {
    standIn = await startAwsStandIn();
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await standIn?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    get standIn() {
      if (!standIn) throw new Error('the AWS stand-in is not started yet: use it inside a test');
      return standIn;
    },
    nextHomePath() {
      if (!root) throw new Error('the temporary folder is not made yet: use it inside a test');
      return join(root, `home-${++n}`);
    },
  };
}
