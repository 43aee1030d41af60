// The import graph of src/: every static import/export-from (type-only ones included) and every
// dynamic import() with a string literal, resolved to src/-relative .ts paths. Used by
// test/architecture/ to keep the library core apart from its tooling.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

export interface ImportEdge {
  from: string;
  to: string;
  kind: 'static' | 'type' | 'dynamic';
}

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The edges leaving one module, given its text (exported for the test that proves the checker works). */
export function importsOf(module: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const target = (specifier: string) => (specifier.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, module)), specifier)).replace(/\.js$/, '.ts') : undefined);
  for (const match of text.matchAll(STATIC)) {
    const to = target(match[3]!);
    if (to) edges.push({ from: module, to, kind: match[2] ? 'type' : 'static' });
  }
  for (const match of text.matchAll(DYNAMIC)) {
    const to = target(match[1]!);
    if (to) edges.push({ from: module, to, kind: 'dynamic' });
  }
  return edges;
}

/** Every .ts module under src/, relative to src/. */
export function sourceModules(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

export function importGraph(modules = sourceModules()): Map<string, ImportEdge[]> {
  return new Map(modules.map((module) => [module, importsOf(module, readFileSync(join(SRC, module), 'utf8'))]));
}

/** Every module reachable from `entry` (static, type and dynamic edges), with the path that reaches it. */
export function reachable(graph: Map<string, ImportEdge[]>, entry: string): Map<string, string[]> {
  const paths = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const module = queue.shift()!;
    for (const edge of graph.get(module) ?? []) {
      if (paths.has(edge.to)) continue;
      paths.set(edge.to, [...paths.get(module)!, edge.to]);
      queue.push(edge.to);
    }
  }
  return paths;
}
