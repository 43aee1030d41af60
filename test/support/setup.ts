// Runs before every test file: no test may see the developer's AWS settings or reach real IMDS;
// child processes only from tests tagged `process`, with the run's TMPDIR (child-processes.ts); and
// the module state a file leaves behind is put back for the next one (below).
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { afterAll, beforeAll } from 'vitest';
import { loadedSdkPackageRoot } from '../../src/driver-sdk-note.js';
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

// The unit project's files share a worker's modules (isolate: false), and with them the state of the
// modules. A test file's imports may patch a built-in's CommonJS exports (nock, node:http and
// node:https); code that imports the built-in as ESM (src/io/http.ts) sees the patch only through
// syncBuiltinESMExports() once an earlier file has made the ESM view: synced as each file starts, as
// a fresh process would see it.
beforeAll(() => syncBuiltinESMExports());

// A file that loads the AWS SDK's @aws-sdk/credential-providers (the differential tests) leaves it in
// Node's CommonJS module cache, where every later chain in the worker — the in-process CLI's too —
// would find it and note that "the MongoDB driver loaded the AWS SDK" (src/driver-sdk-note.ts): the
// package's own modules are taken out of that cache when the file ends (the SDK's other packages stay
// loaded; a later import of the package gets Node's ESM copy, a later require() its few files again).
afterAll(() => {
  const cache = createRequire(import.meta.url).cache;
  for (let root = loadedSdkPackageRoot(Object.keys(cache)); root !== undefined; root = loadedSdkPackageRoot(Object.keys(cache))) {
    for (const id of Object.keys(cache)) if (id.startsWith(root)) delete cache[id];
  }
});

// nock, once a file has loaded it, intercepts every later file's requests in the worker too: a file that
// leaves it on has it turned off (the built-ins' own exports back, synced for their ESM view), its mocks
// dropped and connections allowed again. A later file that uses nock turns it on (test/support/nock.ts).
afterAll(() => {
  const require = createRequire(import.meta.url);
  const nock = require.cache[require.resolve('nock')]?.exports as typeof import('nock') | undefined;
  if (!nock?.isActive()) return;
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
  syncBuiltinESMExports();
});
