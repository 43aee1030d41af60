// In-process figures for one library, in a fresh process with a synthetic environment:
//   throughput — calls/s of a warm (cached) provider, awaited one after another;
//   burst      — N concurrent first calls on a cold provider (the parent counts upstream requests).
//
//   node bench/in-process-child.mjs throughput|burst credchain|sdk <url of dist/index.js> [N or ms]
//
// Prints one JSON line (with the process's peak RSS); never a secret (only access key ids leave the process).

const [mode, lib, credchainUrl, amountText] = process.argv.slice(2);

const library = lib === 'credchain' ? await import(credchainUrl) : await import('@aws-sdk/credential-providers');
const provider = lib === 'credchain' ? library.credentialChain() : library.fromNodeProviderChain();

function errorLine(error) {
  return `${error?.name ?? 'Error'}: ${String(error?.message ?? error).split('\n')[0].slice(0, 300)}`;
}

let result;
try {
  if (mode === 'throughput') {
    const durationMs = Number(amountText ?? 1000);
    const { accessKeyId } = await provider();
    // Warm the JIT on the cached path before timing it.
    for (let i = 0; i < 10_000; i += 1) await provider();
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < durationMs) {
      for (let i = 0; i < 1000; i += 1) await provider();
      calls += 1000;
      elapsed = performance.now() - start;
    }
    result = { ok: true, accessKeyId, callsPerSecond: (calls / elapsed) * 1000, calls };
  } else if (mode === 'burst') {
    const count = Number(amountText ?? 10_000);
    const start = performance.now();
    const settled = await Promise.allSettled(Array.from({ length: count }, () => provider()));
    const ms = performance.now() - start;
    const fulfilled = settled.filter((outcome) => outcome.status === 'fulfilled');
    const keyIds = [...new Set(fulfilled.map((outcome) => outcome.value.accessKeyId))];
    const firstError = settled.find((outcome) => outcome.status === 'rejected');
    result = {
      ok: fulfilled.length === count,
      fulfilled: fulfilled.length,
      accessKeyIds: keyIds,
      ms,
      ...(firstError ? { error: errorLine(firstError.reason) } : {}),
    };
  } else {
    result = { ok: false, error: `unknown mode ${mode}` };
  }
} catch (error) {
  result = { ok: false, error: errorLine(error) };
}

process.stdout.write(`${JSON.stringify({ lib, mode, maxRssKb: process.resourceUsage().maxRSS, ...result })}\n`);
