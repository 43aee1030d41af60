// The parts of `npm run bench`, in the order they run. A part is a module that exports `section`:
//
//   export const section = {
//     id: 'lambda',                      // also its flag: --skip-lambda
//     title: 'Lambda cold start',        // its heading in the report and bench/RESULTS.md
//     options: { … },                    // optional: node:util parseArgs options it reads from bench.args
//     async run(bench) { … },            // measures; bench = { args, machine, credchainUrl, rounds, warmRounds, scalingRounds, writesDocs }
//                                        //   writesDocs: a complete run, so a part with doc files of its own rewrites them
//     report(result, bench) {            // → { markdown, verdicts: [report.mjs verdict()], failed, data? }
//       …                                //   `data` is kept in RESULTS.md for the generated doc blocks (docs.mjs)
//     },
//   };
//
// Adding a part to the bench is one line below. A part may also run on its own (its own npm script)
// through bench/run.mjs: `node bench/run.mjs --part lambda`. lambda and fleet also run as scripts of
// their own (npm run bench:lambda, bench:fleet) with the options they had before they were parts.

export const SECTIONS = [
  () => import('./cold-start.mjs'),
  () => import('./scaling.mjs'),
  () => import('./in-process.mjs'),
  () => import('./footprint.mjs'),
  () => import('./driver.mjs'),
  () => import('./lambda.mjs'),
  () => import('./fleet.mjs'),
];
