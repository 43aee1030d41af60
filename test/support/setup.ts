// Runs before every test file: no test may see the developer's AWS settings or reach real IMDS.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_')) delete process.env[name];
}
process.env.AWS_EC2_METADATA_DISABLED = 'true';
