// Runs the AWS SDK (which reads process.env directly) with exactly the given AWS_* variables and HOME,
// restoring process.env afterwards — how the differential tests point the SDK at the loopback emulator.

export async function withProcessEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}
