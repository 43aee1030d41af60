// What one resolution records: one entry per source of the chain, in order (docs/behaviour.md,
// "The chain"). explain(), the no-credentials error and the CLI's trace view all show it.

export type Outcome = 'skipped' | 'miss' | 'hit' | 'error';

export interface TraceEntry {
  source: string;
  outcome: Outcome;
  /** Why it was skipped or missed, the error message, or what answered. Never a secret. */
  reason: string;
  /** Extra lines the source recorded: what it used, warnings. */
  notes: string[];
  ms: number;
}
