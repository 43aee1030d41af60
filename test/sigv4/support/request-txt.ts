// Reads the conformance suite's request.txt files (test/fixtures/sigv4) per the harness notes in
// /work/shared/conformance/README.md; shared by the conformance and the verifier tests.

export interface ParsedRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** request.txt per the conformance README's harness notes. */
export function parseRequest(text: string): ParsedRequest {
  const lines = text.split('\n');
  const requestLine = lines.shift()!;
  const firstSpace = requestLine.indexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  const target = requestLine.slice(firstSpace + 1, requestLine.lastIndexOf(' HTTP/1.1'));
  const headers: Record<string, string> = {};
  const nameOf = new Map<string, string>(); // lower-case name → first spelling seen
  let last: string | undefined;
  while (lines.length > 0) {
    const line = lines.shift()!;
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      headers[last!] += ` ${line.trim()}`; // a folded continuation line
      continue;
    }
    const colon = line.indexOf(':');
    const lower = line.slice(0, colon).toLowerCase();
    const name = nameOf.get(lower) ?? line.slice(0, colon);
    nameOf.set(lower, name);
    const value = line.slice(colon + 1);
    headers[name] = name in headers ? `${headers[name]},${value}` : value; // repeated names join with ','
    last = name;
  }
  // Trailing blank lines in the files are layout, not body (the expected payload hash is the empty one).
  const body = lines.join('\n').replace(/\n+$/, '');
  return { method, target, headers, body: body === '' ? undefined : body };
}

export function hostOf(headers: Record<string, string>): string {
  return Object.entries(headers).find(([name]) => name.toLowerCase() === 'host')![1].trim();
}
