// Builds dist/ from src/ with tsc (one ESM build: Node >= 20.19 can require() it too).
import { rmSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// --clean starts from nothing; the default overwrites in place so concurrent test runs never see an empty dist/.
if (process.argv.includes('--clean')) rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], {
  stdio: 'inherit',
  cwd: new URL('..', import.meta.url),
});
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
