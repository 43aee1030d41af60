// Builds dist/ once so subprocess tests (CLI, import/require) run the real package.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.CREDCHAIN_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
