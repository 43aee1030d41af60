// Issue 27, item 3: the exit codes in every help come from one table (src/cli/exit-codes.ts) — each
// command's --help lists exactly the codes it declares, the top-level help lists them all, and no
// command's source returns a code it does not declare; `emulate --help` names every scenario key the
// emulator accepts. In process: the help texts are built by commandHelp(), as main() prints them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandHelp, type CommandModule } from '../../src/cli/args.js';
import { EXIT, EXIT_CODES_HELP, exitNames, type ExitName } from '../../src/cli/exit-codes.js';
import { SCENARIO_KEYS } from '../../src/emulator/scenario.js';

const COMMANDS = ['explain', 'export', 'whoami', 'profiles', 'config', 'atlas-check', 'serve', 'exec', 'demo', 'emulate'];
const load = async (name: string) => ((await import(`../../src/cli/${name}.ts`)) as { command: CommandModule }).command;
const listed = (help: string) => [...help.slice(help.lastIndexOf('Exit codes')).matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));

describe('exit codes and help, from one table', () => {
  it('each command lists only its own codes, usage and internal included', async () => {
    const expected: Record<string, number[]> = {
      explain: [0, 1, 2, 3, 70],
      export: [0, 1, 2, 3, 70],
      whoami: [0, 1, 2, 3, 4, 70],
      profiles: [0, 2, 3, 70],
      config: [0, 2, 3, 70],
      'atlas-check': [0, 1, 2, 3, 6, 7, 8, 9, 70],
      // serve and exec used to list every code (4 "whoami", 5 "demo" among them).
      serve: [0, 1, 2, 3, 70],
      exec: [1, 2, 3, 70, 127],
      demo: [0, 2, 5, 70],
      emulate: [0, 2, 5, 70],
    };
    for (const name of COMMANDS) {
      const command = await load(name);
      const help = commandHelp(command).toString();
      expect(listed(help), name).toEqual(expected[name]);
      expect(listed(help), name).toEqual(exitNames(command.exits).map((code) => EXIT[code]));
      expect(help.match(/Exit codes/g), `${name}: one exit-code block`).toHaveLength(1);
    }
  });

  it('the top-level help lists every code of the table, 6, 7 and 127 included', () => {
    expect(listed(EXIT_CODES_HELP)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
    expect(listed(EXIT_CODES_HELP)).toEqual(expect.arrayContaining([6, 7, 127]));
    expect(readFileSync(new URL('../../src/cli/main.ts', import.meta.url), 'utf8')).toContain('${EXIT_CODES_HELP}');
  });

  it("no command's source returns a code its help does not list", async () => {
    for (const name of COMMANDS) {
      const declared = new Set(exitNames((await load(name)).exits));
      const source = readFileSync(new URL(`../../src/cli/${name}.ts`, import.meta.url), 'utf8');
      const used = [...source.matchAll(/\bEXIT\.(\w+)/g)].map((m) => m[1] as ExitName);
      for (const code of used) expect(declared.has(code), `${name} uses EXIT.${code} but does not declare it`).toBe(true);
    }
  });

  it('emulate --help names every key a scenario file may hold (login included)', async () => {
    const help = commandHelp(await load('emulate')).toString();
    const section = help.slice(help.indexOf('      --scenario FILE'), help.indexOf('      --json'));
    for (const [part, keys] of Object.entries(SCENARIO_KEYS)) {
      for (const key of keys) expect(section, `${part || 'top level'}: ${key}`).toMatch(new RegExp(`\\b${key}\\b`));
    }
    expect(section).toMatch(/\blogin \{sessionArn, clientId, refreshTokens, deny, expiresInSeconds\}/);
  });
});
