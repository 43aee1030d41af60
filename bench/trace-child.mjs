// One credchain cold start that prints its explain() trace as JSON: per source, the outcome and the
// milliseconds it took (never a secret: the trace is built to be printed). Used by bench/profile.mjs.
//
//   node bench/trace-child.mjs <url of credchain's dist/index.js>

const { credentialChain } = await import(process.argv[2]);
const started = performance.now();
const explanation = await credentialChain().explain();
const ms = performance.now() - started;
const trace = explanation.trace.map(({ source, outcome, ms: sourceMs, reason }) => ({ source, outcome, ms: sourceMs, reason: reason.split('\n')[0].slice(0, 120) }));
process.stdout.write(`${JSON.stringify({ ok: explanation.ok, ms, trace })}\n`);
