// nock in the unit lane, where test files share a worker's modules (vitest.config.ts, isolate: false): nock
// patches node:http's and node:https's CommonJS exports when it is first imported, and test/support/setup.ts
// turns it off again as each file ends (so a later file, e.g. one tunnelling through a loopback proxy, gets
// the plain built-ins back). A file that uses nock gets it intercepting from here.
import { syncBuiltinESMExports } from 'node:module';
import nock from 'nock';

/** nock, intercepting: turned on again when an earlier file of the worker left it off. */
export function interceptingNock(): typeof nock {
  if (!nock.isActive()) {
    nock.activate();
    // setup.ts synced the built-in exports as this file started, before this patch: code that imports
    // node:http as ESM (src/io/http.ts) must see it too.
    syncBuiltinESMExports();
  }
  return nock;
}
