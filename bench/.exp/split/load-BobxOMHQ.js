import { t as BrokenSourceError } from "./errors-DljhmaUc.js";
import { t as locateConfigFiles } from "./locate-CYLTB6vG.js";
// dist/config/parse.js
/** The file cannot be used at all (today: a `__proto__` name, refused so no object prototype can be reached). */
var ProfileFileError = class extends Error {
	kind;
	line;
	name = "ProfileFileError";
	constructor(kind, line, message) {
		super(message);
		this.kind = kind;
		this.line = line;
	}
};
/** Objects without a prototype: a profile or key named `constructor` or `toString` is just data. */
function emptyRecord() {
	return Object.create(null);
}
const PREFIXED_HEADER = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const SECTION_TYPES = /* @__PURE__ */ new Set([
	"profile",
	"sso-session",
	"services"
]);
const COMMENT = /(^|\s)[;#]/;
const FORBIDDEN = "__proto__";
function parseProfileFile(text, kind) {
	const typedProfiles = emptyRecord();
	const ssoSessions = emptyRecord();
	const services = emptyRecord();
	let bareDefault;
	const diagnostics = [];
	let current;
	let seenHeader = false;
	let subProperty;
	const sectionFor = (target) => {
		if (target.kind === "bare-default") return bareDefault ??= emptyRecord();
		const table = target.kind === "profile" ? typedProfiles : target.kind === "sso-session" ? ssoSessions : services;
		return table[target.name] ??= emptyRecord();
	};
	const lines = text.split(/\r?\n/);
	for (const [index, rawLine] of lines.entries()) {
		const lineNumber = index + 1;
		const diagnose = (kind, message) => diagnostics.push({
			line: lineNumber,
			kind,
			message: `line ${lineNumber}: ${message}`
		});
		const comment = COMMENT.exec(rawLine);
		const line = (comment ? rawLine.slice(0, comment.index) : rawLine).trim();
		if (line === "") continue;
		if (line.startsWith("[") && line.endsWith("]")) {
			seenHeader = true;
			subProperty = void 0;
			const target = sectionTarget(line.slice(1, -1), kind, lineNumber, diagnose);
			current = target ? sectionFor(target) : void 0;
			continue;
		}
		let diagnosed = false;
		if (line.startsWith("[")) {
			diagnosed = true;
			if (line.includes("]")) diagnose("text-after-section", "text after ']' on a section header line: the whole line is ignored (as the AWS SDK does); put comments on their own line");
			else diagnose("unclosed-section", "a section header must end with ']'; the line is ignored");
		}
		if (!current) {
			if (!seenHeader && !diagnosed) diagnose("property-outside-section", "a line before any [section] header is ignored");
			continue;
		}
		const equals = line.indexOf("=");
		if (equals <= 0) {
			if (!diagnosed) {
				if (equals === 0) diagnose("property-without-name", "a property with no name before '=' is ignored");
				else diagnose("line-without-equals", "a line without '=' is ignored (values cannot continue on the next line)");
			}
			continue;
		}
		const key = line.slice(0, equals).trim();
		const value = line.slice(equals + 1).trim();
		if (key === FORBIDDEN) throw new ProfileFileError("forbidden-name", lineNumber, `line ${lineNumber}: the property name __proto__ is not allowed`);
		if (value === "") {
			subProperty = key;
			continue;
		}
		if (subProperty !== void 0 && rawLine.trimStart() === rawLine) subProperty = void 0;
		if (subProperty === void 0) current[key] = value;
		else {
			let record = current[subProperty];
			if (typeof record !== "object") current[subProperty] = record = emptyRecord();
			record[key] = value;
		}
	}
	const profiles = emptyRecord();
	if (bareDefault && !(typedProfiles.default && Object.keys(typedProfiles.default).length > 0)) profiles.default = bareDefault;
	for (const [name, section] of Object.entries(typedProfiles)) {
		if (name === "default" && profiles.default) continue;
		profiles[name] = section;
	}
	return {
		profiles,
		ssoSessions,
		services,
		diagnostics
	};
}
/** Which section a header names, or undefined when the SDK ignores it (with a diagnostic saying why). */
function sectionTarget(header, kind, line, diagnose) {
	const match = PREFIXED_HEADER.exec(header);
	const forbidden = (name) => {
		if (name === FORBIDDEN || header.trim() === FORBIDDEN) throw new ProfileFileError("forbidden-name", line, `line ${line}: the section name __proto__ is not allowed`);
	};
	const shown = /^[\w\-@+.%:/ "'\t]{1,80}$/.test(header) ? `[${header}]` : "a section header";
	if (match) {
		const [, type, , name] = match;
		forbidden(name);
		if (!SECTION_TYPES.has(type)) {
			diagnose("ignored-section", `${shown} is ignored: the known section types are profile, sso-session and services`);
			return;
		}
		if (kind === "credentials") {
			diagnose("ignored-section", `${shown} is ignored: the credentials file names profiles without a prefix, e.g. [${name}]`);
			return;
		}
		return {
			kind: type,
			name
		};
	}
	forbidden(header);
	if (kind === "credentials") return {
		kind: "profile",
		name: header
	};
	if (header === "default") return {
		kind: "bare-default",
		name: header
	};
	diagnose("ignored-section", `${shown} is ignored: in the config file a profile section is written [profile NAME] (one space, NAME of letters, digits and -_.@+%:/)`);
}
// dist/config/merge.js
/**
* New objects all the way down, so the cached parse results are never changed. sso-session and
* services sections come from the config file only (as in the SDK).
*/
function mergeProfileFiles(config, credentials) {
	const profiles = emptyRecord();
	for (const file of [config, credentials]) for (const [name, section] of Object.entries(file.profiles)) profiles[name] = mergeSection(profiles[name], section);
	return {
		profiles,
		ssoSessions: copyTable(config.ssoSessions),
		services: copyTable(config.services)
	};
}
/** `over` wins key by key; sub-properties merge key by key too (the SDK stores them flat as `s3.k`). */
function mergeSection(under, over) {
	const merged = emptyRecord();
	for (const source of under ? [under, over] : [over]) for (const [key, value] of Object.entries(source)) {
		const existing = merged[key];
		merged[key] = typeof value === "object" ? Object.assign(emptyRecord(), typeof existing === "object" ? existing : void 0, value) : value;
	}
	return merged;
}
function copyTable(table) {
	const copy = emptyRecord();
	for (const [name, section] of Object.entries(table)) copy[name] = mergeSection(void 0, section);
	return copy;
}
// dist/config/load.js
/** The name in error messages when a file cannot be used. */
const SHARED_CONFIG_SOURCE = "shared config";
const cache = /* @__PURE__ */ new WeakMap();
async function loadSharedConfig(context, options = {}) {
	const { configFile, credentialsFile } = locateConfigFiles(context);
	const [config, credentials] = await Promise.all([readParsed(context, configFile, "config", options.ignoreCache === true), readParsed(context, credentialsFile, "credentials", options.ignoreCache === true)]);
	const merged = mergeProfileFiles(config, credentials);
	const diagnostics = [...config.diagnostics.map((d) => `${configFile} ${d.message}`), ...credentials.diagnostics.map((d) => `${credentialsFile} ${d.message}`)];
	const shared = {
		...merged,
		configFile,
		credentialsFile
	};
	if (diagnostics.length > 0) shared.diagnostics = diagnostics;
	return shared;
}
/**
* input.loadConfig() for a source that reads profiles: a file that cannot be used becomes that
* source's broken error, and the lines the parser ignored go into its trace entry.
*/
async function loadConfigFor(input, sourceName) {
	let config;
	try {
		config = await input.loadConfig();
	} catch (error) {
		if (error instanceof BrokenSourceError && error.source === "shared config") throw new BrokenSourceError(sourceName, error.problem, {
			fix: error.fix,
			code: error.code,
			cause: error
		});
		throw error;
	}
	for (const diagnostic of config.diagnostics ?? []) input.note(`ignored: ${diagnostic}`);
	return config;
}
function readParsed(context, path, kind, ignoreCache) {
	let files = cache.get(context.readFile);
	if (!files) cache.set(context.readFile, files = /* @__PURE__ */ new Map());
	const key = `${kind}\0${path}`;
	const cached = files.get(key);
	if (cached && !ignoreCache) return cached;
	const pending = readAndParse(context, path, kind);
	files.set(key, pending);
	pending.catch(() => {
		if (files.get(key) === pending) files.delete(key);
	});
	return pending;
}
async function readAndParse(context, path, kind) {
	const variable = kind === "config" ? "AWS_CONFIG_FILE" : "AWS_SHARED_CREDENTIALS_FILE";
	let text;
	try {
		text = await context.readFile(path);
	} catch (error) {
		const code = error?.code;
		throw new BrokenSourceError(SHARED_CONFIG_SOURCE, `cannot read the ${kind} file ${path}${code ? ` (${code})` : ""}`, {
			fix: `Make it readable by this user, or set ${variable} to another file`,
			code: "unreadable",
			cause: error
		});
	}
	if (text === void 0) return {
		profiles: emptyRecord(),
		ssoSessions: emptyRecord(),
		services: emptyRecord(),
		diagnostics: []
	};
	try {
		return parseProfileFile(text, kind);
	} catch (error) {
		if (!(error instanceof ProfileFileError)) throw error;
		throw new BrokenSourceError(SHARED_CONFIG_SOURCE, `cannot use the ${kind} file ${path}: ${error.message}`, {
			fix: "Rename that section or property",
			code: error.kind
		});
	}
}
export { loadConfigFor, loadSharedConfig };
