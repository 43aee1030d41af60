// Reads an emulator scenario file for `emulate --scenario` and `demo --scenario`; every problem
// (missing, unreadable, not JSON, invalid) becomes one CliError that names the file.

import type { Scenario, ScenarioInput } from '../emulator/index.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** The file's JSON object, before defaults; `complete` lets the caller add what it needs before validation. */
export async function loadScenarioFile(path: string, complete: (input: ScenarioInput) => ScenarioInput = (input) => input): Promise<Scenario> {
  // Through the emulator's entry (which these commands load anyway): a lazily imported module of its own
  // would need the bundler's namespace helper outside dist/index.js, one more file at every import.
  const { readScenarioInput, resolveScenario, ScenarioError } = await import('../emulator/index.js');
  // The bounded reader (a FIFO or /dev/zero as the scenario would never end): regular files up to 1 MiB.
  const [{ readTextFile }, { readFailureFix, readFailureSuffix }] = await Promise.all([import('../io/files.js'), import('../io/file-limits.js')]);
  const text = await readTextFile(path).catch((error: unknown) => {
    const fix = readFailureFix(error, 'Check that it is readable', 'give --scenario another file');
    throw new CliError(`cannot read scenario file ${path}${readFailureSuffix(error)}. ${fix}`, EXIT.scenarioFailed);
  });
  if (text === undefined) throw new CliError(`scenario file ${path} does not exist`, EXIT.scenarioFailed);
  try {
    return resolveScenario(complete(readScenarioInput(text, path)));
  } catch (error) {
    const problem = error instanceof ScenarioError ? error.problem : (error as Error).message;
    throw new CliError(problem.includes(path) ? problem : `scenario file ${path}: ${problem}`, EXIT.scenarioFailed);
  }
}
