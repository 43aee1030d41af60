import { t as describeCredentials } from "./credentials-Dd52m27b.js";
import { a as maskKeyId, i as Sensitive, n as NetworkError, o as redact, r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { homedir } from "node:os";
// dist/context.js
/** Warnings go to stderr by default, as the AWS SDK's do; debug and info are silent. */
const consoleLogger = { warn: (message) => console.warn(message) };
/** One function for the whole process: the shared-config cache is keyed by readFile's identity. */
const readRealFile = (path) => import("./files-CLo9OVWr.js").then((m) => m.readTextFile(path));
/** The machine's real I/O. Node built-ins are loaded only when first used. */
function defaultContext() {
	return {
		env: process.env,
		readFile: readRealFile,
		writeFileAtomic: (path, contents, mode) => import("./files-CLo9OVWr.js").then((m) => m.writeFileAtomic(path, contents, mode)),
		request: (request) => import("./http-8zFzcVFO.js").then((n) => n.t).then((m) => m.nodeRequest(request)),
		now: () => Date.now(),
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		runCommand: (command, options) => import("./command-Dfboa_Mo.js").then((m) => m.runShellCommand(command, options)),
		homedir,
		platform: process.platform,
		logger: consoleLogger
	};
}
/** Fills what a caller left out with the real machine; `logger` (the chain option) wins over the default. */
function resolveContext(partial, logger) {
	const merged = {
		...defaultContext(),
		...definedOnly(partial ?? {})
	};
	if (logger && !partial?.logger) merged.logger = logger;
	return merged;
}
function definedOnly(value) {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== void 0));
}
// dist/providers/order.js
function lazy(name, load) {
	return {
		name,
		resolve: async (input) => (await load()).source.resolve(input)
	};
}
const defaultOrder = [
	lazy("env", () => import("./env-BaZBrQW9.js")),
	lazy("sso", () => import("./sso-BRTTDPsE.js")),
	lazy("profile", () => import("./profile-rkmeeZeT.js")),
	lazy("process", () => import("./process-C5sf0Z0k.js")),
	lazy("web-identity", () => import("./web-identity-B1go2Knx.js")),
	lazy("container", () => import("./container-C_I0ikL9.js")),
	lazy("imds", () => import("./imds-dqa4ulEK.js"))
];
function sourceByName(name) {
	const found = defaultOrder.find((source) => source.name === name);
	if (!found) throw new TypeError(`credchain: unknown source "${name}"; known sources: ${defaultOrder.map((s) => s.name).join(", ")}`);
	return found;
}
// dist/chain.js
/** Callers get cached credentials at once but a refresh starts when less than this is left. */
const REFRESH_WINDOW_MS = 3e5;
/** No source answered; `trace` says why each one did not. */
var NoCredentialsError = class extends Error {
	trace;
	name = "NoCredentialsError";
	constructor(trace) {
		super(formatNoCredentials(trace));
		this.trace = trace;
	}
};
function formatNoCredentials(trace) {
	const width = Math.max(...trace.map((entry) => entry.source.length), 0);
	return [
		"No AWS credentials found. Every source was tried, in order:",
		...trace.map((entry) => `  ${entry.source.padEnd(width)}  ${entry.outcome}: ${entry.reason}`),
		"Configure one of them (for example set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run `npx credchain explain` to see this table."
	].join("\n");
}
/**
* The AWS credential provider chain, memoized. Pass it straight to the MongoDB driver:
*
*   new MongoClient(uri, { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: credentialChain() } })
*/
function credentialChain(options = {}) {
	const context = resolveContext(options.context, options.logger);
	const sources = (options.sources ?? defaultOrder).map((entry) => typeof entry === "string" ? sourceByName(entry) : entry);
	const state = /* @__PURE__ */ new Map();
	let cached;
	let inflight;
	let last;
	let backgroundFailedAt;
	const fetchShared = () => {
		inflight ??= resolveOnce(sources, options, context, state).then((resolution) => {
			last = resolution;
			if (!resolution.credentials) throw resolution.error;
			cached = resolution.credentials;
			backgroundFailedAt = void 0;
			return resolution.credentials;
		}).finally(() => {
			inflight = void 0;
		});
		return inflight;
	};
	const refreshInBackground = () => {
		if (inflight) return;
		if (backgroundFailedAt !== void 0 && context.now() - backgroundFailedAt < 1e4) return;
		fetchShared().catch((error) => {
			backgroundFailedAt = context.now();
			context.logger.warn?.(`credchain: background refresh of credentials failed; still using the current ones until they expire. ${error.message}`);
		});
	};
	const provider = async (call) => {
		if (cached && !call?.forceRefresh) {
			if (!cached.expiration) return cached;
			const left = cached.expiration.getTime() - context.now();
			if (left > 3e5) return cached;
			if (left > 1e4) {
				refreshInBackground();
				return cached;
			}
		}
		return fetchShared();
	};
	provider.explain = async (call) => {
		if (!last || call?.refresh) await fetchShared().catch(() => void 0);
		return toExplanation(last);
	};
	return provider;
}
function toExplanation(resolution) {
	const { credentials, error, trace } = resolution;
	if (!credentials) return {
		ok: false,
		error: error?.message ?? "unknown error",
		trace
	};
	const explanation = {
		ok: true,
		source: credentials.source,
		accessKeyId: maskKeyId(credentials.accessKeyId),
		trace
	};
	if (credentials.expiration) explanation.expiration = credentials.expiration;
	if (credentials.accountId) explanation.accountId = credentials.accountId;
	return explanation;
}
/** One pass down the chain. Never throws: the outcome is in the Resolution. */
async function resolveOnce(sources, options, context, state) {
	const explicitProfile = options.profile || context.env.AWS_PROFILE || void 0;
	let config;
	const loadConfig = () => config ??= import("./load-BobxOMHQ.js").then((m) => m.loadSharedConfig(context, { ignoreCache: options.ignoreCache === true }));
	const trace = [];
	for (const [index, source] of sources.entries()) {
		const notes = [];
		const input = {
			context,
			options,
			profileName: explicitProfile ?? "default",
			profileSelected: explicitProfile !== void 0,
			loadConfig,
			note: (text) => notes.push(text),
			state
		};
		const started = context.now();
		const elapsed = () => Math.max(0, context.now() - started);
		try {
			const credentials = await source.resolve(input);
			trace.push({
				source: source.name,
				outcome: "hit",
				reason: describeCredentials(credentials),
				notes,
				ms: elapsed()
			});
			skipRest(trace, sources, index, `not consulted: ${source.name} answered first`);
			return {
				credentials,
				trace
			};
		} catch (error) {
			if (error instanceof NotConfiguredError) {
				trace.push({
					source: source.name,
					outcome: error.skipped ? "skipped" : "miss",
					reason: error.reason,
					notes,
					ms: elapsed()
				});
				continue;
			}
			const broken = error instanceof BrokenSourceError ? error : new BrokenSourceError(source.name, `failed unexpectedly: ${error?.message ?? String(error)}`, { cause: error });
			trace.push({
				source: source.name,
				outcome: "error",
				reason: broken.message,
				notes,
				ms: elapsed()
			});
			skipRest(trace, sources, index, `not consulted: the chain stopped at ${source.name}`);
			return {
				error: broken,
				trace
			};
		}
	}
	return {
		error: new NoCredentialsError(trace),
		trace
	};
}
function skipRest(trace, sources, index, reason) {
	for (const later of sources.slice(index + 1)) trace.push({
		source: later.name,
		outcome: "skipped",
		reason,
		notes: [],
		ms: 0
	});
}
export { BrokenSourceError, NetworkError, NoCredentialsError, NotConfiguredError, REFRESH_WINDOW_MS, Sensitive, credentialChain, defaultContext, maskKeyId, redact };
