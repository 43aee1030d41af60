// docs/behaviour.md is the reference the code cites: every `docs/behaviour.md, "Section"` citation
// in src/ and test/ must name a heading that exists, and no comment cites a document outside the repository.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SRC, sourceModules } from '../support/import-graph.js';

const ROOT = join(SRC, '..');
const headings = new Set([...readFileSync(join(ROOT, 'docs/behaviour.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim()));

describe('docs/behaviour.md citations', () => {
  const texts = sourceModules().map((module) => [`src/${module}`, readFileSync(join(SRC, module), 'utf8')] as const);

  it('every section the code cites exists', () => {
    const missing: string[] = [];
    for (const [file, text] of texts) {
      for (const citation of text.matchAll(/docs\/behaviour\.md,((?:\s*\/\/)?\s*"[^"]+"(?:,(?:\s*\/\/)?\s*"[^"]+")*)/g)) {
        for (const [, section] of citation[1]!.matchAll(/"([^"]+)"/g)) if (!headings.has(section!)) missing.push(`${file}: "${section}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(texts.some(([, text]) => text.includes('docs/behaviour.md, "'))).toBe(true);
  });

  it('no comment cites a SPEC that is not in the repository', () => {
    expect(texts.filter(([, text]) => /SPEC §/.test(text)).map(([file]) => file)).toEqual([]);
  });
});
