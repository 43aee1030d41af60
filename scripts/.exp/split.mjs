// Cold: import index, then the providers chunk, then resolve; prints the three times.
const [indexPath, chunkPath] = process.argv.slice(2);
performance.now();
let t = performance.now();
const lib = await import(indexPath);
const a = performance.now() - t; t = performance.now();
if (chunkPath) await import(chunkPath);
const b = performance.now() - t; t = performance.now();
let ok;
try { await lib.credentialChain()(); ok = true; } catch { ok = false; }
const c = performance.now() - t; t = performance.now();
let d;
try { await lib.credentialChain()(); } catch {} d = performance.now() - t;
console.log(JSON.stringify({ a, b, c, d, ok }));
