// The house rules of src/, checked on the import graph (static, type-only and dynamic import()):
// the library core (everything `import 'credchain'` can ever load) never reaches the tooling, the
// layers below providers/ never see the chain's types, and tooling has its own errors.
import { describe, expect, it } from 'vitest';
import { importGraph, importsOf, reachable, type ImportEdge } from '../support/import-graph.js';

/** Tooling: the CLI, the loopback emulator and the MongoDB code (atlas-check, wire protocol, MONGODB-AWS payload). */
const TOOLING = ['cli/', 'emulator/', 'mongodb/'];
/** Below providers/: typed call structs in, CredentialsProviderError out; no chain types. */
const BELOW_PROVIDERS = ['sts/', 'sso/', 'metadata/', 'config/', 'sigv4/'];
const CHAIN_MODULES = ['source.ts', 'chain.ts'];

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

  it('sts/, sso/, metadata/, config/ and sigv4/ never import the chain or its types (source.ts, chain.ts)', () => {
    const offending = [...graph.values()]
      .flat()
      .filter((e) => BELOW_PROVIDERS.some((folder) => e.from.startsWith(folder)) && CHAIN_MODULES.includes(e.to))
      .map((e) => `${e.from} → ${e.to}`);
    expect(offending).toEqual([]);
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
