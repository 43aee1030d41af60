// The real file system behind Context.readFile / writeFileAtomic.

// Built-ins through process.getBuiltinModule, not `import`: this module ships inside dist/index.js,
// and each `import … from 'node:…'` there costs ~0.5 ms at `import 'credchain'` (bench/README.md).
const fs = () => process.getBuiltinModule('node:fs/promises');
const paths = () => process.getBuiltinModule('node:path');

/** UTF-8 contents, or undefined when nothing is there (ENOENT, or a path through a non-directory). */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await fs().readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Temp file in the same directory, then rename: a reader sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, contents: string, mode = 0o600): Promise<void> {
  const { mkdir, writeFile, rename, unlink } = fs();
  const { dirname, join, basename } = paths();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Loaded here, not at the top: node:crypto costs ~5 ms to load, and every cold start reads files
  // (config, token files) while only an SSO token refresh writes one.
  const { randomBytes } = await import('node:crypto');
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, contents, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
