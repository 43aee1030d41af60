// The house rules of src/, checked on the import graph (static, type-only and dynamic import()):
// the library core (everything `import 'credchain'` can ever load) never reaches the tooling, every
// core module sits in one layer and imports only its own layer or the ones below, no module takes
// part in an import circle, and tooling has its own errors.
import { describe, expect, it } from 'vitest';
import { importGraph, importsOf, reachable, sourceModules, type ImportEdge } from '../support/import-graph.js';

/** Tooling: the CLI, the loopback emulator and the MongoDB code (atlas-check, wire protocol, MONGODB-AWS payload). */
const TOOLING = ['cli/', 'emulator/', 'mongodb/'];

/**
 * The core's layers, bottom up (a folder ends in /). A module imports its own layer or lower ones:
 * the services below the sources take typed call structs and throw CredentialsProviderError, and never
 * see the chain's options, sources or state.
 */
const LAYERS: ReadonlyArray<{ name: string; modules: readonly string[] }> = [
  {
    name: 'foundation',
    modules: [
      'context.ts', 'io/', 'errors.ts', 'trace.ts', 'outside-text.ts', 'credentials.ts', 'refresh.ts', 'retry.ts', 'json-object.ts',
      'named-file.ts', 'did-you-mean.ts', 'caller-config.ts', 'profile-selection.ts', 'imds-disabled.ts', 'outside-values.ts', 'command-secrets.ts', 'service-client.ts',
      'shared-file-paths.ts', 'digits.ts',
    ],
  },
  { name: 'services', modules: ['config/', 'shared-config-cache.ts', 'profile-section.ts', 'endpoint.ts', 'known-regions.ts', 'sigv4/', 'sts/', 'sso/', 'login/', 'metadata/', 'driver-sdk-note.ts', 'driver-sdk-message.ts'] },
  { name: 'sources', modules: ['source.ts', 'source-settings.ts', 'options.ts', 'client-config.ts', 'shared-config-on-demand.ts', 'providers/'] },
  { name: 'chains', modules: ['chain.ts', 'named-providers/', 'index.ts'] },
];

function layerOf(module: string): number {
  return LAYERS.findIndex((layer) => layer.modules.some((entry) => (entry.endsWith('/') ? module.startsWith(entry) : module === entry)));
}

/** Every edge that goes up a layer: `from → to (from's layer → to's layer)`. */
function upwardEdges(graph: Map<string, ImportEdge[]>): string[] {
  return [...graph.values()]
    .flat()
    .filter((edge) => layerOf(edge.from) !== -1 && layerOf(edge.to) > layerOf(edge.from))
    .map((edge) => `${edge.from} → ${edge.to} (${LAYERS[layerOf(edge.from)]!.name} → ${LAYERS[layerOf(edge.to)]!.name})`);
}

/** The import circles of the graph: its strongly connected components of two or more modules. */
function circles(graph: Map<string, ImportEdge[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (module: string): void => {
    index.set(module, counter);
    low.set(module, counter++);
    stack.push(module);
    onStack.add(module);
    for (const { to } of graph.get(module) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(module, Math.min(low.get(module)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(module, Math.min(low.get(module)!, index.get(to)!));
    }
    if (low.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1) found.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return found;
}

function toolingReachedFrom(graph: Map<string, ImportEdge[]>, entry: string): string[] {
  return [...reachable(graph, entry)].filter(([module]) => TOOLING.some((folder) => module.startsWith(folder))).map(([, path]) => path.join(' → '));
}

describe('core vs tooling', () => {
  const graph = importGraph();

  it('the core (src/index.ts and everything it can load, dynamic imports included) never reaches the CLI, the emulator or the MongoDB code', () => {
    expect(graph.has('index.ts')).toBe(true);
    expect(toolingReachedFrom(graph, 'index.ts')).toEqual([]);
  });

  it('the checker sees a dynamic import() of tooling deep in the core', () => {
    const tampered = new Map(graph);
    const edges = importsOf('providers/imds.ts', "const x = await import('../cli/main.js');");
    tampered.set('providers/imds.ts', [...(graph.get('providers/imds.ts') ?? []), ...edges]);
    expect(edges).toEqual([{ from: 'providers/imds.ts', to: 'cli/main.ts', kind: 'dynamic' }]);
    expect(toolingReachedFrom(tampered, 'index.ts')[0]).toMatch(/^index\.ts → .* → providers\/imds\.ts → cli\/main\.ts/);
  });

  it('the checker sees type-only and re-export edges too', () => {
    expect(importsOf('errors.ts', "import type { Scenario } from './emulator/scenario.js';\nexport { x } from './mongodb/uri.js';").map((e) => [e.to, e.kind])).toEqual([
      ['emulator/scenario.ts', 'type'],
      ['mongodb/uri.ts', 'static'],
    ]);
  });

  it('no folder cycle between the signer and the MongoDB code: sigv4/ never imports mongodb/', () => {
    const offending = [...graph.values()].flat().filter((e) => e.from.startsWith('sigv4/') && e.to.startsWith('mongodb/'));
    expect(offending).toEqual([]);
  });
});

describe('layers', () => {
  const graph = importGraph();

  it('every module of src/ is tooling or in exactly one layer of the core', () => {
    const unplaced = sourceModules().filter((module) => !TOOLING.some((folder) => module.startsWith(folder)) && layerOf(module) === -1);
    expect(unplaced).toEqual([]);
    const twice = sourceModules().filter((module) => LAYERS.filter((layer) => layer.modules.some((entry) => (entry.endsWith('/') ? module.startsWith(entry) : module === entry))).length > 1);
    expect(twice).toEqual([]);
  });

  it('no core module imports a layer above its own (the services never see the chain, its options or its state)', () => {
    expect(upwardEdges(graph)).toEqual([]);
  });

  it('the checker sees an upward edge, type-only ones included', () => {
    const tampered = new Map(graph);
    tampered.set('login/cache.ts', [...(graph.get('login/cache.ts') ?? []), ...importsOf('login/cache.ts', "import type { SourceInput } from '../source.js';")]);
    expect(upwardEdges(tampered)).toEqual(['login/cache.ts → source.ts (services → sources)']);
  });
});

describe('import circles', () => {
  const graph = importGraph();

  it('src/ has none: no module reaches itself through static, type-only or dynamic imports', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('the checker finds a circle closed by a type-only import (Context loads its adapters with a dynamic import)', () => {
    const tampered = new Map(graph);
    tampered.set('io/types.ts', [...(graph.get('io/types.ts') ?? []), ...importsOf('io/types.ts', "import type { Logger } from '../context.js';")]);
    const found = circles(tampered);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(expect.arrayContaining(['context.ts', 'io/types.ts', 'io/http.ts']));
  });
});

describe('tooling errors', () => {
  it('a bad emulator scenario is a ScenarioError, not a broken credential source, and the CLI exits 5 for it (not 3)', async () => {
    const [{ resolveScenario, ScenarioError }, { CredentialsProviderError }, { reportError }, { EXIT }] = await Promise.all([
      import('../../src/emulator/scenario.js'),
      import('../../src/errors.js'),
      import('../../src/cli/errors.js'),
      import('../../src/cli/exit-codes.js'),
    ]);
    let error: unknown;
    try {
      resolveScenario({ accountId: 'not-an-account' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error).not.toBeInstanceOf(CredentialsProviderError);
    const printed: string[] = [];
    expect(reportError({ out: () => undefined, err: (text: string) => printed.push(text) } as never, error, false)).toBe(EXIT.scenarioFailed);
    expect(printed.join('')).toMatch(/accountId must be 12 digits/);
  });
});
