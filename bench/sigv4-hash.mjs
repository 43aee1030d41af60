// SigV4 signer micro-benchmark: credchain's own signer (src/sigv4/sign.ts, node:crypto only) versus
// @smithy/signature-v4 — the AWS SDK's signer, now a devDependency — driven by a node:crypto hash (the
// class credchain shipped before) and by @aws-crypto/sha256-js. Cold start = a fresh process importing the
// signer and making the first signature; hot = per-signature cost after warm-up. Runs against dist/
// (node scripts/build.mjs first).
//
//   node bench/sigv4-hash.mjs [--runs 21] [--signatures 5000]

import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root, spawnNode } from './harness.mjs';
import { median } from './stats.mjs';

/** The production module end to end. */
const CREDCHAIN = 'credchain sign.js';
/** smithy with each hash; the node:crypto one is defined below (it was src/sigv4/node-sha256.ts). */
const SMITHY = {
  'smithy + node:crypto': async () => NodeSha256,
  'smithy + sha256-js': async () => (await import('@aws-crypto/sha256-js')).Sha256,
};

/** SHA-256 / HMAC-SHA-256 over node:crypto in the shape smithy's `sha256` option wants. */
class NodeSha256 {
  constructor(secret) {
    this.secret = secret === undefined ? undefined : toBuffer(secret);
    this.reset();
  }
  update(chunk) {
    this.hash.update(toBuffer(chunk));
  }
  async digest() {
    return this.hash.digest();
  }
  reset() {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

function toBuffer(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

// A typical signed STS call, as src/sts/client.ts makes it.
const REQUEST = {
  method: 'POST',
  url: 'https://sts.eu-west-1.amazonaws.com/',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fadmin&RoleSessionName=bench',
};
const CREDENTIALS = { accessKeyId: 'ASIABENCHEXAMPLE0001', secretAccessKey: 'benchSecret/0123456789abcdefghijklmnopqrs', sessionToken: 'benchToken' };
const SCOPE = { region: 'eu-west-1', service: 'sts' };

const { values: args } = parseArgs({
  options: {
    child: { type: 'string' },
    hot: { type: 'string' },
    runs: { type: 'string', default: '21' },
    signatures: { type: 'string', default: '5000' },
  },
});

if (args.child) {
  process.stdout.write(`${JSON.stringify(await child(args.child, Number(args.hot ?? 0)))}\n`);
} else {
  await parent(Number(args.runs), Number(args.signatures));
}

/** One fresh process: import, first signature, then (optionally) `hot` more, timed. */
async function child(variant, hot) {
  const started = performance.now();
  const sign = await loadSigner(variant);
  const imported = performance.now();
  let headers = await sign(new Date('2026-11-22T12:00:00Z'));
  const firstSigned = performance.now();
  if (!/Signature=[0-9a-f]{64}$/.test(headers.authorization)) throw new Error(`${variant}: no signature`);
  let perSignatureUs;
  if (hot > 0) {
    // Each signature at a new second, as real calls are; the signing key is cached per day either way.
    for (let i = 0; i < 1000; i++) await sign(new Date(Date.UTC(2026, 10, 22, 12, 0, i % 60)));
    const hotStart = performance.now();
    for (let i = 0; i < hot; i++) headers = await sign(new Date(Date.UTC(2026, 10, 22, 12, 0, i % 60)));
    perSignatureUs = ((performance.now() - hotStart) * 1000) / hot;
  }
  return {
    // performance.now() counts from process start: `started` is Node's own boot.
    bootMs: started,
    importMs: imported - started,
    firstSignatureMs: firstSigned - imported,
    importAndFirstMs: firstSigned - started,
    perSignatureUs,
  };
}

async function loadSigner(variant) {
  if (variant === CREDCHAIN) {
    const { signRequest } = await import(pathToFileURL(join(root, 'dist/sigv4/sign.js')).href);
    return (now) => signRequest(REQUEST, CREDENTIALS, SCOPE, now);
  }
  const [{ SignatureV4 }, sha256] = await Promise.all([import('@smithy/signature-v4'), SMITHY[variant]()]);
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: SCOPE.region, service: SCOPE.service, sha256 });
  const url = new URL(REQUEST.url);
  const request = { method: REQUEST.method, protocol: url.protocol, hostname: url.hostname, path: url.pathname, query: {}, headers: { ...REQUEST.headers, host: url.host }, body: REQUEST.body };
  return async (now) => (await signer.sign(request, { signingDate: now })).headers;
}

async function parent(runs, signatures) {
  const script = new URL(import.meta.url).pathname;
  const names = [CREDCHAIN, ...Object.keys(SMITHY)];
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  const hot = {};
  // Interleaved so background load hits every variant alike.
  for (let run = 0; run < runs; run++) {
    for (const name of names) {
      const outcome = await spawnNode(script, ['--child', name], { env: process.env, cwd: root });
      if (!outcome.result) throw new Error(`${name}: child failed (${outcome.code}): ${outcome.stderr}`);
      samples[name].push({ ...outcome.result, wallMs: outcome.wallMs });
    }
  }
  for (const name of names) {
    const outcome = await spawnNode(script, ['--child', name, '--hot', String(signatures)], { env: process.env, cwd: root });
    if (!outcome.result) throw new Error(`${name}: hot child failed: ${outcome.stderr}`);
    hot[name] = outcome.result.perSignatureUs;
  }

  const column = (name, key) => median(samples[name].map((sample) => sample[key]));
  const rows = names.map((name) => [
    name,
    column(name, 'importMs').toFixed(2),
    column(name, 'firstSignatureMs').toFixed(2),
    column(name, 'importAndFirstMs').toFixed(2),
    column(name, 'wallMs').toFixed(1),
    hot[name].toFixed(1),
  ]);
  const header = ['signer', 'import ms', 'first signature ms', 'import+first ms', 'process wall ms', `per signature µs (${signatures})`];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`SigV4 signer: medians of ${runs} fresh processes each (Node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}
