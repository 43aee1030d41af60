// The real HTTP client behind Context.request: node:http/https, one deadline for the whole
// exchange, no redirects, no connection reuse (nothing is left open when a call ends).

import type { HttpRequest, HttpResponse } from './types.js';
import { NetworkError } from '../errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function nodeRequest(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new NetworkError('unsupported', `unsupported URL scheme ${url.protocol}`, safeUrl(url));
  }
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
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
    const request = transport.request(url, { method: req.method, headers, agent: false });
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

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The URL without query string or credentials: safe to show. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function toNetworkError(error: NodeJS.ErrnoException, url: URL): NetworkError {
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
