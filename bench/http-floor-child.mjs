// The floor under an HTTP scenario: a fresh process that imports node:http and makes the same
// loopback requests as the container (1 GET) or IMDSv2 (PUT token, GET role, GET credentials) flow,
// with no credential logic at all. No library can resolve those scenarios faster than this.
//
//   node bench/http-floor-child.mjs container|imds <emulator url> [container path] [authorization token]

const [flow, origin, containerPath, token] = process.argv.slice(2);

performance.now(); // the first use loads perf_hooks: keep it out of the measured window
const started = performance.now();
const http = await import('node:http');
const exchange = (method, path, headers) =>
  new Promise((resolve, reject) => {
    const request = http.request(origin + path, { method, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${response.statusCode} for ${path}`))));
    });
    request.on('error', reject).end();
  });

if (flow === 'imds') {
  const credentialsPath = '/latest/meta-data/iam/security-credentials/';
  const imdsToken = await exchange('PUT', '/latest/api/token', { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' });
  const role = await exchange('GET', credentialsPath, { 'x-aws-ec2-metadata-token': imdsToken });
  await exchange('GET', credentialsPath + role.trim(), { 'x-aws-ec2-metadata-token': imdsToken });
} else {
  await exchange('GET', containerPath, token ? { authorization: token } : {});
}
// Only the time leaves the process: the credentials the emulator sent are dropped unread.
process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
