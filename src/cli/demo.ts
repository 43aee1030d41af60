// `credchain demo`: starts the loopback emulator, gives each scenario its own temporary HOME and a
// synthetic environment, runs the real chain and prints its trace and who answered. It never reads the
// real ~/.aws or the caller's AWS_* variables, contacts nothing but 127.0.0.1, and removes its files.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { credentialChain, type Explanation } from '../chain.js';
import { maskKeyId, redact } from '../errors.js';
import type { Emulator, Scenario } from '../emulator/index.js';
import { defaultOrder } from '../providers/order.js';
import { COMMON_OPTIONS_HELP, stringOption, type CommandModule } from './args.js';
import { CliError } from './errors.js';
import { demoScenarios, type DemoScenario } from './demo-scenarios.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, type Cell, type CliIO, type Style } from './output.js';
import { loadScenarioFile } from './scenario-file.js';
import { lines, term, type Printable, type TerminalText } from './terminal-text.js';
import { explanationJson, renderTrace, renderVerdict } from './trace-view.js';

export const command: CommandModule = {
  name: 'demo',
  summary: 'walk through every source against a loopback AWS emulator (safe anywhere)',
  help: `Usage: credchain demo [--scenario FILE] [--json]

Starts the loopback AWS emulator and runs the real credential chain through ${demoScenarios.length} scenarios:
${demoScenarios.map((scenario, i) => `  ${String(i + 1).padStart(2)}. ${scenario.title}`).join('\n')}
For each it prints the files and variables it set up (secrets masked), the trace (every
source, its outcome and why) and who answered. Each scenario gets its own temporary HOME and
a synthetic environment: your ~/.aws and AWS_* variables are never read, nothing but
127.0.0.1 is contacted, and the temporary directory is removed at the end.

Options:
      --scenario FILE  run against an emulator scenario file (see \`credchain emulate --help\`);
                       the roles the demo uses (app-role, admin, web-identity-role) are added
                       when the file does not name them
      --json           print every scenario's outcome and trace as JSON
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'scenarioFailed'], wording: { ok: 'every scenario ended as expected', scenarioFailed: 'a scenario did not end as expected, or the scenario file is unusable' } },
  options: { json: { type: 'boolean' }, scenario: { type: 'string' } },
  async run(args, io) {
    const { startEmulator } = await import('../emulator/index.js');
    const scenario = await demoScenario(stringOption(args, 'scenario'));
    const root = await mkdtemp(join(tmpdir(), 'credchain-demo-'));
    const emulator = await startEmulator({ scenario }).catch(async (error: Error) => {
      await rm(root, { recursive: true, force: true });
      throw new CliError(error.message, EXIT.scenarioFailed);
    });
    const s = style(io.color);
    const json = args.values.json === true;
    const results: ScenarioResult[] = [];
    try {
      if (!json) io.out(intro(emulator, s));
      for (const [index, scenario] of demoScenarios.entries()) {
        const result = await runScenario(scenario, emulator, join(root, scenario.id));
        results.push(result);
        if (!json) io.out(renderScenario(result, index, s, emulator));
      }
    } finally {
      await emulator.close();
      await rm(root, { recursive: true, force: true });
    }
    const allOk = results.every((result) => result.status === 'ok');
    if (json) {
      io.out(toJson({ ok: allOk, emulatorRequests: emulator.count(), scenarios: results.map(resultJson) }));
    } else {
      io.out(summary(results, emulator, root, s));
    }
    return allOk ? EXIT.ok : EXIT.scenarioFailed;
  },
};

/** The scenario file with the roles the demo needs filled in (undefined: all defaults). */
async function demoScenario(path: string | undefined): Promise<Scenario | undefined> {
  if (!path) return undefined;
  const { defaultRoles } = await import('../emulator/index.js');
  return loadScenarioFile(path, (input) => ({ ...input, roles: { ...defaultRoles(input.accountId ?? '123456789012'), ...input.roles } }));
}

interface ScenarioResult {
  scenario: DemoScenario;
  /** The scenario's temporary HOME: shown as ~ so the paths read like a real machine's. */
  home: string;
  status: 'ok' | 'unexpected' | 'unavailable';
  /** Why it is unexpected or unavailable. */
  problem?: string;
  explanation?: Explanation;
  identity?: { arn: string; issuedBy: string; roleArn?: string };
  files: Array<{ path: string; contents: string }>;
  env: Record<string, string>;
  warnings: string[];
  requests: Record<string, number>;
  /** The scenario's afterRun lines. */
  after: string[];
}

/** What every scenario starts from: its own HOME, STS/SSO/sign-in pointed at the emulator, IMDS off unless it turns it on. */
function baseEnv(emulator: Emulator, home: string): Record<string, string> {
  return {
    HOME: home,
    AWS_REGION: emulator.scenario.region,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_ENDPOINT_URL_SIGNIN: emulator.url,
    // Even if a scenario's chain reached IMDS, it would only ever find the emulator.
    AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function runScenario(scenario: DemoScenario, emulator: Emulator, home: string): Promise<ScenarioResult> {
  const files: ScenarioResult['files'] = [];
  const result: ScenarioResult = { scenario, home, status: 'ok', files, env: {}, warnings: [], requests: {}, after: [] };
  const available = new Set(defaultOrder.map((source) => source.name));
  const missing = scenario.needs.filter((name) => !available.has(name));
  if (missing.length > 0) {
    result.status = 'unavailable';
    result.problem = `this build has no ${missing.join(', ')} source yet`;
    return result;
  }
  await mkdir(home, { recursive: true, mode: 0o700 });
  const write = async (relativePath: string, contents: string) => {
    const path = join(home, relativePath);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, contents, { mode: 0o600 });
    files.push({ path: `~/${relativePath}`, contents });
  };
  const kit = { emulator, home, write, now: () => Date.now() };
  const added = await scenario.setup(kit);
  const base = baseEnv(emulator, home);
  const env = { ...base, ...added };
  result.env = Object.fromEntries(Object.entries(env).filter(([name, value]) => base[name] !== value));

  const before = new Map((scenario.watch ?? []).map((route) => [route, emulator.count(route)]));
  const provider = credentialChain({
    context: { env, homedir: () => home, logger: { warn: (message) => result.warnings.push(message) } },
    ignoreCache: true,
  });
  const credentials = await provider().catch(() => undefined);
  const explanation = await provider.explain();
  result.explanation = explanation;
  for (const [route, count] of before) result.requests[route] = emulator.count(route) - count;
  if (scenario.afterRun) result.after = (await scenario.afterRun(kit)).map((line) => masked(line, emulator));
  const issued = credentials ? emulator.issued(credentials.accessKeyId) : undefined;
  if (issued) result.identity = { arn: issued.arn, issuedBy: issued.issuedBy, ...(issued.roleArn ? { roleArn: issued.roleArn } : {}) };

  const expected = scenario.expect;
  const stoppedAt = explanation.trace.find((entry) => entry.outcome === 'error')?.source;
  if (expected.outcome === 'none') {
    if (explanation.ok || stoppedAt) result.problem = `expected no credentials, got ${explanation.ok ? `credentials from ${explanation.source}` : `an error at ${stoppedAt}`}`;
  } else if (expected.outcome === 'stopped') {
    if (stoppedAt !== expected.at) result.problem = `expected the chain to stop at ${expected.at}, ${explanation.ok ? `but ${explanation.source} answered` : stoppedAt ? `but it stopped at ${stoppedAt}` : 'but no source was configured'}`;
  } else if (!explanation.ok) {
    result.problem = `expected credentials from ${expected.source}, but ${stoppedAt ? `the chain stopped at ${stoppedAt}` : 'no source answered'}`;
  } else if (explanation.source !== expected.source) {
    result.problem = `expected credentials from ${expected.source}, got them from ${explanation.source}`;
  } else if (!issued || issued.issuedBy !== expected.issuedBy || (expected.arnIncludes && !issued.arn.includes(expected.arnIncludes))) {
    result.problem = `the credentials are not the ones the emulator issued by ${expected.issuedBy}${issued ? ` (they came from ${issued.issuedBy}: ${issued.arn})` : ''}`;
  }
  if (result.problem) result.status = 'unexpected';
  return result;
}

function masked(text: string, emulator: Emulator): string {
  return redact(text, [...emulator.secrets(), emulator.scenario.sso.clientId]).replace(/\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g, (id) => maskKeyId(id));
}

function intro(emulator: Emulator, s: Style): TerminalText {
  return term`${s.bold('credchain demo')} — the AWS credential chain, source by source, against a loopback AWS emulator at ${emulator.url}.
Each scenario runs in its own temporary HOME with a synthetic environment; your ~/.aws and AWS_* variables are not read.
Secrets are shown as [redacted] and key ids masked (AKIA…WXYZ), as credchain always does.\n\n`;
}

function renderScenario(result: ScenarioResult, index: number, s: Style, emulator: Emulator): TerminalText {
  const { scenario } = result;
  // The scenario's temporary HOME is shown as ~, so the paths read like a real machine's.
  const home = (text: string) => text.split(result.home).join('~');
  const out: Printable[] = [s.bold(`━━ ${index + 1}/${demoScenarios.length}  ${scenario.title}`), `   ${scenario.story}`, ''];
  if (result.status === 'unavailable') {
    out.push(term`   ${s.yellow('–')} not run: ${result.problem ?? ''}.`, '', '');
    return lines(out);
  }
  for (const file of result.files) {
    out.push(term`   ${s.cyan(file.path)}`);
    for (const line of masked(file.contents, emulator).trimEnd().split('\n')) out.push(`     ${line}`);
  }
  const envShown = Object.entries(result.env).map(([name, value]) => `${name}=${home(masked(value, emulator))}`);
  out.push(term`   ${s.cyan('environment')}: ${envShown.length > 0 ? envShown.join(' ') : '(nothing beyond the emulator endpoints; IMDS off)'}`, '');
  const explanation = result.explanation!;
  out.push(renderTrace(homeShownAsTilde(explanation, result.home).trace, s, '   '));
  out.push(term`   ${renderVerdict(explanation, s, Date.now())}`);
  if (result.identity) out.push(term`     identity: ${result.identity.arn} ${s.dim(`(issued by the emulator: ${result.identity.issuedBy})`)}`);
  const counts = Object.entries(result.requests).map(([route, count]) => `${route} ×${count}`);
  if (counts.length > 0) out.push(`     emulator requests: ${counts.join(', ')}`);
  for (const line of result.after) out.push(`     ${line}`);
  for (const warning of result.warnings) out.push(term`     ${s.yellow('warning')}: ${warning}`);
  out.push(result.status === 'ok' ? term`   ${s.green('→ as expected')}` : term`   ${s.red(`→ NOT as expected: ${result.problem}`)}`, '', '');
  return lines(out);
}

/** The explanation with the scenario's temporary HOME written as ~ in every reason and note. */
function homeShownAsTilde(explanation: Explanation, home: string): Explanation {
  const tilde = (text: string) => text.split(home).join('~');
  return { ...explanation, trace: explanation.trace.map((entry) => ({ ...entry, reason: tilde(entry.reason), notes: entry.notes.map(tilde) })) };
}

function summary(results: ScenarioResult[], emulator: Emulator, root: string, s: Style): TerminalText {
  const rows: Cell[][] = results.map((result, i) => {
    const explanation = result.explanation;
    const what =
      result.status === 'unavailable'
        ? s.yellow(`– not run (${result.problem})`)
        : result.status === 'unexpected'
          ? s.red(`✗ ${result.problem}`)
          : explanation?.ok
            ? s.green(`✓ ${explanation.source}`)
            : s.green(`✓ ${result.scenario.expect.outcome === 'stopped' ? `stopped at ${(result.scenario.expect as { at: string }).at}` : 'no credentials, every source said why'}`);
    return [String(i + 1), result.scenario.title, what];
  });
  const ok = results.filter((result) => result.status === 'ok').length;
  const verdict = ok === results.length ? s.green(`All ${ok} scenarios ended as expected.`) : s.red(`${ok} of ${results.length} scenarios ended as expected.`);
  return term`${s.bold('Summary')}
${table(rows)}
${verdict} The emulator answered ${emulator.count()} requests; the temporary HOME (${root}) was removed.
Next: \`npx credchain explain\` shows the same trace for your own machine; \`npx credchain whoami\` asks STS who you are.\n`;
}

function resultJson(result: ScenarioResult): Record<string, unknown> {
  return {
    id: result.scenario.id,
    title: result.scenario.title,
    status: result.status,
    problem: result.problem ?? null,
    expected: result.scenario.expect,
    identity: result.identity ?? null,
    requests: result.requests,
    warnings: result.warnings,
    after: result.after,
    explanation: result.explanation ? explanationJson(result.explanation) : null,
  };
}
