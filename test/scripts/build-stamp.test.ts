// dist/.build-stamp (scripts/build-stamp.mjs): what makes `build --if-stale`, prepare and the test
// run skip a build. dist/ counts as current only when it is complete and the stamp is the hash of
// every input as it is now — a changed or added source file, or a missing output, means build again.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, sourceHash, writeStamp } from '../../scripts/build-stamp.mjs';

let root: string;
const write = (path: string, text = `// ${path}\n`) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'credchain-build-stamp-'));
  for (const input of ['src/index.ts', 'src/cli/main.ts', 'scripts/build.mjs', 'scripts/build-stamp.mjs', 'tsconfig.json', 'package.json', 'package-lock.json']) write(input);
  for (const output of ['dist/index.js', 'dist/cjs/index.js', 'dist/cli/main.js', 'dist/emulator/index.js', 'dist/emulator/atlas/index.js', 'dist/index.d.ts']) write(output);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('build stamp', () => {
  it('dist/ is current once stamped with the hash of the inputs, and no longer once an input changes', () => {
    expect(buildIsCurrent(root)).toBe(false);
    writeStamp(root, sourceHash(root));
    expect(buildIsCurrent(root)).toBe(true);
    write('src/cli/main.ts', '// edited\n');
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('a new source file, or another file name for the same text, changes the hash; files outside the inputs do not', () => {
    const before = sourceHash(root);
    write('README.md');
    write('test/x.test.ts');
    expect(sourceHash(root)).toBe(before);
    write('src/new.ts');
    const added = sourceHash(root);
    expect(added).not.toBe(before);
    unlinkSync(join(root, 'src/new.ts'));
    write('src/renamed.ts', '// src/new.ts\n');
    expect(sourceHash(root)).not.toBe(added);
  });

  it('a missing output means build again, whatever the stamp says', () => {
    writeStamp(root, sourceHash(root));
    unlinkSync(join(root, 'dist/cli/main.js'));
    expect(buildIsCurrent(root)).toBe(false);
  });
});
