// The Lambda recipes of docs/lambda.md, as code: the handler and each bundler's configuration are
// read from the document itself (so what users copy is what the tests and the bench run), bundled
// in-process through each bundler's JS API, and the Lambda environment a function runs with.
// Used by test/package/lambda-bundles.test.ts and bench/lambda.mjs.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const LAMBDA_DOC = join(root, 'docs/lambda.md');
export const LAMBDA_RUNTIME = join(root, 'bench/lambda-runtime.mjs');
export const SDK_NAME = '@aws-sdk/credential-providers';

/** The first fenced block of `language` after `heading` in the document. */
function blockAfter(doc, heading, language) {
  const start = doc.indexOf(heading);
  if (start < 0) throw new Error(`docs/lambda.md has no heading "${heading}"`);
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(doc.slice(start));
  if (!block) throw new Error(`docs/lambda.md: no \`\`\`${language} block after "${heading}"`);
  return block[1];
}

/** The object literal the pattern captures, evaluated (the samples are plain data plus comments). */
function objectIn(code, pattern, what) {
  const match = pattern.exec(code);
  if (!match) throw new Error(`docs/lambda.md: cannot find the ${what} configuration object`);
  return new Function(`return (${match[1]});`)();
}

/** Everything docs/lambda.md asks users to write, parsed. */
export function readRecipes(doc = readFileSync(LAMBDA_DOC, 'utf8')) {
  return {
    packageJson: JSON.parse(blockAfter(doc, '## The setup in one page', 'json')),
    handler: blockAfter(doc, 'The handler, `handler.mjs`', 'js'),
    sdkNameHandler: blockAfter(doc, '### A bundler without an alias option', 'js'),
    esbuild: objectIn(blockAfter(doc, '### esbuild', 'js'), /await build\((\{[\s\S]*?\n\})\);/, 'esbuild'),
    cdk: objectIn(blockAfter(doc, '### AWS CDK `NodejsFunction`', 'ts'), /bundling: (\{[\s\S]*?\n {2}\}),/, 'NodejsFunction bundling'),
    cdkRuntime: /runtime: Runtime\.NODEJS_(\d+)_X/.exec(blockAfter(doc, '### AWS CDK `NodejsFunction`', 'ts'))?.[1],
    rolldown: objectIn(blockAfter(doc, '### rolldown', 'js'), /export default (\{[\s\S]*?\n\});/, 'rolldown'),
    webpack: objectIn(blockAfter(doc, '### webpack', 'js'), /module\.exports = (\{[\s\S]*?\n\});/, 'webpack'),
    localRun: /^node -e .*$/m.exec(blockAfter(doc, '## Run it locally', 'sh'))?.[0],
  };
}

/**
 * The esbuild options NodejsFunction passes for `bundling` (aws-cdk-lib 2.276.0,
 * aws-lambda-nodejs/lib/bundling.js: `--bundle ENTRY --target=node<N> --platform=node --outfile=…`,
 * `--external:` for each of `externalModules ?? ["@aws-sdk/*"]` (Node 18+ runtimes, bundleAwsSDK
 * unset), then `esbuildArgs` rendered by its toCliArgsArray), as esbuild JS API options.
 */
export function cdkEsbuildOptions(bundling, { runtimeMajor, entry, outfile }) {
  const externals = bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']);
  const options = { entryPoints: [entry], bundle: true, target: `node${runtimeMajor}`, platform: 'node', outfile, external: [...externals], alias: {} };
  for (const [key, value] of Object.entries(bundling.esbuildArgs ?? {})) {
    // toCliArgsArray: arrays → `key:item`; `--alias`… → `key:value`; otherwise `key=value`.
    const args = Array.isArray(value) ? value.map((item) => `${key}:${item}`) : value === true || value === '' ? [key] : ['--alias'].includes(key) ? [`${key}:${value}`] : [`${key}=${value}`];
    for (const arg of args) {
      const alias = /^--alias:([^=]+)=(.+)$/.exec(arg);
      if (!alias) throw new Error(`cdkEsbuildOptions: ${arg} is not translated (only --alias is)`);
      options.alias[alias[1]] = alias[2];
    }
  }
  return options;
}

