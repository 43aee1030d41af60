// A bundled app keeps credchain's lazily loaded groups lazy: package.json's "module" condition gives
// bundlers the ESM build even for a `require('credchain')` (the MongoDB driver requires the SDK's name),
// so with code splitting the sources' code lands in chunks loaded on first use and a cold start loads
// the core alone. Sizes: bench/bundle-size.mjs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let app: string;
beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'credchain-bundled-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'credchain'));
  writeFileSync(join(app, 'handler.cjs'), "const { fromNodeProviderChain } = require('credchain');\nexports.handler = async () => (await fromNodeProviderChain()()).accessKeyId;\n");
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('bundled with code splitting (rolldown)', () => {
  it("a handler that require()s credchain loads its core at start and every source's group on first use", async () => {
    const bundle = await rolldown({ input: join(app, 'handler.cjs'), platform: 'node', resolve: { symlinks: false }, logLevel: 'silent' });
    const { output } = await bundle.generate({ format: 'esm' });
    await bundle.close();
    const chunks = new Map(output.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])));
    const loadedAtStart = new Set<string>();
    const pending = [[...chunks.values()].find((chunk) => chunk.isEntry)!.fileName];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (loadedAtStart.has(name)) continue;
      loadedAtStart.add(name);
      pending.push(...chunks.get(name)!.imports.filter((imported) => chunks.has(imported)));
    }
    const distFiles = (names: Iterable<string>) => [...names].flatMap((name) => chunks.get(name)!.moduleIds.filter((id) => id.includes('/dist/')).map((id) => id.slice(id.indexOf('/dist/') + 1)));
    const atStart = distFiles(loadedAtStart);
    const later = distFiles([...chunks.keys()].filter((name) => !loadedAtStart.has(name)));
    // The ESM build (dist/, not dist/cjs/): its entry and core at start…
    expect(atStart).toEqual(expect.arrayContaining(['dist/index.js', expect.stringMatching(/^dist\/chunks\/core-[\w-]+\.js$/)]));
    expect(atStart.filter((file) => file.startsWith('dist/cjs/'))).toEqual([]);
    // …and every source's group, STS, signing and the command runner in chunks of their own.
    // A group's chunk, or a lazily imported module's own file (dist/sigv4/sign.js), or its shared chunk named after it (dist/chunks/sign-<hash>.js).
    const group = (name: string) => new RegExp(`^dist/(chunks/${name.split('/').at(-1)}-[\\w-]+|${name})\\.js$`);
    // So are the named providers' call-time code (their option checks stay in the core: they throw at creation).
    const calls = ['required-container', 'temporary-credentials', 'web-token'].map((name) => `named-providers/calls/${name}`);
    for (const name of ['profile', 'container', 'imds', 'endpoint', 'sts', 'sso', 'login', 'sigv4/sign', ...calls]) {
      expect(later, name).toContainEqual(expect.stringMatching(group(name)));
      expect(atStart.filter((file) => group(name).test(file)), name).toEqual([]);
    }
  });
});
