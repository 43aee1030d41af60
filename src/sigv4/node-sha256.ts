// SHA-256 and HMAC-SHA-256 over node:crypto, shaped like the `sha256` constructor @smithy/signature-v4
// expects. Chosen over @aws-crypto/sha256-js because it starts faster (bench/sigv4-hash.mjs has the numbers).

import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What the signer hands us: a string (`AWS4<secret>`) or bytes (a derived key). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

export class NodeSha256 {
  readonly digestLength = 32;
  readonly #secret: Buffer | undefined;
  #hash: Hash | Hmac;

  /** With a secret this is HMAC-SHA-256 keyed by it (the signer derives keys that way), else plain SHA-256. */
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBuffer(secret);
    this.#hash = this.#start();
  }

  update(chunk: SourceData): void {
    this.#hash.update(toBuffer(chunk));
  }

  /** A Buffer is a Uint8Array; handing it over as-is saves a copy per hash. */
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }

  reset(): void {
    this.#hash = this.#start();
  }

  #start(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
