// Parsing text that should hold one JSON object — an endpoint's reply, a cache file, a command's
// stdout — without ever quoting it: V8's SyntaxError message carries a slice of the input, and the
// input may be a secret. The one place for this; callers word their own errors from `why`.

export type JsonObjectResult = { ok: true; object: Record<string, unknown> } | { ok: false; why: 'not-json' | 'not-object' };

export function readJsonObject(text: string): JsonObjectResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, why: 'not-json' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, why: 'not-object' };
  return { ok: true, object: parsed as Record<string, unknown> };
}

/** The object, or undefined when the text is not JSON or not an object. Never throws. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const result = readJsonObject(text);
  return result.ok ? result.object : undefined;
}
