// `credchain explain`: runs the chain once and shows, per source, what happened and why — the
// answer to "which credentials am I using, and why not the ones I expected?".

import { COMMON_OPTIONS_HELP, type ParsedArgs, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec } from './chain-for-cli.js';
import { EXIT } from './exit-codes.js';
import { style, toJson, type CliIO } from './output.js';
import { paragraph, term } from './terminal-text.js';
import { explanationJson, renderTrace, renderVerdict } from './trace-view.js';

export const command: CommandModule = {
  name: 'explain',
  summary: 'show which source answers, and why every other did not',
  help: `Usage: credchain explain [--profile NAME] [--region REGION] [--json]

Runs the AWS credential chain once, in the AWS SDK's order (env, sso, profile, process,
web-identity, container, imds), and prints one row per source: its outcome (hit, miss,
skipped, error), how long it took, and why. No secret is printed; key ids are masked.

In a MongoDB app's directory (a package.json listing mongodb in its dependencies, here or
above) it also says which @aws-sdk/credential-providers the driver will load on its first
MONGODB-AWS login: credchain under that name, the AWS SDK (with what its require() costs in
credchain's benchmark), or none. It only reads package.json files: nothing in the folder is run.

Options:
${CHAIN_OPTIONS_HELP}
      --json           print the explanation as JSON
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'noCredentials', 'broken'] },
  options: { ...chainOptionSpec, json: { type: 'boolean' } },
  async run(args: ParsedArgs, io: CliIO) {
    const { provider, context, profile } = chainForCli(io, args, command.name);
    const [explanation, driver] = await Promise.all([provider.explain(), import('../mongodb/driver-package.js').then((m) => m.inspectDriverPackage(io.cwd, { readFile: context.readFile, env: io.env }))]);
    const code = explanation.ok ? EXIT.ok : explanation.trace.some((entry) => entry.outcome === 'error') ? EXIT.broken : EXIT.noCredentials;
    if (args.values.json) {
      const json = explanationJson(explanation);
      if (driver) json.mongodbDriver = driver;
      // The library's advice ends "or run `npx credchain explain` to see this table": this is that table.
      if (typeof json.error === 'string') json.error = json.error.replace(/, or run `npx credchain explain` to see this table\.$/, '.');
      // A failure as every --json failure is (docs/cli.md, "Common options and output"): exitCode in the document, the paragraph on stderr.
      io.out(toJson(explanation.ok ? json : { ...json, exitCode: code }));
      if (!explanation.ok && typeof json.error === 'string') io.err(term`credchain: ${paragraph(json.error)}\n`);
      return code;
    }
    const s = style(io.color);
    io.out(term`${s.bold('credchain explain')} — profile "${profile.name}" (${profile.from})\n\n`);
    io.out(renderTrace(explanation.trace, s));
    io.out(term`\n${renderVerdict(explanation, s, context.now())}\n`);
    for (const note of explanation.notes ?? []) io.out(term`\n${s.dim(`note: ${note}`)}\n`);
    if (driver) io.out(term`\n${s.bold('MongoDB driver')}: ${driver.summary}\n${driver.fix ? term`  Fix: ${driver.fix}.\n` : ''}`);
    if (code === EXIT.noCredentials) {
      io.out(term`\nConfigure one of the sources above (for example AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).\n`);
    }
    return code;
  },
};
