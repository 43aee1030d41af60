// `credchain profiles`: the profiles of the shared config and credentials files, like
// `aws configure list-profiles` (one name per line), or with --json their kind and where each is defined.

import { COMMON_OPTIONS_HELP, type CommandModule } from './args.js';
import { cliContext } from './chain-for-cli.js';
import { EXIT } from './exit-codes.js';
import { classifyProfile } from './profile-kind.js';
import { toJson } from './output.js';
import { lines, term } from './terminal-text.js';

export const command: CommandModule = {
  name: 'profiles',
  summary: 'list the profiles of ~/.aws/config and ~/.aws/credentials (as aws configure list-profiles)',
  help: `Usage: credchain profiles [--json]

Lists the profiles of the shared config and credentials files (AWS_CONFIG_FILE,
AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials), one name per line,
like \`aws configure list-profiles\`. Reads the files only: nothing is resolved or contacted.

Options:
      --json           print {"profiles": [{name, kind, definedIn: [{file, line}], problem}]}:
                       kind is static, role, sso, web identity, process, login,
                       no credentials, or invalid (problem says why)
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'broken'], wording: { ok: 'listed (also when there are no profiles)', broken: 'a config or credentials file cannot be read or used' } },
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const context = cliContext(io);
    const { loadSharedConfig } = await import('../config/load.js');
    // Only the --json listing says where each profile is defined.
    const config = await loadSharedConfig(context, { origins: args.values.json === true });
    const names = Object.keys(config.profiles);
    if (!args.values.json) {
      // Profile names are read from the files: each one escaped, one per line.
      if (names.length > 0) io.out(term`${lines(names)}\n`);
      return EXIT.ok;
    }
    const profiles = names.map((name) => {
      const { kind, problem } = classifyProfile(config, name);
      return { name, kind, definedIn: config.origins?.[name]?.sections ?? [], problem: problem ?? null };
    });
    io.out(toJson({ profiles }));
    return EXIT.ok;
  },
};
