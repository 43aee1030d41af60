// One fleet simulation in a process of its own (bench/fleet.mjs starts it): N independent credential
// chains of one library — credchain's credentialChain() or the SDK's fromNodeProviderChain() — start
// within a window against one rate-limited service (STS AssumeRoleWithWebIdentity for EKS pods, or
// IMDS on one EC2 host), all in virtual time. Prints one JSON line: when each chain started and got
// credentials (or failed), and every request the service saw.
//
// Virtual time: the global Date and timers are the VirtualClock's (test/support/virtual-clock.ts), so
// both libraries wait their own retry delays on the same clock, and the service's token bucket refills
// on it. Between two timers, everything they set off runs to completion (promise callbacks, file reads
// in flight): no chain ever sees time move while it works, as on an idle machine. Both libraries get
// the same transport swap and nothing else: credchain through Context.request, the SDK through its STS
// client's requestHandler and node:http's request() (test/support/sdk-in-process.ts).
//
//   node --no-warnings bench/fleet-child.mjs '{"lib":"sdk","service":"sts","chains":100,...}'

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import http from 'node:http';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jitterSeed, startOffsets } from './fleet-seeds.mjs';

const config = JSON.parse(process.argv[2]);
const load = (name) => import(pathToFileURL(join(config.helpers, `${name}.mjs`)).href);
const [{ VirtualClock }, { inProcessEmulator }, { rateLimitedService, stsThrottled, imdsThrottled }, { sdkRequestHandler, interceptNodeHttpRequest }, { seededRandom }] = await Promise.all(
  ['virtual-clock', 'in-process-emulator', 'rate-limited-service', 'sdk-in-process', 'seeded-random'].map(load),
);

const cpuMs = ({ user, system }) => Math.round((user + system) / 1000);

/**
 * File operations of node:fs/promises in flight, counted where they start: Node 26 no longer lists file
 * requests in process.getActiveResourcesInfo(). Wrapped before any SDK module is loaded (the SDK takes
 * `readFile` from node:fs/promises when its module loads), so every pod's reads are seen.
 */
let fileOperations = 0;
for (const name of ['readFile', 'open', 'stat', 'lstat', 'access', 'readdir', 'realpath']) {
  const original = fsPromises[name];
  fsPromises[name] = function (...args) {
    fileOperations++;
    return original.apply(this, args).finally(() => void fileOperations--);
  };
}

/** File reads (the pods' own, the module loader's) or callbacks still to run. */
const inFlight = () => fileOperations > 0 || process.getActiveResourcesInfo().some((type) => type.startsWith('FSReq') || type === 'Immediate');

/** Until nothing is left to run but timers: a few event-loop turns, and every file read in flight done. */
async function quiescent() {
  for (let round = 0; ; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!inFlight() && round >= 1) return;
    if (round > 100_000) throw new Error('fleet: the process never went idle between two timers');
  }
}

const STS_ENDPOINT = 'http://127.0.0.1:9';
const IMDS_ENDPOINT = 'http://127.0.0.1:9';
const START = Date.parse('2026-11-22T12:00:00Z');

// The same start times for both libraries (their own stream of the seed); then the libraries' jitter.
const starts = startOffsets(seededRandom, config);
Math.random = seededRandom(jitterSeed(config.seed));

const clock = new VirtualClock(START, { settle: quiescent, inFlight });
const emulator = inProcessEmulator({ now: clock.now, scenario: { credentialLifetimeSeconds: 3600 } });
const home = mkdtempSync(join(os.tmpdir(), 'credchain-fleet-'));
const tokenFile = join(home, 'web-identity-token');
const token = emulator.scenario.webIdentity.tokens[0];
writeFileSync(tokenFile, token);
const role = emulator.scenario.roles['web-identity-role'].arn;

// What every pod of the fleet sees: only these variables (the child was started with nothing else but PATH).
Object.assign(process.env, { HOME: home, AWS_REGION: 'us-east-1' });
if (config.service === 'sts') {
  Object.assign(process.env, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: role, AWS_ROLE_SESSION_NAME: 'fleet-pod', AWS_ENDPOINT_URL_STS: STS_ENDPOINT, AWS_EC2_METADATA_DISABLED: 'true' });
} else {
  Object.assign(process.env, { AWS_EC2_METADATA_SERVICE_ENDPOINT: IMDS_ENDPOINT, AWS_EC2_METADATA_DISABLED: 'false' });
}

const service = rateLimitedService({
  serve: emulator.request,
  limit: config.limit,
  throttled: config.service === 'sts' ? stsThrottled : imdsThrottled,
  clock,
  latencyMs: config.latencyMs,
});
/** Nothing goes anywhere but the in-process service; a request elsewhere is a defect of the simulation. */
const expectedOrigin = config.service === 'sts' ? STS_ENDPOINT : IMDS_ENDPOINT;
let strayRequests = 0;
const fleetSend = (request) => {
  if (new URL(request.url).origin !== expectedOrigin) {
    strayRequests++;
    return Promise.reject(new Error(`fleet: a request to ${new URL(request.url).origin} is outside the simulation`));
  }
  return service.request(request);
};
// The warm-up resolution goes to an unlimited, unlogged copy of the same service.
let send = (request) => emulator.request(request);
const switchable = (request) => send(request);

const logs = [];
const logger = { debug: () => undefined, info: () => undefined, warn: (line) => logs.push(line), error: (line) => logs.push(line) };

