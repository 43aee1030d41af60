// `credchain config`: like `aws configure list` — the profile, access key and secret (masked) and
// region in use, each with where its value came from (flag, variable, file and line, default), plus
// the STS endpoint credchain would call and why.

import { credentialChain, type Explanation } from '../chain.js';
import { planProfile, type ProfilePlan } from '../config/plan.js';
import type { FileLine, SharedConfig } from '../config/types.js';
import { CredentialsProviderError } from '../errors.js';
import { defaultOrder } from '../providers/order.js';
import { COMMON_OPTIONS_HELP, type CommandModule } from './args.js';
import { CHAIN_OPTIONS_HELP, chainForCli, chainOptionSpec, type CliChain } from './chain-for-cli.js';
import { EXIT } from './exit-codes.js';
import { style, table, toJson, type Cell } from './output.js';
import { regionName } from '../client-config.js';

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
  help: `Usage: credchain config [--profile NAME] [--region REGION] [--assume-role] [--json]

Like \`aws configure list\`: the profile, access key, secret key and region credchain uses,
each with where its value came from (a flag, an environment variable, a config or
credentials file and line, or the default), and the STS endpoint it would call and why.
Resolves the credential chain once (as \`credchain explain\`), but assumes no role unless
--assume-role is given: for a role profile, or AWS_ROLE_ARN with a web identity token, it names
the role and what assuming it would need (the source profile, an MFA code, the token file).
Key ids are masked (AKIA…WXYZ); the secret key is never shown, not even in part (the AWS CLI
shows its last 4 characters).

Options:
${CHAIN_OPTIONS_HELP}
      --assume-role    assume the profile's role(s) to show the keys they give (STS calls; an
                       MFA code is asked for as by the other commands)
      --json           print {"ok": true, "settings": [{name, value, source, file, line}]}
${COMMON_OPTIONS_HELP}
`,
  exits: { codes: ['ok', 'broken'], wording: { ok: 'shown (also when no credentials are found: they show as <not set>)', broken: 'a config or credentials file cannot be read or used' } },
  options: { ...chainOptionSpec, json: { type: 'boolean' }, 'assume-role': { type: 'boolean' } },
  async run(args, io) {
    const chain = chainForCli(io, args, command.name);
    const { loadSharedConfig } = await import('../config/load.js');
    const config = await loadSharedConfig(chain.context, { origins: true });
    const keys = args.values['assume-role'] ? keySettings(chain, config, await chain.provider.explain()) : await keysWithoutAssuming(chain, config);
    const settings = [profileSetting(chain, config), ...keys, ...(await regionSettings(chain, config))];
    if (args.values.json) {
      io.out(toJson({ ok: true, settings }));
      return EXIT.ok;
    }
    const s = style(io.color);
    const rows: Cell[][] = [[s.bold('NAME'), s.bold('VALUE'), s.bold('SOURCE')]];
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

/**
 * The key rows as `aws configure list` would have them: no role assumed (no STS call, no MFA code).
 * A role profile the chain would reach, or AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE when no
 * source before web identity answers, is named with what assuming it needs instead.
 */
async function keysWithoutAssuming(chain: CliChain, config: SharedConfig): Promise<Setting[]> {
  const plan = roleProfileReached(chain, config);
  if (plan) return notAssumed(roleOfPlan(plan));
  const env = chain.context.env;
  if (!env.AWS_ROLE_ARN || !env.AWS_WEB_IDENTITY_TOKEN_FILE) return keySettings(chain, config, await chain.provider.explain());
  const before = defaultOrder.slice(0, defaultOrder.findIndex((source) => source.name === 'web-identity'));
  const explanation = await credentialChain({ ...chain.options, sources: before }).explain();
  if (explanation.ok || explanation.trace.some((entry) => entry.outcome === 'error')) return keySettings(chain, config, explanation);
  return notAssumed(`${env.AWS_ROLE_ARN}, the role of AWS_ROLE_ARN (web identity), needs the token in ${env.AWS_WEB_IDENTITY_TOKEN_FILE} (AWS_WEB_IDENTITY_TOKEN_FILE)`);
}

/**
 * The selected profile's plan when resolving it means assuming a role (a role hop, or web identity)
 * and the chain gets that far (env keys answer first when no profile was chosen); else undefined,
 * also when the profile cannot be planned (the chain then says why, assuming nothing).
 */
function roleProfileReached(chain: CliChain, config: SharedConfig): ProfilePlan | undefined {
  const env = chain.context.env;
  if (chain.profile.from === 'no AWS_PROFILE' && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return undefined;
  let plan: ProfilePlan;
  try {
    plan = planProfile(config, chain.profile.name);
  } catch (error) {
    if (error instanceof CredentialsProviderError) return undefined;
    throw error;
  }
  return plan.hops.length > 0 || plan.base.kind === 'web-identity' ? plan : undefined;
}

/** A role profile's last role and what assuming it needs: the base credentials and every hop's MFA code. */
function roleOfPlan(plan: ProfilePlan): string {
  const last = plan.hops.at(-1);
  const role = last ? `${last.roleArn}, the role_arn of profile "${last.profile}"` : `${plan.base.kind === 'web-identity' ? plan.base.roleArn : ''}, the role of profile "${plan.base.profile}" (web identity)`;
  const needs = [baseCredentials(plan.base)];
  for (const hop of plan.hops) if (hop.mfaSerial) needs.push(`an MFA code for ${hop.mfaSerial}`);
  return `${role}, needs ${needs.join(' and ')}`;
}

/** The key rows of a role left unassumed: which role, and what assuming it needs. */
function notAssumed(what: string): Setting[] {
  return [
    { name: 'access_key', value: null, source: `not assumed (add --assume-role): ${what}` },
    { name: 'secret_key', value: null, source: 'not assumed (add --assume-role)' },
  ];
}

/** What a plan starts from, in a few words. */
function baseCredentials(base: ProfilePlan['base']): string {
  const of = `of profile "${base.profile}"`;
  switch (base.kind) {
    case 'static':
      return `the keys ${of}`;
    case 'web-identity':
      return `the web identity token in ${base.webIdentityTokenFile}`;
    case 'credential-source':
      return `the ${base.credentialSource} credentials (credential_source ${of})`;
    case 'sso':
      return `the SSO session ${of}`;
    case 'process':
      return `the credential_process ${of}`;
    case 'login':
      return `the aws login session ${of}`;
  }
}

/** The keys of the credentials the chain found, and where they were read (env variables, a profile's lines, or the source that issued them). */
function keySettings(chain: CliChain, config: SharedConfig, explanation: Explanation): Setting[] {
  if (!explanation.ok) {
    const stopped = explanation.trace.find((entry) => entry.outcome === 'error');
    // The stop's reason says what is missing (an MFA code, a file): one step, no need to run explain for it.
    const source = stopped ? `the chain stopped at ${stopped.source}: ${stopped.reason}` : 'no source has credentials (run credchain explain)';
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
  const explicitRegion = regionName(chain.options.clientConfig);
  const profileOrigins = config.origins?.[chain.profile.name]?.keys;
  let endpoint;
  try {
    endpoint = resolveStsEndpoint({ env: chain.context.env, config, profileName: chain.profile.name, explicitRegion });
  } catch (error) {
    if (!(error instanceof CredentialsProviderError)) throw error;
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
