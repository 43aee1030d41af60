// SigV4 hash micro-benchmark: @smithy/signature-v4 driven by @aws-crypto/sha256-js versus the node:crypto
// class in src/sigv4/node-sha256.ts. Cold start = a fresh process importing signer + hash and making the
// first signature; hot = per-signature cost after warm-up. Runs against dist/ (node scripts/build.mjs first).
//
//   node bench/sigv4-hash.mjs [--runs 21] [--signatures 5000]

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { root, spawnNode } from './harness.mjs';
import { median } from './stats.mjs';

const VARIANTS = {
  'sha256-js': { module: '@aws-crypto/sha256-js', exportName: 'Sha256' },
  'node:crypto': { module: pathToFileURL(join(root, 'dist/sigv4/node-sha256.js')).href, exportName: 'NodeSha256' },
};
/** The production module end to end (node:crypto inside), for reference. */
const PRODUCTION = 'dist sign.js';

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
  if (variant === PRODUCTION) {
    const { signRequest } = await import(pathToFileURL(join(root, 'dist/sigv4/sign.js')).href);
    return (now) => signRequest(REQUEST, CREDENTIALS, SCOPE, now);
  }
  const { module, exportName } = VARIANTS[variant];
  const [{ SignatureV4 }, hashModule] = await Promise.all([import('@smithy/signature-v4'), import(module)]);
  const signer = new SignatureV4({ credentials: CREDENTIALS, region: SCOPE.region, service: SCOPE.service, sha256: hashModule[exportName] });
  const url = new URL(REQUEST.url);
  const request = { method: REQUEST.method, protocol: url.protocol, hostname: url.hostname, path: url.pathname, query: {}, headers: { ...REQUEST.headers, host: url.host }, body: REQUEST.body };
  return async (now) => (await signer.sign(request, { signingDate: now })).headers;
}

async function parent(runs, signatures) {
  const script = new URL(import.meta.url).pathname;
  const names = [...Object.keys(VARIANTS), PRODUCTION];
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
  const header = ['hash', 'import ms', 'first signature ms', 'import+first ms', 'process wall ms', `per signature µs (${signatures})`];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`SigV4 hash: medians of ${runs} fresh processes each (Node ${process.version}, ${process.platform}/${process.arch})`);
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
}