/** A function that builds one pod's provider: `() => Promise<credentials>`. */
async function providerFactory() {
  if (config.lib === 'credchain') {
    const { credentialChain } = await import(config.credchainUrl);
    const files = new Map([[tokenFile, token]]);
    // Each pod its own context (its own shared-config cache): no state is shared between chains.
    return () => credentialChain({ logger, context: { request: switchable, readFile: async (path) => files.get(path), logger } });
  }
  interceptNodeHttpRequest(http, switchable);
  const requestHandler = sdkRequestHandler(switchable);
  const init = config.service === 'sts' ? { clientConfig: { requestHandler } } : {};
  const require = createRequire(join(config.root, 'package.json'));
  if (config.sdkModules === 'shared') {
    const { fromNodeProviderChain } = require('@aws-sdk/credential-providers');
    return () => fromNodeProviderChain(init);
  }
  // One module instance of the whole SDK per pod: the SDK keeps module-level state (file caches, warnings).
  return () => freshSdkInstance(require).fromNodeProviderChain(init);
}

const INSTANCE = Symbol('fleet SDK instance');
let hooked = false;
/**
 * The SDK's packages loaded afresh into their own module graph: every require() made from a module
 * of this instance (also the lazy ones inside the chain, long after) resolves within the instance.
 */
function freshSdkInstance(require) {
  if (!hooked) {
    hooked = true;
    const originalLoad = Module._load;
    Module._load = function (request, parent, isMain) {
      const instance = parent?.[INSTANCE];
      if (!instance || Module.isBuiltin(request)) return originalLoad.call(this, request, parent, isMain);
      const filename = Module._resolveFilename(request, parent, isMain);
      const cached = instance.get(filename);
      if (cached) return cached.exports;
      const module = new Module(filename, parent);
      module[INSTANCE] = instance;
      instance.set(filename, module);
      module.filename = filename;
      module.paths = Module._nodeModulePaths(join(filename, '..'));
      module.load(filename);
      return module.exports;
    };
  }
  const root = new Module(join(config.root, 'fleet-instance.cjs'), null);
  root[INSTANCE] = new Map();
  root.filename = root.id;
  root.paths = Module._nodeModulePaths(config.root);
  return root.require('@aws-sdk/credential-providers');
}

const uninstall = clock.installGlobals();
const result = { lib: config.lib, service: config.service, chains: config.chains };
try {
  const makeProvider = await providerFactory();
  // One unmeasured resolution first: every module loaded, so no pod waits on a file the loader reads.
  await clock.runUntilSettled(makeProvider()());
  send = fleetSend;
  const simulationStart = clock.now();

  const started = new Array(config.chains).fill(null);
  const done = new Array(config.chains).fill(null);
  const outcomes = new Array(config.chains);
  let restarts = 0;
  /**
   * One pod: a process whose chain is asked once. With config.restart, a pod whose chain fails exits and
   * is started again as Kubernetes does (CrashLoopBackOff: 10 s, doubling, at most 5 min; no jitter),
   * with a new process and so a new chain.
   */
  const pod = async (i) => {
    started[i] = clock.now() - simulationStart;
    for (let delay = config.restart?.firstMs; ; delay = Math.min(delay * 2, config.restart.maxMs)) {
      try {
        const credentials = await makeProvider()();
        outcomes[i] = { ok: true, keyId: credentials.accessKeyId };
        break;
      } catch (error) {
        outcomes[i] = { ok: false, error: `${error?.name}: ${error?.message}` };
        if (!config.restart) break;
        restarts++;
        await clock.sleep(delay);
      }
    }
    done[i] = clock.now() - simulationStart;
  };
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const runs = starts.map((offset, i) => new Promise((resolve) => clock.setTimeout(() => void pod(i).then(resolve), offset)));
  let hung = 0;
  await clock.runUntilSettled(Promise.all(runs), config.maxVirtualMs).catch(() => undefined);
  for (let i = 0; i < config.chains; i++) {
    if (done[i] !== null) continue;
    outcomes[i] = { ok: false, error: `no credentials within the ${config.maxVirtualMs / 60_000} simulated minutes` };
    hung++;
  }

  // The answers must be right: credentials the service issued to this pod alone, through the expected route.
  const expectedIssuer = config.service === 'sts' ? 'sts:AssumeRoleWithWebIdentity' : 'imds';
  const keys = new Set();
  let wrongAnswers = 0;
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    if (emulator.issued(outcome.keyId)?.issuedBy !== expectedIssuer) wrongAnswers++;
    keys.add(outcome.keyId);
  }
  const errors = {};
  for (const outcome of outcomes) if (!outcome.ok) errors[outcome.error] = (errors[outcome.error] ?? 0) + 1;
  const printed = [...Object.keys(errors), ...new Set(logs)].join('\n');
  const leakedSecrets = emulator.secrets().filter((secret) => printed.includes(secret)).length;

  Object.assign(result, {
    started,
    done,
    ok: outcomes.map((outcome) => outcome.ok),
    errors,
    hung,
    restarts,
    arrivals: { at: service.arrivals.at.map((at) => at - simulationStart), admitted: service.arrivals.admitted },
    checks: { wrongAnswers, duplicateKeys: outcomes.filter((o) => o.ok).length - keys.size, leakedSecrets, strayRequests },
    cost: { wallMs: Math.round(performance.now() - wall), cpuMs: cpuMs(process.cpuUsage(cpu)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) },
  });
} finally {
  uninstall();
  rmSync(home, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(result)}\n`);
