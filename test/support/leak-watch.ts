// What a call leaves behind: active handles (sockets, timers) beyond a baseline, unhandled promise
// rejections — the things that keep a process from exiting at once, or crash it later — and, for long
// runs, what stays on the heap.

import { getHeapSnapshot, getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

let exposedGc: (() => void) | undefined;

/**
 * Full collections, with v8's gc exposed for this process at run time (no --expose-gc needed). The
 * function comes from a new vm context, a whole realm of objects: made once, so it is not what a
 * later count finds.
 */
function collectGarbage(): void {
  if (!exposedGc) {
    setFlagsFromString('--expose-gc');
    exposedGc = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 2; i++) exposedGc();
}

/**
 * Bytes of live data after full collections: every heap space but the code spaces, where V8 keeps
 * compiling hot functions long after a program's data stopped growing.
 */
export function liveDataBytes(): number {
  collectGarbage();
  return getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

/**
 * Objects, closures and arrays alive after full collections, counted in a heap snapshot: a leak of one
 * per call or per refresh shows as hundreds or thousands over a long run, whatever the byte noise.
 */
export async function liveObjectCount(): Promise<number> {
  collectGarbage();
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
  const typeField = fields.indexOf('type');
  const counted = new Set(['object', 'closure', 'array'].map((name) => types.indexOf(name)));
  let count = 0;
  for (let i = typeField; i < snapshot.nodes.length; i += fields.length) if (counted.has(snapshot.nodes[i]!)) count++;
  return count;
}
