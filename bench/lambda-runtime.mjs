// What the Lambda Node.js runtime does with a bundled function, cut to the part that matters here:
// load the handler file (CommonJS through require, .mjs through import), call the exported handler
// once with an event, print the result as one JSON line, and exit (Lambda freezes the process; the
// open MongoDB pool must not keep this one alive). Also reports which AWS SDK modules were loaded
// and how long the process took from its start to the handler's answer (performance.now(), and the
// CPU time process.cpuUsage() counts by then).
//
//   node lambda-runtime.mjs /path/to/index.js '{"orderId":"order-2"}'
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [file, eventJson = '{}'] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'local', getRemainingTimeInMillis: () => 30_000 };
try {
  const loaded = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  const response = await loaded.handler(JSON.parse(eventJson), context);
  const readyMs = performance.now();
  // CPU time too: on a shared machine the wall time mostly measures the wait for a core.
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // Lambda keeps the process after the answer (for the next invocation), so what the function logs
  // in the background still reaches its log: let it run a moment before exiting.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const sdkModules = Object.keys(require.cache).filter((id) => /[\\/]node_modules[\\/](?:@aws-sdk|@smithy)[\\/]/.test(id));
  process.stdout.write(`${JSON.stringify({ ok: true, response, readyMs, cpuMs, sdkModules })}\n`);
  process.exit(0);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: `${error?.name}: ${error?.message}` })}\n`);
  process.exit(1);
}
