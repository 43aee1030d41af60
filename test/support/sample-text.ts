// Output samples in the docs are real output from one run; a test compares them with another run.
// What differs from run to run is put in a fixed form first: loopback ports, masked key ids, dates,
// minutes left, session names and role ids, temporary directories, and the TIME column (whose width
// follows the times, so runs of spaces count as one).

/** `text` with every run-to-run value in a fixed form, and trailing spaces dropped. */
export function withRunValuesFixed(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b(AKIA|ASIA)…[A-Z0-9]{4}\b/g, '$1…KEY')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, 'TIME')
    .replace(/\(in \d+ min\)/g, '(in N min)')
    .replace(/credchain-\d{13}/g, 'credchain-MS')
    .replace(/\bAROA[A-Z0-9]{17}\b/g, 'AROA…')
    .replace(/\([^()\s]*credchain-demo-\w+\)/g, '(TMP)')
    .replace(/ {2,}/g, '  ')
    .replace(/ {2}(?:\d+ ms|-) {2}/g, '  TIME  ')
    .replace(/ +$/gm, '');
}
