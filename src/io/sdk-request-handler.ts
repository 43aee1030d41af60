// An AWS SDK `requestHandler` as credchain's HTTP door: any object with the SDK's `handle(request, options)`
// (NodeHttpHandler, a proxy or instrumented handler, a FetchHttpHandler) carries one request — an
// @smithy/protocol-http HttpRequest-shaped object in, `{ response: { statusCode, headers, body } }` out —
// under credchain's deadline and reply-size limit. Its failures become credchain's NetworkError (the kind
// from the error code, never the message: a handler's error may quote the request, and its headers hold a
// session token; only its name is shown, escaped and cut as outside text). Loaded only when a provider is
// given one (or called by an SDK client that has one).

import { NetworkError } from '../errors.js';
import { outsideText } from '../outside-text.js';
import { MAX_BODY_BYTES, safeUrl, toNetworkError } from './http.js';
import type { HttpRequest, HttpResponse } from './types.js';

/** The request shape an SDK handler takes (@smithy/protocol-http HttpRequest's fields). */
export interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number | undefined;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  /** credchain sends text; the SDK's type allows any body. */
  body?: unknown;
  username?: string | undefined;
  password?: string | undefined;
  fragment?: string | undefined;
}

/** The SDK's RequestHandler: `handle(request, { abortSignal, requestTimeout })` resolving to `{ response }`. */
export interface SdkRequestHandler {
  handle(request: SdkHttpRequest, options?: { abortSignal?: AbortSignal; requestTimeout?: number }): Promise<{ response: SdkHttpResponse }>;
  metadata?: { handlerProtocol?: string };
}

export interface SdkHttpResponse {
  statusCode: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** The SDK's HttpRequest for credchain's request: the URL split into its parts, the query decoded (the handler encodes it). */
export function toSdkRequest(request: HttpRequest): SdkHttpRequest {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const held = query[name];
    query[name] = held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value];
  }
  const sdkRequest: SdkHttpRequest = { method: request.method, protocol: url.protocol, hostname: url.hostname, path: url.pathname, query, headers: { ...request.headers } };
  if (url.port) sdkRequest.port = Number(url.port);
  if (request.body !== undefined) sdkRequest.body = request.body;
  return sdkRequest;
}

/** One exchange through `handler`, within `request.timeoutMs` for the answer and its body. */
export async function requestThroughHandler(handler: SdkRequestHandler, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const where = safeUrl(url);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new NetworkError('timeout', `no complete answer within ${request.timeoutMs} ms`, where));
    }, request.timeoutMs);
  });
  const exchange = async (): Promise<HttpResponse> => {
    let answer: { response: SdkHttpResponse };
    try {
      answer = await handler.handle(toSdkRequest(request), { abortSignal: controller.signal, requestTimeout: request.timeoutMs });
    } catch (error) {
      throw handlerFailure(error, url);
    }
    const response = answer?.response;
    if (!response || typeof response.statusCode !== 'number') {
      throw new NetworkError('other', 'the requestHandler answered without a response and its statusCode', where);
    }
    const body = await readBody(response.body, where).catch((error: unknown) => {
      throw handlerFailure(error, url);
    });
    return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body };
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function handlerFailure(error: unknown, url: URL): NetworkError {
  if (error instanceof NetworkError) return error;
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return new NetworkError('timeout', 'the requestHandler gave up (timeout or abort)', safeUrl(url));
  if (typeof code === 'string') return toNetworkError(error as NodeJS.ErrnoException, url);
  return new NetworkError('other', `the requestHandler failed${typeof name === 'string' && name ? ` (${outsideText(name, 60)})` : ''}`, safeUrl(url));
}

function lowerCaseHeaders(headers: SdkHttpResponse['headers']): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return lower;
}

/** The body as text, whatever the handler answered it as: a Node stream, a web stream, bytes, text or nothing. */
async function readBody(body: unknown, where: string): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') {
    checkSize(Buffer.byteLength(body), where);
    return body;
  }
  if (body instanceof Uint8Array) {
    checkSize(body.byteLength, where);
    return Buffer.from(body).toString('utf8');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const take = (chunk: unknown) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    checkSize(size, where);
    chunks.push(bytes);
  };
  if (typeof (body as { getReader?: unknown }).getReader === 'function') {
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        take(value);
      }
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  } else if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    try {
      for await (const chunk of body as AsyncIterable<unknown>) take(chunk);
    } finally {
      (body as { destroy?: () => void }).destroy?.();
    }
  } else {
    throw new NetworkError('other', 'the requestHandler answered a body credchain cannot read (not a stream, bytes or text)', where);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function checkSize(size: number, where: string): void {
  if (size > MAX_BODY_BYTES) throw new NetworkError('too-large', `reply larger than ${MAX_BODY_BYTES} bytes`, where);
}
