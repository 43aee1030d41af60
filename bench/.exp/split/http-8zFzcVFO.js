import { r as __exportAll } from "./rolldown-runtime-DJqFfS24.js";
import { n as NetworkError } from "./errors-DljhmaUc.js";
// dist/io/http.js
var http_exports = /* @__PURE__ */ __exportAll({ nodeRequest: () => nodeRequest });
const MAX_BODY_BYTES = 1048576;
async function nodeRequest(req) {
	const url = new URL(req.url);
	const transport = url.protocol === "https:" ? await import("node:https") : await import("node:http");
	if (url.protocol !== "https:" && url.protocol !== "http:") throw new NetworkError("unsupported", `unsupported URL scheme ${url.protocol}`, safeUrl(url));
	return new Promise((resolve, reject) => {
		let settled = false;
		const finish = (error, response) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (error) {
				request.destroy();
				reject(error);
			} else resolve(response);
		};
		const headers = { ...req.headers };
		if (req.body !== void 0 && !hasHeader(headers, "content-length")) headers["Content-Length"] = String(Buffer.byteLength(req.body));
		const request = transport.request(url, {
			method: req.method,
			headers,
			agent: false
		});
		const timer = setTimeout(() => finish(new NetworkError("timeout", `no complete answer within ${req.timeoutMs} ms`, safeUrl(url))), req.timeoutMs);
		request.on("error", (error) => finish(toNetworkError(error, url)));
		request.on("response", (response) => {
			const chunks = [];
			let size = 0;
			response.on("data", (chunk) => {
				size += chunk.length;
				if (size > MAX_BODY_BYTES) {
					finish(new NetworkError("too-large", `reply larger than ${MAX_BODY_BYTES} bytes`, safeUrl(url)));
					return;
				}
				chunks.push(chunk);
			});
			response.on("error", (error) => finish(toNetworkError(error, url)));
			response.on("aborted", () => finish(new NetworkError("reset", "connection closed before the reply ended", safeUrl(url))));
			response.on("end", () => {
				if (!response.complete) {
					finish(new NetworkError("reset", "connection closed before the reply ended", safeUrl(url)));
					return;
				}
				const lower = {};
				for (const [name, value] of Object.entries(response.headers)) if (value !== void 0) lower[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
				finish(void 0, {
					status: response.statusCode ?? 0,
					headers: lower,
					body: Buffer.concat(chunks).toString("utf8")
				});
			});
		});
		request.end(req.body);
	});
}
function hasHeader(headers, name) {
	return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
/** The URL without query string or credentials: safe to show. */
function safeUrl(url) {
	return `${url.protocol}//${url.host}${url.pathname}`;
}
function toNetworkError(error, url) {
	const where = safeUrl(url);
	switch (error.code) {
		case "ECONNREFUSED": return new NetworkError("refused", "connection refused", where);
		case "ENOTFOUND":
		case "EAI_AGAIN": return new NetworkError("dns", `host ${url.hostname} not found`, where);
		case "ECONNRESET":
		case "EPIPE": return new NetworkError("reset", "connection reset", where);
		case "EHOSTUNREACH":
		case "ENETUNREACH": return new NetworkError("unreachable", "host unreachable", where);
		default: return new NetworkError("other", error.code ? `network error ${error.code}` : "network error", where);
	}
}
export { safeUrl as n, http_exports as t };
