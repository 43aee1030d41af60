// The container source's settings, classified once (src/providers/container.ts classifyContainer): from
// the AWS_CONTAINER_* variables, or from fromHttp's options over them, value by value, as the SDK's
// `options.x ?? process.env.X` — with messages that name what supplied the value, and no variable faked.
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { HttpRequest } from '../../src/context.js';
import { fromHttp } from '../../src/named-providers/from-http.js';
import { fromIni } from '../../src/named-providers/from-ini.js';
import { fromNodeProviderChain } from '../../src/named-providers/from-node-provider-chain.js';
import { classifyContainer } from '../../src/providers/container.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken, expectNotConfigured } from '../support/outcomes.js';

const FULL = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
const RELATIVE = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';
const TOKEN = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
const TOKEN_FILE = 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE';
const option = (name: string, value: string) => ({ value, from: `the ${name} option` });
const reply = { status: 200, headers: {}, body: JSON.stringify({ AccessKeyId: 'ASIASETTINGS00000001', SecretAccessKey: 's', Token: 't', Expiration: '2099-01-01T00:00:00Z' }) };

describe('classifyContainer', () => {
  it('not configured, with the reason, when no URL is given anywhere (an empty value counts as none)', () => {
    expect(classifyContainer({}, {})).toEqual({ configured: false, reason: `${RELATIVE} and ${FULL} are not set` });
    expect(classifyContainer({ fullUri: option('awsContainerCredentialsFullUri', '') }, {})).toMatchObject({ configured: false });
  });

  it('an option beats its own variable only: the relative URI still wins over a full URI given as an option', () => {
    const fromOption = classifyContainer({ fullUri: option('awsContainerCredentialsFullUri', 'http://127.0.0.1:1/option') }, { [FULL]: 'http://127.0.0.1:1/env' });
    expect(fromOption).toMatchObject({ configured: true, target: { from: 'the awsContainerCredentialsFullUri option' } });
    expect(fromOption.configured && fromOption.target.url.pathname).toBe('/option');
    const relativeWins = classifyContainer({ fullUri: option('awsContainerCredentialsFullUri', 'http://127.0.0.1:1/option') }, { [RELATIVE]: '/v2/credentials/x' });
    expect(relativeWins).toMatchObject({ configured: true, target: { from: RELATIVE }, notes: [`${RELATIVE} wins over the awsContainerCredentialsFullUri option (both are set)`] });
  });

  it('the token file beats the token, whichever supplied each', () => {
    const endpoint = classifyContainer({ authorizationToken: option('awsContainerAuthorizationToken', 'tok') }, { [FULL]: 'http://127.0.0.1:1/', [TOKEN_FILE]: '/t' });
    expect(endpoint).toMatchObject({ configured: true, tokenFile: { value: '/t', from: TOKEN_FILE }, token: { value: 'tok', from: 'the awsContainerAuthorizationToken option' } });
    expect(endpoint.configured && endpoint.notes).toEqual([`${TOKEN_FILE} wins over the awsContainerAuthorizationToken option (both are set)`]);
  });

  it('invalid: a URL outside the allow-list is refused before any connection, naming what supplied it', () => {
    const error = (() => {
      try {
        return classifyContainer({ fullUri: option('awsContainerCredentialsFullUri', 'http://203.0.113.9/creds') }, {});
      } catch (caught) {
        return caught;
      }
    })();
    expectBroken(error);
    expect(error.message).toMatch(/^the awsContainerCredentialsFullUri option points at http:\/\/203\.0\.113\.9\/creds, which is not allowed/);
  });
});

