// readTextFile(): only regular files, at most maxBytes, never a blocking open; writeFileAtomic()'s
// cleanup of a killed writer's temp files.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRefusedError, readFailureFix, readFailureSuffix } from '../../src/io/file-limits.js';
import { readTextFile, writeFileAtomic } from '../../src/io/files.js';

const dir = mkdtempSync(join(tmpdir(), 'credchain-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTextFile', () => {
  it('reads a regular file, and undefined when nothing is there', async () => {
    writeFileSync(join(dir, 'ok'), 'hello');
    expect(await readTextFile(join(dir, 'ok'))).toBe('hello');
    expect(await readTextFile(join(dir, 'missing'))).toBeUndefined();
    expect(await readTextFile(join(dir, 'ok', 'below-a-file'))).toBeUndefined();
  });

  it('refuses a FIFO at once, without waiting for a writer', { tags: ['process'] }, async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const started = performance.now();
    const error = await readTextFile(join(dir, 'fifo')).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(FileRefusedError);
    expect(readFailureSuffix(error)).toBe(': it is a FIFO (named pipe), not a regular file');
  });

  it('refuses a device and a directory', async () => {
    expect(readFailureSuffix(await readTextFile('/dev/zero').catch((e: unknown) => e))).toBe(': it is a character device, not a regular file');
    const directory = await readTextFile(dir).catch((e: unknown) => e);
    expect(readFailureSuffix(directory)).toBe(': it is a directory');
    expect(readFailureFix(directory, 'unused', 'set AWS_CONFIG_FILE to another file')).toBe(
      `Name the file itself, not a directory (the file meant may be inside ${dir}), or set AWS_CONFIG_FILE to another file`,
    );
  });

  it('refuses a file over maxBytes without reading it; a file of exactly maxBytes is read', async () => {
    writeFileSync(join(dir, 'big'), '');
    truncateSync(join(dir, 'big'), 1024 * 1024 * 1024);
    const error = await readTextFile(join(dir, 'big'), 4096).catch((e: unknown) => e);
    expect(readFailureSuffix(error)).toBe(': it is larger than 4 KiB');
    expect(readFailureFix(error, 'x', 'set AWS_CONFIG_FILE to another file')).toBe('Only files of at most 4 KiB are read here: check that it is the right file, or set AWS_CONFIG_FILE to another file');
    writeFileSync(join(dir, 'exact'), 'x'.repeat(4096));
    expect(await readTextFile(join(dir, 'exact'), 4096)).toHaveLength(4096);
  });

  it('names an ordinary failure by its code', () => {
    expect(readFailureSuffix(Object.assign(new Error('EACCES: permission denied, open /x'), { code: 'EACCES' }))).toBe(' (EACCES)');
  });
});

describe('writeFileAtomic', () => {
  it("removes its own stale temp files for that target, keeps fresh ones and anyone else's", async () => {
    const target = join(dir, 'cache', 'token.json');
    await writeFileAtomic(target, '{}');
    const stale = join(dir, 'cache', '.token.json.0123456789ab.tmp');
    const fresh = join(dir, 'cache', '.token.json.ba9876543210.tmp');
    const otherTarget = join(dir, 'cache', '.other.json.0123456789ab.tmp');
    const notOurs = join(dir, 'cache', '.token.json.notours.tmp');
    for (const path of [stale, fresh, otherTarget, notOurs]) writeFileSync(path, 'x');
    const old = (Date.now() - 3_600_000) / 1000;
    for (const path of [stale, otherTarget, notOurs]) utimesSync(path, old, old);
    await writeFileAtomic(target, '{"new":true}');
    expect(readdirSync(join(dir, 'cache')).sort()).toEqual(['.other.json.0123456789ab.tmp', '.token.json.ba9876543210.tmp', '.token.json.notours.tmp', 'token.json']);
  });
});

describe('every token cache reader says why a file was refused', () => {
  it('the SSO and `aws login` caches: a FIFO is named as such, with a fix that fits', { tags: ['process'] }, async () => {
    const { readSsoToken } = await import('../../src/sso/token-cache.js');
    const { readLoginToken } = await import('../../src/login/cache.js');
    const { defaultContext } = await import('../../src/context.js');
    const cacheFifo = join(dir, 'cache-fifo');
    execFileSync('mkfifo', [cacheFifo]);
    const context = { ...defaultContext(), env: { HOME: dir } };
    for (const read of [() => readSsoToken(context, cacheFifo, 'run `aws sso login`'), () => readLoginToken(context, cacheFifo, 'run `aws login`', () => {})]) {
      const error = (await read().catch((e: unknown) => e)) as Error & { fix?: string };
      expect(error.message).toMatch(/cannot be read: it is a FIFO \(named pipe\), not a regular file/);
      expect(error.fix).toMatch(/^Only regular files are read .*replace it with a regular file, or delete it and run `aws (sso )?login`$/);
    }
  });
});
