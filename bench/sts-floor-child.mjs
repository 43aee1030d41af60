// The floor under an STS scenario: a fresh process that does what any library must and nothing more —
// imports node:http (and node:crypto to sign), reads what the scenario names (the config file for
// AssumeRole, the token file for web identity), makes the one loopback POST and reads the reply.
// No library can resolve those scenarios faster than this. bench/coldpath.mjs spawns it.
//
//   node bench/sts-floor-child.mjs assume-role|web-identity <STS url>
//
// assume-role: signs AssumeRole (SigV4, service sts) with the static keys of the config's [profile base]
// for the role of [profile app]; web-identity: AssumeRoleWithWebIdentity (unsigned) with the token in
// AWS_WEB_IDENTITY_TOKEN_FILE for AWS_ROLE_ARN. Only the time leaves the process.

const [flow, origin] = process.argv.slice(2);

performance.now(); // the first use loads perf_hooks: keep it out of the measured window
const started = performance.now();
const [http, { readFile }] = await Promise.all([import('node:http'), import('node:fs/promises')]);

function post(headers, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}/`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 && text.includes('<AccessKeyId>') ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('error', reject).end(body);
  });
}

const form = (fields) => Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

if (flow === 'web-identity') {
  const token = (await readFile(process.env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8')).trim();
  await post({}, form({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: process.env.AWS_ROLE_ARN, RoleSessionName: 'floor', WebIdentityToken: token }));
} else {
  const { createHash, createHmac } = await import('node:crypto');
  const config = await readFile(`${process.env.HOME}/.aws/config`, 'utf8');
  // The two sections the scenario writes, read with one regular expression each: the least any parser does.
  const key = (section, name) => new RegExp(`\\[profile ${section}\\][^[]*?^${name}\\s*=\\s*(\\S+)`, 'm').exec(config)[1];
  const region = 'us-east-1';
  const body = form({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: key('app', 'role_arn'), RoleSessionName: 'floor' });
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const scope = `${amzDate.slice(0, 8)}/${region}/sts/aws4_request`;
  const host = new URL(origin).host;
  const sha = (text) => createHash('sha256').update(text).digest('hex');
  const canonical = ['POST', '/', '', `host:${host}`, `x-amz-date:${amzDate}`, '', 'host;x-amz-date', sha(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
  let signingKey = `AWS4${key('base', 'aws_secret_access_key')}`;
  for (const part of [amzDate.slice(0, 8), region, 'sts', 'aws4_request']) signingKey = createHmac('sha256', signingKey).update(part).digest();
  const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
  await post({ host, 'x-amz-date': amzDate, authorization: `AWS4-HMAC-SHA256 Credential=${key('base', 'aws_access_key_id')}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}` }, body);
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