describe('fromHttp hands its options to the container source as settings', () => {
  it('calls the URL of the option with the token of the option, and leaves the environment as it is', async () => {
    const requests: HttpRequest[] = [];
    const machine = fakeMachine({ env: { [FULL]: 'http://127.0.0.1:9/env', [TOKEN]: 'env-token' }, request: (request) => (requests.push(request), reply) });
    const before = { ...machine.context.env };
    const credentials = await fromHttp({ context: machine.context, awsContainerCredentialsFullUri: 'http://127.0.0.1:9/option', awsContainerAuthorizationToken: 'option-token' })();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIASETTINGS00000001', source: 'container' });
    expect(requests.map((request) => [request.url, request.headers?.authorization])).toEqual([['http://127.0.0.1:9/option', 'option-token']]);
    expect(machine.context.env).toEqual(before);
  });

  it('not configured without a URL anywhere: tryNextLink true, labelled fromHttp', async () => {
    const error = await fromHttp({ context: fakeMachine().context })().catch((e: unknown) => e);
    expectNotConfigured(error);
    expect(error.message).toBe(`fromHttp: ${RELATIVE} and ${FULL} are not set`);
  });
});

describe('the chain and fromIni take the same options (as the SDK passes its options on to fromHttp)', () => {
  const stsReply = {
    status: 200,
    headers: {},
    body: '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLEFROMECS00001</AccessKeyId><SecretAccessKey>r</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>',
  };

  it('fromNodeProviderChain: the options alone configure the container step, and IMDS is skipped naming the option', async () => {
    const requests: HttpRequest[] = [];
    const machine = fakeMachine({ request: (request) => (requests.push(request), reply) });
    const provider = fromNodeProviderChain({ context: machine.context, awsContainerCredentialsFullUri: 'http://127.0.0.1:9/option', awsContainerAuthorizationTokenFile: '/token' });
    machine.files.set('/token', 'file-token');
    expect(await provider()).toMatchObject({ accessKeyId: 'ASIASETTINGS00000001', source: 'container' });
    expect(requests.map((request) => [request.url, request.headers?.authorization])).toEqual([['http://127.0.0.1:9/option', 'file-token']]);
    // IMDS is never asked when the options name a container endpoint, as when the variables do.
    const imdsOnly = credentialChain({ context: fakeMachine().context, sources: ['imds'], awsContainerCredentialsFullUri: 'http://127.0.0.1:9/option' });
    const trace = (await imdsOnly.explain()).trace;
    expect(trace).toMatchObject([{ source: 'imds', outcome: 'skipped', reason: 'container credentials are configured (the awsContainerCredentialsFullUri option), so IMDS is not used' }]);
  });

  it('fromIni: credential_source = EcsContainer calls the endpoint the options name, then STS', async () => {
    const requests: HttpRequest[] = [];
    const machine = fakeMachine({
      files: { '/home/test/.aws/config': '[profile ecs]\nrole_arn = arn:aws:iam::123456789012:role/app\ncredential_source = EcsContainer\nregion = eu-west-1\n' },
      request: (request) => (requests.push(request), request.method === 'GET' ? reply : stsReply),
    });
    const credentials = await fromIni({ context: machine.context, profile: 'ecs', awsContainerCredentialsRelativeUri: '/v2/credentials/from-option', awsContainerAuthorizationToken: 'option-token' })();
    expect(credentials.accessKeyId).toBe('ASIAROLEFROMECS00001');
    expect(requests.map((request) => [request.method, request.url, request.headers?.authorization])).toEqual([
      ['GET', 'http://169.254.170.2/v2/credentials/from-option', 'option-token'],
      ['POST', 'https://sts.eu-west-1.amazonaws.com/', expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=ASIASETTINGS00000001\//)],
    ]);
  });

  it('a refused URL from an option names the option, before any connection', async () => {
    const machine = fakeMachine();
    const error = await fromNodeProviderChain({ context: machine.context, awsContainerCredentialsFullUri: 'http://203.0.113.9/creds' })().catch((e: unknown) => e);
    expectBroken(error);
    expect(error.message).toMatch(/^container: the awsContainerCredentialsFullUri option points at http:\/\/203\.0\.113\.9\/creds, which is not allowed/);
    expect(machine.requests).toEqual([]);
  });
});
