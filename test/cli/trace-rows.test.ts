// Issue 27, item 5: on a machine with nothing configured each row of `explain` says something short
// of its own — the sso row does not spell out library options at length, the process row does not
// repeat the profile row's miss. In process.
import { describe, expect, it } from 'vitest';
import { captureIO } from '../support/capture-io.js';
import { runMain } from '../support/run-cli.js';

describe('explain rows say something short and their own', () => {
  it('nothing configured: no reason repeats another row, the sso and process rows are short', async () => {
    const cli = captureIO({});
    expect(await runMain(['explain', '--json'], cli.io)).toBe(1);
    const trace = JSON.parse(cli.stdout()).trace as Array<{ source: string; reason: string }>;
    const reason = (source: string) => trace.find((entry) => entry.source === source)!.reason;
    expect(new Set(trace.map((entry) => entry.reason)).size).toBe(trace.length);
    expect(reason('sso')).toBe('only for SSO options in code (an SSO profile resolves under profile)');
    expect(reason('profile')).toMatch(/^profile "default" is not in \S+\/\.aws\/config or \S+\/\.aws\/credentials$/);
    expect(reason('process')).toBe('no credential_process (no profile "default")');
    for (const source of ['sso', 'process']) expect(reason(source).length, source).toBeLessThanOrEqual(70);
  });
});
