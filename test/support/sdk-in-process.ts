// The AWS SDK against in-process services: its two HTTP doors led to a Context.request-shaped function
// instead of the network. The STS client takes a `requestHandler` (the SDK's documented seam:
// fromNodeProviderChain({ clientConfig: { requestHandler } })); the IMDS and container providers call
// node:http's request() themselves, so that function is replaced while a simulation runs. Only the
// transport changes: the SDK's retries, timeouts, parsing and timing stay its own.

import { EventEmitter } from 'node:events';
import type * as http from 'node:http';
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../../src/context.js';

export type Send = (request: HttpRequest) => Promise<HttpResponse>;

/** The deadline handed to `send`: none (the SDK's own timeouts stay its own; an in-process emulator's deadline never passes). */
const NO_DEADLINE = Number.POSITIVE_INFINITY;

/** The SDK's HttpRequest, as far as a handler reads it. */
interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** A requestHandler for SDK clients (`clientConfig.requestHandler`): each request goes to `send`. */
export function sdkRequestHandler(send: Send) {
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request: SdkHttpRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(request.query ?? {})) for (const item of [value ?? ''].flat()) query.append(name, item);
      const search = query.size > 0 ? `?${query}` : '';
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${search}`;
      const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : Buffer.from(request.body as Uint8Array).toString('utf8');
      const response = await send({ method: request.method as HttpRequest['method'], url, headers: request.headers, ...(body === undefined ? {} : { body }), timeoutMs: NO_DEADLINE });
      return { response: { statusCode: response.status, headers: response.headers, body: Readable.from([Buffer.from(response.body)]) } };
    },
    updateHttpClientConfig(): void {},
    httpHandlerConfigs(): Record<string, never> {
      return {};
    },
    destroy(): void {},
  };
}

/** Replaces `module.request` (node:http's, which the SDK's metadata providers call) with `send`; returns the undo. */
export function interceptNodeHttpRequest(module: typeof http, send: Send): () => void {
  const original = module.request;
  (module as { request: unknown }).request = (options: http.RequestOptions) => new InProcessClientRequest(options, send);
  return () => void ((module as { request: unknown }).request = original);
}

/** What http.request returns, as far as the SDK uses it: write/end, then a 'response' (or 'error') event. */
class InProcessClientRequest extends EventEmitter {
  #chunks: string[] = [];
  destroyed = false;

  constructor(
    private readonly options: http.RequestOptions,
    private readonly send: Send,
  ) {
    super();
  }

  write(chunk: string | Buffer): boolean {
    this.#chunks.push(chunk.toString());
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.write(chunk);
    const { hostname, host, port, path = '/', method = 'GET', headers = {} } = this.options;
    const where = hostname ?? host ?? 'localhost';
    const url = `http://${where.includes(':') ? `[${where}]` : where}${port ? `:${port}` : ''}${path}`;
    const flatHeaders = Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([name, value]) => [name, String(value)]));
    const body = this.#chunks.join('');
    this.send({ method: method as HttpRequest['method'], url, headers: flatHeaders, ...(body ? { body } : {}), timeoutMs: NO_DEADLINE }).then(
      (response) => {
        if (this.destroyed) return;
        const incoming = Object.assign(Readable.from([Buffer.from(response.body)]), { statusCode: response.status, headers: response.headers });
        this.emit('response', incoming);
      },
      (error: Error) => {
        if (!this.destroyed) this.emit('error', Object.assign(new Error(error.message), { code: 'ECONNREFUSED' }));
      },
    );
    return this;
  }

  setTimeout(): this {
    return this;
  }

  destroy(): this {
    this.destroyed = true;
    return this;
  }
}
