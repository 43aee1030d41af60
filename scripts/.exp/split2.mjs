const [indexPath, chunkPath] = process.argv.slice(2);
const us = () => Number(process.hrtime.bigint() / 1000n);
performance.now();
const lib = await import(indexPath);
if (chunkPath) await import(chunkPath);
const t0 = us();
try { await lib.credentialChain()(); } catch {}
const t1 = us();
console.log(t0, t1, (t1 - t0) / 1000);
