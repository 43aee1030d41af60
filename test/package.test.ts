// The built package works from both `import` and `require` (Node >= 20.19 loads the ESM build
// through require(esm)), ships type declarations, and loads nothing heavy at import time.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const env = { PATH: process.env.PATH ?? '', AWS_ACCESS_KEY_ID: 'AKIAPACKAGETEST00001', AWS_SECRET_ACCESS_KEY: 'pkgSecretSENTINEL', AWS_EC2_METADATA_DISABLED: 'true' };

function run(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
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

  it('ships type declarations named by package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect(existsSync(new URL('dist/index.d.ts', root))).toBe(true);
    expect(readFileSync(new URL('dist/index.d.ts', root), 'utf8')).toMatch(/credentialChain/);
  });

  it('loads only the env source when env answers: no signing, bson, SSO, STS, config or CLI code', () => {
    const hook = new URL('test/support/trace-loads.mjs', root).pathname;
    const loads = execFileSync(
      '/bin/sh',
      ['-c', `"${process.execPath}" --import "${hook}" --input-type=module -e "import { credentialChain } from 'credchain'; await credentialChain()();" 2>&1 1>/dev/null`],
      { cwd: root, env, encoding: 'utf8' },
    )
      .split('\n')
      .filter((line) => line.startsWith('load '))
      .map((line) => line.slice('load '.length));
    const ours = loads.filter((url) => url.includes('/dist/')).map((url) => url.slice(url.indexOf('/dist/') + 6));
    expect(ours).toContain('index.js');
    expect(ours).toContain('providers/env.js');
    expect(ours.filter((file) => /^(sigv4|sts|cli|emulator|mongodb|config)\/|providers\/(sso|imds|container|web-identity|profile)/.test(file))).toEqual([]);
    expect(loads.filter((url) => url.includes('node_modules'))).toEqual([]);
  });
});
