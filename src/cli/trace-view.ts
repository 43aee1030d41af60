// How a trace reads on screen (explain, demo) and as --json: one row per source with its outcome,
// time and reason; source notes as indented lines under the reason. Never holds a secret: the trace
// and the explanation are secret-free by construction (docs/behaviour.md, "The chain", "Secrets").

import type { Explanation, TraceEntry } from '../chain.js';
import { relativeTime, table, type Cell, type Style } from './output.js';
import { joinText, term, type TerminalText } from './terminal-text.js';

export function renderTrace(trace: TraceEntry[], s: Style, indent = '  '): TerminalText {
  const paint = (entry: TraceEntry) =>
    entry.outcome === 'hit' ? s.green('hit') : entry.outcome === 'error' ? s.red('error') : entry.outcome === 'miss' ? 'miss' : s.dim('skipped');
  const rows: Cell[][] = [[s.bold('SOURCE'), s.bold('OUTCOME'), s.bold('TIME'), s.bold('REASON')]];
  for (const entry of trace) {
    const time = entry.outcome === 'skipped' && entry.ms === 0 ? s.dim('-') : `${entry.ms} ms`;
    // Reasons and notes may quote a name from a file or an endpoint: table() escapes each line.
    rows.push([entry.source, paint(entry), time, [entry.reason, ...entry.notes.map((note) => s.dim(`· ${note}`))]]);
  }
  return table(rows, indent);
}

/** One line on who answered (or did not); the account id and key id came from outside. */
export function renderVerdict(explanation: Explanation, s: Style, now: number): TerminalText {
  if (!explanation.ok) {
    const stopped = explanation.trace.find((entry) => entry.outcome === 'error');
    return stopped
      ? term`${s.red('✗')} the chain stopped at ${s.bold(stopped.source)}: it is configured but broken (no fall-through to another identity).`
      : term`${s.red('✗')} no credentials: no source is configured on this machine.`;
  }
  const parts = [`key ${explanation.accessKeyId}`];
  if (explanation.accountId) parts.push(`account ${explanation.accountId}`);
  if (explanation.expiration) parts.push(`expires ${explanation.expiration.toISOString()} (${relativeTime(explanation.expiration, now)})`);
  else parts.push('no expiration');
  return term`${s.green('✓')} credentials from ${s.bold(explanation.source ?? '?')}: ${joinText(parts, term`, `)}`;
}

/** The explanation as plain JSON (dates as ISO strings). */
export function explanationJson(explanation: Explanation): Record<string, unknown> {
  return {
    ok: explanation.ok,
    source: explanation.source ?? null,
    accessKeyId: explanation.accessKeyId ?? null,
    accountId: explanation.accountId ?? null,
    expiration: explanation.expiration?.toISOString() ?? null,
    error: explanation.error ?? null,
    trace: explanation.trace.map((entry) => ({ source: entry.source, outcome: entry.outcome, reason: entry.reason, notes: entry.notes, ms: entry.ms })),
    ...(explanation.notes ? { notes: explanation.notes } : {}),
  };
}
