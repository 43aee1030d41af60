// Runs before every test file: no test may see the developer's AWS settings or reach real IMDS;
// child processes only from tests tagged `process`, with the run's TMPDIR (child-processes.ts).
import { watchTests } from './child-processes.js';
import { SDK_VERSION_WARNING_SWITCH } from './sdk-oracle.js';

watchTests();

for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_')) delete process.env[name];
}
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// The differential tests load the AWS SDK on purpose: its Node-version notice is silenced with the
// SDK's own switch for exactly that warning; every other warning still shows.
process.env[SDK_VERSION_WARNING_SWITCH] = 'true';
