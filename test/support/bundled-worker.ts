// Runs a TypeScript module in a worker thread of its own and returns what it posts: the module (and
// what it imports from src/ and test/support/) bundled by rolldown (in process: esbuild would start its
// service binary, a child process) into one ES module, loaded from a data: URL, so the worker needs no loader. For a measurement that must see only its own heap — a unit-lane
// worker holds every earlier file's modules (isolate: false), and a heap snapshot of that costs seconds
// and counts objects that are not the subject's. Not a child process: no `process` tag needed.
//
//   const report = await runInWorker<WeekReport>('test/support/refresh-soak-week.ts');
//
// The module posts its result once (parentPort.postMessage) and lets its event loop empty; an
// uncaught error in it rejects here with the worker's error.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function runInWorker<T>(entry: string): Promise<T> {
  const bundle = await rolldown({ input: join(root, entry), platform: 'node', logLevel: 'warn' });
  const { output } = await bundle.generate({ format: 'esm', codeSplitting: false });
  await bundle.close();
  const code = output[0].code;
  const worker = new Worker(new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`));
  return new Promise<T>((resolve, reject) => {
    let result: { value: T } | undefined;
    worker.on('message', (value: T) => (result = { value }));
    worker.on('error', reject);
    worker.on('exit', (code) => (result ? resolve(result.value) : reject(new Error(`${entry}: the worker exited (code ${code}) without posting a result`))));
  });
}
