// Retries jitter with Math.random() where no seam reaches (a source builds its own retry policy):
// a test fixes it for the length of one call, so waits and deadlines come out exact.
import { vi } from 'vitest';

/** Runs `work` with Math.random() returning `value`, then puts it back. */
export async function withRandom<T>(value: number, work: () => Promise<T>): Promise<T> {
  const random = vi.spyOn(Math, 'random').mockReturnValue(value);
  try {
    return await work();
  } finally {
    random.mockRestore();
  }
}
