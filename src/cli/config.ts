// `credchain config`: like `aws configure list` — the profile, access key and secret (masked) and
// region in use, each with where its value came from (flag, variable, file and line, default), plus
// the STS endpoint credchain would call and why.

import type { Explanation } from '../chain.js';
import { planProfile } from '../config/plan.js';
import type { FileLine, SharedConfig } from '../config/types.js';
import { SourceError } from '../errors.js';
import { COMMON_OPTIONS_HELP, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec, type CliChain } from './chain-for-cli.js';
import { EXIT, exitCodesHelp } from './exit-codes.js';
import { style, table, toJson } from './output.js';

/** One row: a setting, its value (masked for keys) and where it came from. */
interface Setting {
  name: 'profile' | 'access_key' | 'secret_key' | 'region' | 'sts_endpoint';
  value: string | null;
  source: string;
  file?: string;
  line?: number;
}

const NOT_SET = '<not set>';
const SECRET_MASK = '****************';
const DEFAULT_REGION_SOURCE = 'default (no --region, AWS_REGION or profile region; as the AWS SDK)';

export const command: CommandModule = {
  name: 'config',
  summary: 'show the profile, keys (masked), region and STS endpoint in use, and where each comes from',
  help: `Usage: credchain config [--profile NAME] [--region REGION] [--json]

Like \`aws configure list\`: the profile, access key, secret key and region credchain uses,
each with where its value came from (a flag, an environment variable, a config or
credentials file and line, or the default), and the STS endpoint it would call and why.
Resolves the credential chain once (as \`credchain explain\`). Key ids are masked (AKIA…WXYZ);
the secret key is never shown, not even in part (the AWS CLI shows its last 4 characters).

Options:
${CHAIN_OPTIONS_HELP}
      --json           print {"ok": true, "settings": [{name, value, source, file, line}]}
${COMMON_OPTIONS_HELP}

${exitCodesHelp(['ok', 'broken'], { ok: 'shown (also when no credentials are found: they show as <not set>)', broken: 'a config or credentials file cannot be read or used' })}
`,
  options: { ...chainOptionSpec, json: { type: 'boolean' } },
  async run(args, io) {
    const chain = chainForCli(io, args);
    const { loadSharedConfig } = await import('../config/load.js');
    const config = await loadSharedConfig(chain.context, { origins: true });
    const explanation = await chain.provider.explain();
    const settings = [profileSetting(chain, config), ...keySettings(chain, config, explanation), ...(await regionSettings(chain, config))];
    if (args.values.json) {
      io.out(toJson({ ok: true, settings }));
      return EXIT.ok;
    }
    const s = style(io.color);
    const rows = [[s.bold('NAME'), s.bold('VALUE'), s.bold('SOURCE')]];
    for (const setting of settings) rows.push([setting.name, setting.value ?? s.dim(NOT_SET), where(setting)]);
    io.out(table(rows));
    return EXIT.ok;
  },
};

function where(setting: Setting): string {
  return setting.file ? `${setting.source}: ${setting.file} line ${setting.line}` : setting.source;
}

function at(source: string, origin: FileLine | undefined): Pick<Setting, 'source' | 'file' | 'line'> {
  return origin ? { source, file: origin.file, line: origin.line } : { source };
}

function fileKind(config: SharedConfig, origin: FileLine | undefined): string {
  return origin?.file === config.credentialsFile ? 'credentials file' : 'config file';
}

function profileSetting(chain: CliChain, config: SharedConfig): Setting {
  const { name, from } = chain.profile;
  const section = config.origins?.[name]?.sections[0];
  const source = from === 'no AWS_PROFILE' ? 'default (no --profile, no AWS_PROFILE)' : from === 'AWS_PROFILE' ? 'env AWS_PROFILE' : from;
  const defined = config.profiles[name] ? at(source, section) : { source: `${source}; not defined in ${config.configFile} or ${config.credentialsFile}` };
  return { name: 'profile', value: name, ...defined };
}

