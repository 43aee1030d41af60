// The floor under a scenario: a fresh process with no credential logic at all that makes the same
// loopback requests (and reads the same files) as a library must to get that scenario's credentials,
// using only Node's built-ins (node:http, and node:crypto where a request is signed or a cache file
// is named by a hash). No library can be faster than this. Timed from the first statement to
// credentials in hand; the end time is taken before anything is written.
//
//   node bench/floor-child.mjs container|imds|web-identity|assume-role|sso|login|static-profile
//
// Every setting comes from the same environment and HOME the libraries get (bench/scenarios.mjs).
// Prints one JSON line {ms, accessKeyId, maxRssKb}; never a secret.

const firstStatement = performance.now();

const flow = process.argv[2];
const { env } = process;
/** A failure this script describes itself (no outside text in it). */
class FloorError extends Error {}
// Built-ins through getBuiltinModule: no ESM wrapper to load, the cheapest way Node offers.
const http = () => process.getBuiltinModule('node:http');
const crypto = () => process.getBuiltinModule('node:crypto');
const readText = (path) => process.getBuiltinModule('node:fs').readFileSync(path, 'utf8');

function exchange(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http().request(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new FloorError(`HTTP ${response.statusCode} from ${new URL(url).pathname}`))));
    });
    request.on('error', reject).end(body);
  });
}

/** `key = value` of one `[header]` section: the least parsing that finds it. */
function sectionValues(text, header) {
  const start = text.indexOf(`[${header}]`);
  if (start === -1) throw new FloorError(`no [${header}] section`);
  const end = text.indexOf('\n[', start + 1);
  const values = {};
  for (const line of text.slice(start, end === -1 ? undefined : end).split('\n').slice(1)) {
    const equals = line.indexOf('=');
    if (equals > 0) values[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  return values;
}

const tag = (xml, name) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
const home = env.HOME;
const sha256Hex = (data) => crypto().createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => crypto().createHmac('sha256', key).update(data).digest();

/** POST a SigV4-signed STS query (the minimum AWS accepts: host and x-amz-date signed). */
function signedStsCall(params, keys) {
  const url = new URL(env.AWS_ENDPOINT_URL_STS);
  const region = env.AWS_REGION;
  const body = new URLSearchParams({ ...params, Version: '2011-06-15' }).toString();
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers = { 'content-type': 'application/x-www-form-urlencoded', host: url.host, 'x-amz-date': amzDate };
  const signedHeaders = Object.keys(headers).join(';');
  const canonical = ['POST', url.pathname, '', ...Object.entries(headers).map(([name, value]) => `${name}:${value}`), '', signedHeaders, sha256Hex(body)].join('\n');
  const scope = `${day}/${region}/sts/aws4_request`;
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secret}`, day), region), 'sts'), 'aws4_request');
  const signature = crypto().createHmac('sha256', signingKey).update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${keys.id}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return exchange(url, { method: 'POST', headers, body });
}

const flows = {
  async container() {
    const token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ? readText(env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE).trim() : env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    return JSON.parse(await exchange(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: token ? { authorization: token } : {} })).AccessKeyId;
  },
  async imds() {
    const base = `${env.AWS_EC2_METADATA_SERVICE_ENDPOINT}/latest`;
    const token = await exchange(`${base}/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' } });
    const headers = { 'x-aws-ec2-metadata-token': token };
    const role = (await exchange(`${base}/meta-data/iam/security-credentials/`, { headers })).trim();
    return JSON.parse(await exchange(`${base}/meta-data/iam/security-credentials/${role}`, { headers })).AccessKeyId;
  },
  async 'web-identity'() {
    const params = { Action: 'AssumeRoleWithWebIdentity', RoleArn: env.AWS_ROLE_ARN, RoleSessionName: env.AWS_ROLE_SESSION_NAME, WebIdentityToken: readText(env.AWS_WEB_IDENTITY_TOKEN_FILE).trim() };
    const body = new URLSearchParams({ ...params, Version: '2011-06-15' }).toString();
    return tag(await exchange(env.AWS_ENDPOINT_URL_STS, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }), 'AccessKeyId');
  },
  async 'assume-role'() {
    const config = readText(`${home}/.aws/config`);
    const role = sectionValues(config, `profile ${env.AWS_PROFILE}`);
    const base = sectionValues(config, `profile ${role.source_profile}`);
    const xml = await signedStsCall(
      { Action: 'AssumeRole', RoleArn: role.role_arn, RoleSessionName: role.role_session_name },
      { id: base.aws_access_key_id, secret: base.aws_secret_access_key },
    );
    return tag(xml, 'AccessKeyId');
  },
  async sso() {
    const config = readText(`${home}/.aws/config`);
    const profile = sectionValues(config, `profile ${env.AWS_PROFILE}`);
    const cacheName = crypto().createHash('sha1').update(profile.sso_session).digest('hex');
    const { accessToken } = JSON.parse(readText(`${home}/.aws/sso/cache/${cacheName}.json`));
    const query = new URLSearchParams({ account_id: profile.sso_account_id, role_name: profile.sso_role_name });
    const reply = await exchange(`${env.AWS_ENDPOINT_URL_SSO}/federation/credentials?${query}`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
    return JSON.parse(reply).roleCredentials.accessKeyId;
  },
  async login() {
    const profile = sectionValues(readText(`${home}/.aws/config`), `profile ${env.AWS_PROFILE}`);
    return JSON.parse(readText(`${home}/.aws/login/cache/${sha256Hex(profile.login_session)}.json`)).accessToken.accessKeyId;
  },
  async 'static-profile'() {
    return sectionValues(readText(`${home}/.aws/credentials`), env.AWS_PROFILE ?? 'default').aws_access_key_id;
  },
};

let outcome;
try {
  if (!flows[flow]) throw new FloorError(`unknown flow ${flow}; known: ${Object.keys(flows).join(', ')}`);
  outcome = { ok: true, accessKeyId: await flows[flow]() };
} catch (error) {
  // Only our own messages: a JSON.parse message quotes the reply, which holds secrets.
  outcome = { ok: false, error: error instanceof FloorError ? error.message : `${error?.name ?? 'Error'}${error?.code ? ` ${error.code}` : ''}` };
}
const ms = performance.now() - firstStatement;
// Only the time and the key id leave the process: the secret and token the endpoint sent are dropped unread.
process.stdout.write(`${JSON.stringify({ ms, readyMs: ms, maxRssKb: process.resourceUsage().maxRSS, ...outcome })}\n`);