/**
 * Bundles `entry` (in `projectDir`) with `tool` and a recipe's options, in-process; returns the
 * output file and the bundled modules' paths (what the bundle holds, from the bundler itself).
 */
export async function bundle(tool, recipe, { projectDir, entry, outDir, runtimeMajor = '22' }) {
  // esbuild and webpack write one file; rolldown names its entry after the input (handler.js).
  const outfile = join(outDir, 'index.js');
  if (tool === 'esbuild' || tool === 'cdk') {
    const esbuild = await import('esbuild');
    const options = tool === 'cdk' ? cdkEsbuildOptions(recipe, { runtimeMajor, entry, outfile }) : { ...recipe, entryPoints: [entry], outfile };
    const result = await esbuild.build({ ...options, absWorkingDir: projectDir, metafile: true, logLevel: 'silent' });
    return { file: outfile, modules: Object.keys(result.metafile.inputs).map((input) => resolve(projectDir, input)) };
  }
  if (tool === 'rolldown') {
    const { rolldown } = await import('rolldown');
    const { output: outputOptions, ...input } = recipe;
    const build = await rolldown({ ...input, input: join(projectDir, entry), cwd: projectDir, logLevel: 'silent' });
    const { output } = await build.write({ ...outputOptions, dir: outDir });
    await build.close();
    const chunks = output.filter((chunk) => chunk.type === 'chunk');
    return { file: join(outDir, chunks.find((chunk) => chunk.isEntry).fileName), modules: chunks.flatMap((chunk) => chunk.moduleIds) };
  }
  if (tool === 'webpack') {
    const { default: webpack } = await import('webpack');
    const stats = await new Promise((done, fail) =>
      webpack({ ...recipe, context: projectDir, output: { ...recipe.output, path: outDir }, infrastructureLogging: { level: 'none' } }, (error, result) => (error ? fail(error) : done(result))),
    );
    const json = stats.toJson({ modules: true, nestedModules: true, errors: true });
    if (json.errors.length > 0) throw new Error(`webpack: ${json.errors.map((e) => e.message).join('\n')}`);
    const modules = json.modules.flatMap((m) => [m, ...(m.modules ?? [])]).map((m) => m.nameForCondition ?? m.identifier).filter(Boolean);
    return { file: outfile, modules };
  }
  throw new Error(`unknown bundler ${tool}`);
}

/** Module paths from the AWS SDK (@aws-sdk/*, @smithy/*); credchain installed under the SDK's name is not the SDK. */
export function sdkModulesIn(modules) {
  return modules.filter((path) => {
    const folder = /^(.*[\\/]node_modules[\\/](?:@aws-sdk|@smithy)[\\/][^\\/]+)[\\/]/.exec(path)?.[1];
    if (!folder) return false;
    try {
      return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name !== 'credchain';
    } catch {
      return true;
    }
  });
}

/**
 * The variables the Lambda service sets for a Node.js function (those a handler or credchain could
 * read), with the execution role's session and the runtime's own node_modules on NODE_PATH (where the
 * real runtime keeps its AWS SDK: /var/runtime/node_modules).
 */
export function lambdaEnvironment({ session, taskRoot, runtimeNodeModules, mongodbUri, functionName = 'orders', region = 'us-east-1' }) {
  return {
    PATH: process.env.PATH ?? '',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: session.accessKeyId,
    AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
    AWS_SESSION_TOKEN: session.sessionToken,
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: join(runtimeNodeModules, '..'),
    NODE_PATH: runtimeNodeModules,
    TZ: ':UTC',
    _HANDLER: 'index.handler',
    MONGODB_URI: mongodbUri,
  };
}
