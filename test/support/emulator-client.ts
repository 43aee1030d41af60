// Test-side calls to the loopback emulator: plain HTTP through the real io/http client, and STS calls
// signed independently of credchain's own signer (straight @smithy/signature-v4), so the emulator's
// verification is checked against a second implementation.

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpResponse } from '../../src/context.js';
import { nodeRequest } from '../../src/io/http.js';

export interface RawCall {
  method?: 'GET' | 'PUT' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export function call(baseUrl: string, raw: RawCall): Promise<HttpResponse> {
  return nodeRequest({ method: raw.method ?? 'GET', url: baseUrl + raw.path, headers: raw.headers, body: raw.body, timeoutMs: raw.timeoutMs ?? 5000 });
}

export interface SigningKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** POST / with a form body, SigV4-signed for sts/us-east-1 unless `keys` is undefined (then unsigned). */
export async function stsCall(baseUrl: string, params: Record<string, string>, keys?: SigningKeys, region = 'us-east-1'): Promise<HttpResponse> {
  const url = new URL(baseUrl);
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  let headers: Record<string, string> = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (keys) {
    const signer = new SignatureV4({ credentials: keys, region, service: 'sts', sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body });
    headers = signed.headers as Record<string, string>;
  }
  return nodeRequest({ method: 'POST', url: `${baseUrl}/`, headers, body, timeoutMs: 5000 });
}

/** The text of one XML element (first occurrence). */
export function xmlText(body: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
}
