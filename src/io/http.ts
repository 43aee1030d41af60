// The real HTTP client behind Context.request: node:http/https, one deadline for the whole
// exchange, no redirects, no connection reuse (nothing is left open when a call ends). Behind a proxy it
// goes where Node's own environment-proxy support sends it (NODE_USE_ENV_PROXY=1 with HTTPS_PROXY /
// NO_PROXY, Node 22.21+ and 24.5+), except for loopback and link-local hosts (IMDS, the container
// endpoint), which are always reached directly.

import type { Agent } from 'node:http';
import type { HttpRequest, HttpResponse } from './types.js';
import { dottedQuad } from '../digits.js';
import { NetworkError } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** The agents of an SDK `requestHandler` given as NodeHttpHandler options (`{ httpsAgent }`): used as given. */
export interface NodeAgents {
  httpAgent?: Agent | undefined;
  httpsAgent?: Agent | undefined;
}

export async function nodeRequest(req: HttpRequest, agents: NodeAgents = {}): Promise<HttpResponse> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new NetworkError('unsupported', `unsupported URL scheme ${url.protocol}`, safeUrl(url));
  }
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const agent = (url.protocol === 'https:' ? agents.httpsAgent : agents.httpAgent) ?? envProxyAgent(transport, url);
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(error);
      } else resolve(response!);
    };
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined && !hasHeader(headers, 'content-length')) {
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    const request = transport.request(url, { method: req.method, headers, agent });
    const timer = setTimeout(
      () => finish(new NetworkError('timeout', `no complete answer within ${req.timeoutMs} ms`, safeUrl(url))),
      req.timeoutMs,
    );
    request.on('error', (error: NodeJS.ErrnoException) => finish(toNetworkError(error, url)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish(new NetworkError('too-large', `reply larger than ${MAX_BODY_BYTES} bytes`, safeUrl(url)));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error: NodeJS.ErrnoException) => finish(toNetworkError(error, url)));
      response.on('aborted', () => finish(new NetworkError('reset', 'connection closed before the reply ended', safeUrl(url))));
      response.on('end', () => {
        if (!response.complete) {
          finish(new NetworkError('reset', 'connection closed before the reply ended', safeUrl(url)));
          return;
        }
        const lower: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish(undefined, { status: response.statusCode ?? 0, headers: lower, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.end(req.body);
  });
}

/**
 * A fresh agent that goes through the proxy Node chose from the environment, when Node has environment
 * proxies on (its global agent then carries `proxyEnv`: NODE_USE_ENV_PROXY=1 or --use-env-proxy), so
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply exactly as Node applies them; else `false`, a direct connection.
 * Fresh and without keep-alive, so nothing stays open after the call (the global agent keeps sockets).
 * Loopback and link-local hosts never go through a proxy: a metadata endpoint answers only on this machine.
 */
function envProxyAgent(transport: typeof import('node:http') | typeof import('node:https'), url: URL): Agent | false {
  if (isLocalHost(url.hostname)) return false;
  const proxyEnv = (transport.globalAgent as { options?: { proxyEnv?: unknown } }).options?.proxyEnv;
  if (!proxyEnv) return false;
  return new transport.Agent({ keepAlive: false, proxyEnv } as ConstructorParameters<typeof transport.Agent>[0]);
}

/**
 * Loopback (127.0.0.0/8, ::1, localhost) and link-local hosts (169.254.0.0/16, fe80::/10), and the EC2/EKS
 * metadata range fd00:ec2::/32 (IMDS and Pod Identity over IPv6): `hostname` as URL normalizes it.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const quad = dottedQuad(host);
  if (quad && (quad[0] === '127' || (quad[0] === '169' && quad[1] === '254'))) return true;
  if (!host.startsWith('[')) return false;
  return host === '[::1]' || /^\[fe[89ab][0-9a-f]:/.test(host) || /^\[fd00:ec2:/.test(host);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The URL without query string or credentials: safe to show. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** A failed connection as credchain's NetworkError: its kind from the error code, never its message. */
export function toNetworkError(error: NodeJS.ErrnoException, url: URL): NetworkError {
  const where = safeUrl(url);
  switch (error.code) {
    case 'ECONNREFUSED':
      return new NetworkError('refused', 'connection refused', where);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new NetworkError('dns', `host ${url.hostname} not found`, where);
    case 'ECONNRESET':
    case 'EPIPE':
      return new NetworkError('reset', 'connection reset', where);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new NetworkError('unreachable', 'host unreachable', where);
    default:
      return new NetworkError('other', error.code ? `network error ${error.code}` : 'network error', where);
  }
}
