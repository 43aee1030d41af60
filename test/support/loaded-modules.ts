// Which credchain source modules a subprocess of the built package loaded. Input: the stderr of a
// process run with test/support/trace-loads.mjs ("load <url>" lines). dist/ files are bundles, so
// each one is mapped to the src/ modules it holds through the bundler's `// src/<path>.ts` markers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LoadedModules {
  /** dist/ files loaded, relative to dist/ (e.g. `index.js`, `chunks/profile-1a2b3c.js`). */
  files: string[];
  /** Source modules inside those files, relative to src/ (e.g. `providers/env.ts`). */
  modules: string[];
  /** Every other file: URL loaded (node_modules…). */
  others: string[];
}

export function loadedModules(stderr: string): LoadedModules {
  const urls = stderr
    .split('\n')
    .filter((line) => line.startsWith('load '))
    .map((line) => line.slice('load '.length).trim());
  const ours = urls.filter((url) => url.includes('/dist/'));
  const modules = ours.flatMap((url) => [...readFileSync(fileURLToPath(url), 'utf8').matchAll(/^\/\/ src\/(\S+\.ts)$/gm)].map((match) => match[1]!));
  return {
    files: ours.map((url) => url.slice(url.indexOf('/dist/') + '/dist/'.length)),
    modules: [...new Set(modules)],
    others: urls.filter((url) => !url.includes('/dist/')),
  };
}
