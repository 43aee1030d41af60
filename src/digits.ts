// Digit strings and dotted-decimal IPv4 hosts, read without a regular expression: they are checked on
// every cold start (the account id of each answer, the metadata host of each call), and V8 compiles a
// bounded repetition such as \d{1,3} into more code than these loops ever run.

/** Is `text` made of `min` to `max` ASCII digits? */
export function isDigits(text: string, min: number, max: number): boolean {
  if (text.length < min || text.length > max) return false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** The four groups of a dotted-decimal IPv4 address (each 1–3 ASCII digits, as URL.hostname writes it), or undefined. */
export function dottedQuad(host: string): string[] | undefined {
  const groups = host.split('.');
  return groups.length === 4 && groups.every((group) => isDigits(group, 1, 3)) ? groups : undefined;
}
