// What a call leaves behind: active handles (sockets, timers) beyond a baseline, and unhandled
// promise rejections — the things that keep a process from exiting at once, or crash it later.

/** Active resources by type (TCPSocketWrap, Timeout, …), from process.getActiveResourcesInfo(). */
export function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Types with more resources now than in `baseline`, e.g. `{ TCPSocketWrap: 1 }`; empty when none. */
function excess(baseline: Map<string, number>, now = activeResources()): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const [type, count] of now) if (count > (baseline.get(type) ?? 0)) extra[type] = count - (baseline.get(type) ?? 0);
  return extra;
}

/**
 * Waits (up to `withinMs`, a few event-loop turns in practice: a closed socket's handle is released on
 * the next turn) until nothing exceeds `baseline`; returns what still does.
 */
export async function leftoverResources(baseline: Map<string, number>, withinMs = 200): Promise<Record<string, number>> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    const extra = excess(baseline);
    if (Object.keys(extra).length === 0 || performance.now() > deadline) return extra;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Records every unhandled rejection from now until `stop()`. */
export function watchUnhandledRejections(): { rejections: unknown[]; stop(): void } {
  const rejections: unknown[] = [];
  const listener = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', listener);
  return { rejections, stop: () => process.off('unhandledRejection', listener) };
}
