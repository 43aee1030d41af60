// The real file system behind Context.readFile / writeFileAtomic.

import { readFile, writeFile, rename, mkdir, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/** UTF-8 contents, or undefined when nothing is there (ENOENT, or a path through a non-directory). */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Temp file in the same directory, then rename: a reader sees the old file or the new one, never half. */
export async function writeFileAtomic(path: string, contents: string, mode = 0o600): Promise<void> {
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
