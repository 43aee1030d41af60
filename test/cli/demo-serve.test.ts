// The serve demo (npm run demo:serve) end to end: several SDK processes through `credchain serve`,
// one upstream call at the emulator, a clean stop; no unmasked key or token in what it prints.
// @module-tag process
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectNoSecrets } from '../support/run-cli.js';

const root = new URL('../..', import.meta.url).pathname;

describe('scripts/demo-serve.mjs', () => {
  it('3 SDK processes, 1 distinct key, 1 upstream AssumeRole, serve stopped with its token file removed', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/demo-serve.mjs', '--clients', '3'], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/^\$ credchain serve --profile app$/m);
    expect(stdout.match(/^ {2}process \d: key ASIA…[A-Z2-7]{4} in \d+ ms$/gm)).toHaveLength(3);
    expect(stdout).toContain('Distinct keys: 1. The emulator saw 1 request in all:\n  POST / → 200  (sts:AssumeRole)\n');
    expect(stdout).toMatch(/Ctrl-C \(exit 0; token file removed\)/);
    expect(stdout.match(/GET \/credentials → 200/g)).toHaveLength(3);
    expect(stdout).toMatch(/One upstream call for 3 processes\.\n$/);
    expectNoSecrets([stdout, stderr], []);
  }, 60_000);
});
