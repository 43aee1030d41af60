// dist/errors.js
/** The source is not configured on this machine (variable unset, profile absent…): the chain moves on. */
var NotConfiguredError = class extends Error {
	source;
	reason;
	name = "NotConfiguredError";
	kind = "not-configured";
	/** `true` when the source was deliberately not consulted (e.g. env while a profile is selected). */
	skipped;
	constructor(source, reason, options = {}) {
		super(`${source}: ${reason}`);
		this.source = source;
		this.reason = reason;
		this.skipped = options.skipped ?? false;
	}
};
/**
* The source is configured but cannot produce credentials (token expired, AccessDenied, file
* named but unreadable…): the chain stops here, so a mistake never falls through to another identity.
* The message says what failed, where (variable, file, URL — never a secret) and what to do.
*/
var BrokenSourceError = class extends Error {
	source;
	problem;
	name = "BrokenSourceError";
	kind = "broken";
	/** What the user should do, when we know. */
	fix;
	/** A machine-readable code, e.g. the STS error Code or the network failure kind. */
	code;
	constructor(source, problem, options = {}) {
		super(`${source}: ${problem}${options.fix ? `. ${options.fix}` : ""}`, options.cause === void 0 ? void 0 : { cause: options.cause });
		this.source = source;
		this.problem = problem;
		this.fix = options.fix;
		this.code = options.code;
	}
};
/** A request that got no usable HTTP answer. `where` is scheme://host/path, never a query or body. */
var NetworkError = class extends Error {
	code;
	detail;
	where;
	name = "NetworkError";
	constructor(code, detail, where) {
		super(`${detail} (${where})`);
		this.code = code;
		this.detail = detail;
		this.where = where;
	}
};
/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`. Short or empty ids are fully masked. */
function maskKeyId(accessKeyId) {
	if (!accessKeyId) return "(none)";
	if (accessKeyId.length < 12) return "…";
	return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
/** Replaces every occurrence of each secret (4+ characters) in text with `[redacted]`. */
function redact(text, secrets) {
	let out = text;
	for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
	return out;
}
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
/**
* A value that must not be printed by accident (a command line, a token): `String()`, template
* literals, JSON and console.log all show `[redacted]`; `reveal()` is the one way in.
*/
var Sensitive = class {
	#value;
	constructor(value) {
		this.#value = value;
	}
	reveal() {
		return this.#value;
	}
	toString() {
		return "[redacted]";
	}
	toJSON() {
		return "[redacted]";
	}
	[inspectSymbol]() {
		return "[redacted]";
	}
};
export { maskKeyId as a, Sensitive as i, NetworkError as n, redact as o, NotConfiguredError as r, BrokenSourceError as t };
