// --import hook for subprocess tests and benchmarks: prints every file: module URL the process
// loads to stderr as "load <url>", so a test can prove what a cold start does not load.
import { register } from 'node:module';

const hooks = `
import { writeSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) writeSync(2, 'load ' + url + '\\n');
  return nextLoad(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
