// The built package works from both `import` (dist/) and `require` (its CommonJS build, dist/cjs/),
// exports exactly its public API from both, ships type declarations, and loads nothing heavy at
// import time (the bundle layout: scripts/build.mjs). Installed from a packed tarball into real
// projects: test/package/consumers.test.ts.
// @module-tag process
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadedModules } from './support/loaded-modules.js';

const root = new URL('..', import.meta.url);
const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'AKIAPACKAGETEST00001', AWS_SECRET_ACCESS_KEY: 'pkgSecretSENTINEL', AWS_EC2_METADATA_DISABLED: 'true' };

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
}

/** The names a declaration file exports as values (classes, functions, constants), sorted: what a module must export at run time. */
function publicValueExports(declarationFile: string): string[] {
  const program = ts.createProgram([declarationFile], { noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [] });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(declarationFile)!)!;
  return checker
    .getExportsOfModule(moduleSymbol)
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return (target.flags & ts.SymbolFlags.Value) !== 0 && !symbol.declarations?.some((declaration) => ts.isTypeOnlyExportDeclaration(declaration));
    })
    .map((symbol) => symbol.name)
    .sort();
}

describe('published package', () => {
  it('works with import', () => {
    const out = run(['--input-type=module', '-e', "import { credentialChain } from 'credchain'; const c = await credentialChain()(); console.log(c.source, c.accessKeyId);"]);
    expect(out.trim()).toBe('env AKIAPACKAGETEST00001');
  });

  it('works with require', () => {
    const out = run(['-e', "const { credentialChain } = require('credchain'); credentialChain()().then((c) => console.log(c.source, c.accessKeyId));"]);
    expect(out.trim()).toBe('env AKIAPACKAGETEST00001');
  });

  it('require() loads the CommonJS build: it works with require(esm) turned off, lazy groups included', () => {
    const home = mkdtempSync(join(tmpdir(), 'credchain-package-'));
    try {
      mkdirSync(join(home, '.aws'));
      writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAPACKAGEPROFILE01\naws_secret_access_key = pkgProfileSecret\n');
      const script = `const { credentialChain } = require('credchain');
credentialChain()().then((c) => console.log(c.source, c.accessKeyId, Object.keys(require.cache).filter((f) => f.includes('/dist/')).map((f) => f.slice(f.indexOf('/dist/') + 6)).join(' ')));`;
      const out = execFileSync(process.execPath, ['--no-experimental-require-module', '-e', script], {
        cwd: root,
        env: { PATH: env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
        encoding: 'utf8',
      });
      const [source, keyId, ...files] = out.trim().split(' ');
      expect([source, keyId]).toEqual(['profile', 'AKIAPACKAGEPROFILE01']);
      expect(files).toEqual(['cjs/index.js', expect.stringMatching(/^cjs\/chunks\/core-[\w-]+\.js$/), expect.stringMatching(/^cjs\/chunks\/profile-[\w-]+\.js$/)]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('exports exactly the public API (the values its declarations export), from import and require alike', () => {
    const declared = publicValueExports(new URL('dist/index.d.ts', root).pathname);
    expect(declared).toContain('credentialChain');
    const imported = JSON.parse(run(['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('credchain')).sort()))"]));
    const required = JSON.parse(run(['-e', "console.log(JSON.stringify(Object.keys(require('credchain')).sort()))"]));
    expect(imported).toEqual(declared);
    expect(required).toEqual(declared);
  });

  it('ships type declarations named by package.json, for import and for require', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(pkg.exports['.'].import.types).toBe('./dist/index.d.ts');
    expect(pkg.exports['.'].require.types).toBe('./dist/cjs/index.d.ts');
    for (const file of ['dist/index.d.ts', 'dist/cjs/index.d.ts']) {
      expect(existsSync(new URL(file, root))).toBe(true);
      expect(readFileSync(new URL(file, root), 'utf8')).toMatch(/credentialChain/);
    }
    // TypeScript reads dist/cjs/*.d.ts as CommonJS declarations because of this file.
    expect(JSON.parse(readFileSync(new URL('dist/cjs/package.json', root), 'utf8'))).toEqual({ type: 'commonjs' });
  });

  it('loads only the env source when env answers: the entry and the core, no signing, bson, SSO, STS, config or CLI code', () => {
    const hook = new URL('test/support/trace-loads.mjs', root).pathname;
    const stderr = execFileSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" --import "${hook}" --input-type=module -e "import { credentialChain } from 'credchain'; await credentialChain()();" 2>&1 1>/dev/null`],
      { cwd: root, env, encoding: 'utf8' },
    );
    const { files, modules, others } = loadedModules(stderr);
    // The public entry and the eager core behind it (a file of its own so the entry exports nothing internal).
    expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/)]);
    // The bundler's module markers are what the next assertion reads: without them it would prove nothing.
    expect(modules).toEqual(expect.arrayContaining(['chain.ts', 'providers/order.ts', 'providers/env.ts']));
    expect(modules.filter((file) => /^(sigv4|sts|sso|cli|emulator|mongodb|config|metadata)\/|^providers\/(?!env\.ts|order\.ts)/.test(file))).toEqual([]);
    expect(others.filter((url) => url.includes('node_modules'))).toEqual([]);
  });

  /** The dist/ files and source modules a cold start of the built package loads, with HOME holding `files`. */
  function coldStartLoads(script: string, files: Record<string, string>, extraEnv: Record<string, string> = {}) {
    const hook = new URL('test/support/trace-loads.mjs', root).pathname;
    const home = mkdtempSync(join(tmpdir(), 'credchain-package-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(home, path, '..'), { recursive: true });
        writeFileSync(join(home, path), text);
      }
      const stderr = execFileSync('/bin/sh', ['-c', `"${process.execPath}" --import "${hook}" --input-type=module -e "${script}" 2>&1 1>/dev/null`], {
        cwd: root,
        env: { PATH: env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
        encoding: 'utf8',
      });
      return loadedModules(stderr);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const nothingFound = "import { credentialChain } from 'credchain'; await credentialChain()().catch(() => {});";

  it('loads the shared config code only when env does not answer and a shared file exists', () => {
    const { files, modules } = coldStartLoads(nothingFound, { '.aws/config': '[profile other]\nregion = eu-west-1\n' });
    expect(modules).toEqual(expect.arrayContaining(['config/load.ts', 'providers/profile.ts']));
    // index.js and the core, the shared-config sources: Node pays per file (scripts/build.mjs GROUPS).
    expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/), expect.stringMatching(/^chunks\/profile-[\w-]+\.js$/)]);
    // Every other source said "not configured" from the environment: no STS, SSO, IMDS, container, web identity or endpoint code was loaded.
    expect(modules.filter((file) => /^(sigv4|sts|sso|cli|emulator|mongodb|metadata)\/|^endpoint\.ts$|^providers\/(imds|container|web-identity)\.ts$/.test(file))).toEqual([]);
  });

  it('no file the library loads imports the core dynamically (bundlers would then keep every export of the core: no tree-shaking for an app that bundles credchain)', () => {
    const chunks = new URL('../dist/chunks/', import.meta.url);
    const core = readdirSync(chunks).find((file) => /^core-[\w-]+\.js$/.test(file))!;
    // The emulator's scenario file is tooling (credchain emulate, the demo), never part of the library's graph.
    const library = readdirSync(chunks).filter((file) => file.endsWith('.js') && !/^scenario(-file)?-/.test(file));
    const importers = library.filter((file) => readFileSync(new URL(file, chunks), 'utf8').includes(`import(\`./${core}\`)`));
    expect(core).toBeDefined();
    expect(importers).toEqual([]);
  });

  it('with neither shared file (a container, a Lambda function), a stat decides: no profile, config or other source code, only the entry and the core', () => {
    const { files, modules } = coldStartLoads(nothingFound, {});
    expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/)]);
    expect(modules).toEqual(expect.arrayContaining(['chain.ts', 'providers/order.ts', 'shared-config-on-demand.ts']));
    expect(modules.filter((file) => /^(config|sigv4|sts|sso|metadata)\/|^providers\/(?!env\.ts|order\.ts)/.test(file))).toEqual([]);
  });

  it('AWS_PROFILE naming a profile with no shared files still stops the chain with its own error (the profile code reports it)', () => {
    const script = "import { credentialChain } from 'credchain'; const e = await credentialChain().explain(); console.error('outcome ' + JSON.stringify(e.trace.map((t) => t.source + ':' + t.outcome)));";
    const hook = new URL('test/support/trace-loads.mjs', root).pathname;
    const home = mkdtempSync(join(tmpdir(), 'credchain-package-'));
    try {
      const stderr = execFileSync('/bin/sh', ['-c', `"${process.execPath}" --import "${hook}" --input-type=module -e "${script}" 2>&1 1>/dev/null`], {
        cwd: root,
        env: { PATH: env.PATH, HOME: home, AWS_PROFILE: 'app', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/never' },
        encoding: 'utf8',
      });
      expect(stderr).toContain('outcome ["env:skipped","sso:skipped","profile:error","process:skipped","web-identity:skipped","container:skipped","imds:skipped"]');
      expect(loadedModules(stderr).modules).toContain('providers/profile.ts');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  describe('each named provider loads only its own code', () => {
    const hook = new URL('test/support/trace-loads.mjs', root).pathname;
    function modulesFor(script: string, extraEnv: Record<string, string> = {}) {
      const home = mkdtempSync(join(tmpdir(), 'credchain-package-named-'));
      try {
        writeFileSync(join(home, 'credentials'), '[default]\naws_access_key_id = AKIAPACKAGEINI000001\naws_secret_access_key = pkgIniSecret\n');
        const stderr = execFileSync('/bin/sh', ['-c', `"${process.execPath}" --import "${hook}" --input-type=module -e "${script}" 2>&1 1>/dev/null`], {
          cwd: root,
          env: { ...env, HOME: home, AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config'), ...extraEnv },
          encoding: 'utf8',
        });
        return loadedModules(stderr);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
    const heavy = /^(sigv4|sts|sso|cli|emulator|mongodb|metadata)\//;

    it('fromEnv: index.js and the core alone', () => {
      const { files, modules } = modulesFor("import { fromEnv } from 'credchain'; await fromEnv()();");
      expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/)]);
      expect(modules).toEqual(expect.arrayContaining(['named-providers/from-env.ts', 'providers/env.ts']));
    });

    it('fromIni with static keys: the profile code and config, no STS, SSO, metadata or signing', () => {
      const { modules } = modulesFor("import { fromIni } from 'credchain'; await fromIni()();");
      expect(modules).toEqual(expect.arrayContaining(['providers/profile.ts', 'config/load.ts']));
      expect(modules.filter((file) => heavy.test(file) || /^providers\/(web-identity|container|imds)\.ts$/.test(file))).toEqual([]);
    });

    it('fromTokenFile with a missing token file: the web identity source (and the endpoint resolver it shares a file with), no profile, config, STS or SSO code', () => {
      const { modules } = modulesFor("import { fromTokenFile } from 'credchain'; await fromTokenFile()().catch(() => {});", {
        AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/r',
      });
      expect(modules).toEqual(expect.arrayContaining(['providers/web-identity.ts']));
      expect(modules.filter((file) => /^(sigv4|sts|sso|cli|emulator|mongodb)\/|^metadata\/imds-|^config\/|^providers\/(profile|sso|process)\.ts$/.test(file))).toEqual([]);
    });

    it('createCredentialChain(fromEnv()): index.js and the core alone', () => {
      const { files } = modulesFor("import { createCredentialChain, fromEnv } from 'credchain'; await createCredentialChain(fromEnv())();");
      expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/)]);
    });
  });
});