/** The keys of the credentials the chain found, and where they were read (env variables, a profile's lines, or the source that issued them). */
function keySettings(chain: CliChain, config: SharedConfig, explanation: Explanation): Setting[] {
  if (!explanation.ok) {
    const stopped = explanation.trace.find((entry) => entry.outcome === 'error');
    const source = stopped ? `the chain stopped at ${stopped.source} (run credchain explain)` : 'no source has credentials (run credchain explain)';
    return [
      { name: 'access_key', value: null, source },
      { name: 'secret_key', value: null, source },
    ];
  }
  const found = explanation.source ?? '?';
  const key = explanation.accessKeyId ?? null;
  if (found === 'env') {
    return [
      { name: 'access_key', value: key, source: 'env AWS_ACCESS_KEY_ID' },
      { name: 'secret_key', value: SECRET_MASK, source: 'env AWS_SECRET_ACCESS_KEY' },
    ];
  }
  if (found === 'profile') {
    const plan = planProfile(config, chain.profile.name);
    const origins = config.origins?.[plan.base.profile]?.keys;
    if (plan.base.kind === 'static' && plan.hops.length === 0) {
      const keyOrigin = origins?.aws_access_key_id;
      const secretOrigin = origins?.aws_secret_access_key;
      return [
        { name: 'access_key', value: key, ...at(fileKind(config, keyOrigin), keyOrigin) },
        { name: 'secret_key', value: SECRET_MASK, ...at(fileKind(config, secretOrigin), secretOrigin) },
      ];
    }
    const last = plan.hops.at(-1);
    const how = last ? `assumed role ${last.roleArn} (role_arn of profile "${last.profile}")` : `${plan.base.kind} settings of profile "${plan.base.profile}"`;
    const origin = last ? config.origins?.[last.profile]?.keys.role_arn : config.origins?.[plan.base.profile]?.sections[0];
    return [
      { name: 'access_key', value: key, ...at(`temporary, from the ${how}`, origin) },
      { name: 'secret_key', value: SECRET_MASK, ...at(`temporary, from the ${how}`, origin) },
    ];
  }
  return [
    { name: 'access_key', value: key, source: `the ${found} source (run credchain explain for details)` },
    { name: 'secret_key', value: SECRET_MASK, source: `the ${found} source` },
  ];
}

/** The region and the STS endpoint, as whoami and the role sources would use them. */
async function regionSettings(chain: CliChain, config: SharedConfig): Promise<Setting[]> {
  const { resolveStsEndpoint } = await import('../sts/endpoint.js');
  const explicitRegion = chain.options.clientConfig?.region;
  const profileOrigins = config.origins?.[chain.profile.name]?.keys;
  let endpoint;
  try {
    endpoint = resolveStsEndpoint({ env: chain.context.env, config, profileName: chain.profile.name, explicitRegion });
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    return [{ name: 'sts_endpoint', value: null, source: `cannot be resolved: ${error.problem}` }];
  }
  const region: Setting = explicitRegion
    ? { name: 'region', value: endpoint.region, source: '--region' }
    : endpoint.regionFrom === 'AWS_REGION'
      ? { name: 'region', value: endpoint.region, source: 'env AWS_REGION' }
      : endpoint.regionFrom.startsWith('region of profile')
        ? { name: 'region', value: endpoint.region, ...at(fileKind(config, profileOrigins?.region), profileOrigins?.region) }
        : { name: 'region', value: endpoint.region, source: DEFAULT_REGION_SOURCE };
  const regionWhy = region.file ? `${region.file} line ${region.line}` : region.source === DEFAULT_REGION_SOURCE ? 'the default' : region.source;
  return [region, { name: 'sts_endpoint', value: endpoint.url, source: `${endpoint.from}; region from ${regionWhy}` }];
}
