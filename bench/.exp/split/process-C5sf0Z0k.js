import { loadConfigFor } from "./load-BobxOMHQ.js";
import { i as Sensitive, o as redact, r as NotConfiguredError, t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { n as makeCredentials, r as parseTimestamp } from "./credentials-Dd52m27b.js";
// dist/config/plan.js
const SOURCE = "profile";
const CREDENTIAL_SOURCES = [
	"Environment",
	"Ec2InstanceMetadata",
	"EcsContainer"
];
const SSO_KEYS = [
	"sso_start_url",
	"sso_account_id",
	"sso_region",
	"sso_role_name"
];
/**
* The plan for profile `name`, or NotConfiguredError (no such profile, or nothing in it that gives
* credentials: the chain moves on) or BrokenSourceError (half-configured, a cycle…: the chain stops).
*/
function planProfile(config, name) {
	const { base, hops } = new Planner(config).resolve(name, [name], void 0, false);
	return {
		profile: name,
		base,
		hops
	};
}
var Planner = class {
	config;
	constructor(config) {
		this.config = config;
	}
	/**
	* One step of the SDK's resolveProfileData. `path` is every profile on the way here (for cycle
	* messages), `from` the profile whose source_profile named this one.
	*/
	resolve(name, path, from, credentialSourceOnly) {
		const section = this.config.profiles[name];
		if (!section) {
			if (from === void 0) throw new NotConfiguredError(SOURCE, `profile "${name}" is not in ${this.files()}`);
			throw new BrokenSourceError(SOURCE, `profile "${from}" has source_profile = ${name}, but there is no profile "${name}" in ${this.files()}`, { fix: `Add a [profile ${name}] section, or correct source_profile` });
		}
		const keys = staticKeys(section);
		if (from !== void 0 && keys.complete) return {
			base: this.staticBase(name, section),
			hops: []
		};
		const roleArn = text(section, "role_arn");
		const sourceProfile = text(section, "source_profile");
		const credentialSource = text(section, "credential_source");
		if (roleArn && sourceProfile && credentialSource) throw new BrokenSourceError(SOURCE, `profile "${name}" has role_arn with both source_profile and credential_source; exactly one is allowed`, { fix: "Remove source_profile or credential_source" });
		if (credentialSourceOnly || roleArn && (sourceProfile || credentialSource)) return this.assumeRole(name, section, path);
		if (keys.complete) return {
			base: this.staticBase(name, section),
			hops: []
		};
		const tokenFile = text(section, "web_identity_token_file");
		if (tokenFile && roleArn) {
			const base = {
				kind: "web-identity",
				profile: name,
				roleArn,
				webIdentityTokenFile: tokenFile
			};
			const roleSessionName = text(section, "role_session_name");
			if (roleSessionName) base.roleSessionName = roleSessionName;
			return {
				base,
				hops: []
			};
		}
		const processBase = credentialProcessOf(this.config, name);
		if (processBase) return {
			base: processBase,
			hops: []
		};
		if (text(section, "sso_session") || SSO_KEYS.some((key) => text(section, key))) return {
			base: this.ssoBase(name, section),
			hops: []
		};
		if (text(section, "login_session")) throw new BrokenSourceError(SOURCE, `profile "${name}" uses login_session (\`aws login\`), which credchain does not support`, { fix: "Use an SSO or static-key profile for this application" });
		if (keys.partial) throw new BrokenSourceError(SOURCE, `profile "${name}" has ${keys.partial} but no ${keys.partial === "aws_access_key_id" ? "aws_secret_access_key" : "aws_access_key_id"}`, { fix: "Add the missing key, or remove the other one" });
		if (roleArn) throw new BrokenSourceError(SOURCE, `profile "${name}" has role_arn but no source_profile, credential_source or web_identity_token_file`, { fix: "Add one of them to say which credentials assume the role" });
		if (from !== void 0) throw new BrokenSourceError(SOURCE, `profile "${from}" has source_profile = ${name}, but profile "${name}" has no credentials`, { fix: `Give profile "${name}" static keys, a credential_source, SSO settings or a credential_process` });
		throw new NotConfiguredError(SOURCE, `profile "${name}" has no credentials`);
	}
	/** role_arn (or a credential_source reached as source_profile): the source's plan, then this profile's hop. */
	assumeRole(name, section, path) {
		const sourceProfile = text(section, "source_profile");
		const roleArn = text(section, "role_arn");
		let resolved;
		if (sourceProfile) {
			if (path.slice(1).includes(sourceProfile)) throw this.cycle([...path, sourceProfile]);
			const source = this.config.profiles[sourceProfile];
			const sourceIsCredentialSourceOnly = source !== void 0 && !text(source, "role_arn") && text(source, "credential_source") !== void 0;
			resolved = this.resolve(sourceProfile, [...path, sourceProfile], name, sourceIsCredentialSourceOnly);
		} else resolved = {
			base: this.credentialSourceBase(name, text(section, "credential_source")),
			hops: []
		};
		if (!roleArn) return resolved;
		return {
			base: resolved.base,
			hops: [...resolved.hops, this.hop(name, section, roleArn)]
		};
	}
	cycle(path) {
		const shown = path.map((p) => `"${p}"`).join(" → ");
		return new BrokenSourceError(SOURCE, `source_profile forms a cycle: ${shown} (profiles visited: ${[...new Set(path)].join(", ")})`, {
			fix: "Give one of these profiles static keys or a credential_source, or correct source_profile",
			code: "cycle"
		});
	}
	hop(name, section, roleArn) {
		const hop = {
			profile: name,
			roleArn
		};
		const roleSessionName = text(section, "role_session_name");
		const externalId = text(section, "external_id");
		const mfaSerial = text(section, "mfa_serial");
		const duration = text(section, "duration_seconds");
		if (roleSessionName) hop.roleSessionName = roleSessionName;
		if (externalId) hop.externalId = externalId;
		if (mfaSerial) hop.mfaSerial = mfaSerial;
		if (duration) {
			const seconds = Number.parseInt(duration, 10);
			if (!(seconds > 0)) throw new BrokenSourceError(SOURCE, `profile "${name}" has duration_seconds = ${duration}, which is not a number of seconds`, { fix: "Use a whole number such as 3600, or remove it" });
			hop.durationSeconds = seconds;
		}
		return hop;
	}
	credentialSourceBase(name, value) {
		const known = CREDENTIAL_SOURCES.find((candidate) => candidate === value);
		if (!known) throw new BrokenSourceError(SOURCE, `profile "${name}" has credential_source = ${value}, which is not one of ${CREDENTIAL_SOURCES.join(", ")} (case-sensitive)`, { fix: "Use one of those values exactly as written" });
		return {
			kind: "credential-source",
			profile: name,
			credentialSource: known
		};
	}
	staticBase(name, section) {
		const base = {
			kind: "static",
			profile: name,
			accessKeyId: credentialValue(section, "aws_access_key_id"),
			secretAccessKey: credentialValue(section, "aws_secret_access_key")
		};
		const sessionToken = credentialValue(section, "aws_session_token");
		const accountId = credentialValue(section, "aws_account_id");
		const credentialScope = credentialValue(section, "aws_credential_scope");
		if (sessionToken) base.sessionToken = sessionToken;
		if (accountId) base.accountId = accountId;
		if (credentialScope) base.credentialScope = credentialScope;
		return base;
	}
	/** sso_session → [sso-session NAME] supplies sso_start_url and sso_region (replacing the profile's, as in the SDK). */
	ssoBase(name, section) {
		const values = {};
		for (const key of SSO_KEYS) values[key] = text(section, key);
		const sessionName = text(section, "sso_session");
		if (sessionName) {
			const session = this.config.ssoSessions[sessionName];
			if (!session) throw new BrokenSourceError(SOURCE, `profile "${name}" has sso_session = ${sessionName}, but ${this.config.configFile || "the config file"} has no [sso-session ${sessionName}] section`, { fix: `Add the [sso-session ${sessionName}] section (aws configure sso-session), or correct sso_session` });
			values.sso_start_url = text(session, "sso_start_url");
			values.sso_region = text(session, "sso_region");
		}
		const missing = SSO_KEYS.filter((key) => !values[key]);
		if (missing.length > 0) {
			const fromSession = sessionName ? ` (sso_start_url and sso_region are read from [sso-session ${sessionName}])` : "";
			throw new BrokenSourceError(SOURCE, `profile "${name}" has incomplete SSO settings: missing ${missing.join(", ")}${fromSession}`, { fix: "Run `aws configure sso`, or add the missing settings" });
		}
		const base = {
			kind: "sso",
			profile: name,
			ssoStartUrl: values.sso_start_url,
			ssoRegion: values.sso_region,
			ssoAccountId: values.sso_account_id,
			ssoRoleName: values.sso_role_name
		};
		if (sessionName) base.ssoSession = sessionName;
		return base;
	}
	files() {
		const { configFile, credentialsFile } = this.config;
		return configFile || credentialsFile ? `${configFile} or ${credentialsFile}` : "the shared config files";
	}
};
/** The profile's credential_process as a plan base, or undefined (also for the chain's `process` step). */
function credentialProcessOf(config, name) {
	const section = config.profiles[name];
	const command = section && text(section, "credential_process");
	if (!section || !command) return void 0;
	const base = {
		kind: "process",
		profile: name,
		command
	};
	const accountId = credentialValue(section, "aws_account_id");
	if (accountId) base.accountId = accountId;
	return base;
}
/** A plain value; a sub-property list counts as absent (the SDK has no key of that name then). */
function text(section, key) {
	const value = section[key];
	return typeof value === "string" ? value : void 0;
}
const CREDENTIAL_KEYS = /* @__PURE__ */ new Set([
	"aws_access_key_id",
	"aws_secret_access_key",
	"aws_session_token",
	"aws_account_id",
	"aws_credential_scope"
]);
/**
* A credential key, exactly as written or, beyond the SDK (which finds nothing then), in another
* case such as AWS_ACCESS_KEY_ID when the lower-case key is absent.
*/
function credentialValue(section, key) {
	const exact = text(section, key);
	if (exact !== void 0 || !CREDENTIAL_KEYS.has(key)) return exact;
	const other = Object.keys(section).find((candidate) => candidate.toLowerCase() === key && typeof section[candidate] === "string");
	return other === void 0 ? void 0 : text(section, other);
}
function staticKeys(section) {
	const id = credentialValue(section, "aws_access_key_id");
	const secret = credentialValue(section, "aws_secret_access_key");
	if (id && secret) return { complete: true };
	if (id) return {
		complete: false,
		partial: "aws_access_key_id"
	};
	if (secret) return {
		complete: false,
		partial: "aws_secret_access_key"
	};
	return { complete: false };
}
// dist/providers/process.js
/** Beyond the SDK, which waits forever for a hung command. */
const DEFAULT_PROCESS_TIMEOUT_MS = 3e4;
/** How much of the command's stderr an error message shows. */
const STDERR_SHOWN = 1e3;
/** The chain's `process` step: the selected profile's credential_process, when the profile step did not use it. */
const source = {
	name: "process",
	async resolve(input) {
		const config = await loadConfigFor(input, "process");
		const name = input.profileName;
		if (!config.profiles[name]) throw new NotConfiguredError("process", `profile "${name}" is not in ${config.configFile} or ${config.credentialsFile}`);
		const base = credentialProcessOf(config, name);
		if (!base) throw new NotConfiguredError("process", `profile "${name}" has no credential_process`);
		return runCredentialProcess(input, base, "process");
	}
};
/** Runs `base.command` and returns its credentials, or throws BrokenSourceError naming `sourceName`. */
async function runCredentialProcess(input, base, sourceName) {
	const { context } = input;
	const command = new Sensitive(base.command);
	const what = `the credential_process of profile "${base.profile}"`;
	const timeoutMs = input.options.processTimeoutMs ?? 3e4;
	const broken = (problem, fix, code) => new BrokenSourceError(sourceName, `${what} ${problem}`, {
		fix,
		code
	});
	const started = context.now();
	let result;
	try {
		result = await context.runCommand(command.reveal(), {
			timeoutMs,
			env: context.env
		});
	} catch (error) {
		throw new BrokenSourceError(sourceName, `${what} could not be started`, {
			fix: "Check that the program exists and is executable",
			code: "spawn",
			cause: error
		});
	}
	input.note(`profile "${base.profile}": ran credential_process (exit ${result.exitCode ?? "signal"}, ${Math.max(0, context.now() - started)} ms)`);
	const secrets = [...secretsIn(result.stdout), ...argumentsOf(base.command)];
	const stderr = describeStderr(redact(result.stderr, secrets));
	if (result.timedOut) throw broken(`did not finish within ${timeoutMs} ms and was stopped${stderr}`, "Fix the command, or raise the processTimeoutMs option", "timeout");
	if (result.exitCode !== 0) throw broken(`${result.exitCode === null ? "was killed by a signal" : `exited with code ${result.exitCode}`}${stderr}`, "Run the command yourself to see what it needs (a login, a network connection…)", "exit");
	let data;
	try {
		data = JSON.parse(result.stdout.trim());
	} catch {
		throw broken("did not print valid JSON on stdout (the output is not shown: it may hold credentials)", "It must print one JSON object with Version, AccessKeyId and SecretAccessKey", "bad-json");
	}
	if (typeof data !== "object" || data === null || Array.isArray(data)) throw broken("printed JSON that is not an object", "It must print one JSON object with Version, AccessKeyId and SecretAccessKey", "bad-json");
	const fields = data;
	if (fields.Version !== 1) throw broken(`returned ${typeof fields.Version === "number" || typeof fields.Version === "string" ? `Version ${JSON.stringify(fields.Version)}` : "no Version"}; only Version 1 is supported`, "Make the command print \"Version\": 1", "bad-version");
	const accessKeyId = fields.AccessKeyId;
	const secretAccessKey = fields.SecretAccessKey;
	if (typeof accessKeyId !== "string" || !accessKeyId || typeof secretAccessKey !== "string" || !secretAccessKey) throw broken("did not return both AccessKeyId and SecretAccessKey as strings", "Fix the JSON the command prints", "bad-credentials");
	let expiration;
	if (fields.Expiration !== void 0 && fields.Expiration !== null && fields.Expiration !== "") {
		expiration = typeof fields.Expiration === "string" ? parseTimestamp(fields.Expiration) : void 0;
		if (!expiration) throw broken("returned an Expiration that is not an ISO-8601 time", "Print Expiration like 2030-01-01T00:00:00Z", "bad-expiration");
		if (expiration.getTime() < context.now()) throw broken(`returned credentials that expired at ${expiration.toISOString()}`, "Make the command fetch fresh credentials", "expired");
	}
	return makeCredentials({
		accessKeyId,
		secretAccessKey,
		sessionToken: stringField(fields.SessionToken),
		expiration,
		credentialScope: stringField(fields.CredentialScope),
		accountId: stringField(fields.AccountId) ?? base.accountId,
		source: sourceName
	});
}
function stringField(value) {
	return typeof value === "string" && value !== "" ? value : void 0;
}
/** The string values of stdout's JSON, when it parses: what must not leak through stderr. */
function secretsIn(stdout) {
	try {
		const data = JSON.parse(stdout.trim());
		if (typeof data !== "object" || data === null) return [];
		return Object.values(data).filter((value) => typeof value === "string");
	} catch {
		return [];
	}
}
/** The command's arguments (not the program), quotes removed: a usage message may echo them. */
function argumentsOf(command) {
	return command.trim().split(/\s+/).slice(1).map((word) => word.replace(/^["']|["']$/g, "")).filter((word) => word.length >= 8);
}
function describeStderr(stderr) {
	const trimmed = stderr.trim();
	if (!trimmed) return " (no output on stderr)";
	return `; stderr: ${trimmed.length > STDERR_SHOWN ? `…${trimmed.slice(-1e3)}` : trimmed}`;
}
export { DEFAULT_PROCESS_TIMEOUT_MS, runCredentialProcess, source, planProfile as t };
