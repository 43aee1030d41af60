// fromContainerMetadata's call: the container source, with "no endpoint configured" turned into a stop,
// as the SDK's provider does. Loaded on the provider's first call, not at `import 'credchain'`.

import { broken, CredentialsProviderError } from '../../errors.js';
import { sourceByName } from '../../providers/order.js';
import type { CredentialSource } from '../../source.js';

export const resolveRequiredContainer: CredentialSource['resolve'] = async (input) => {
  try {
    return await sourceByName('container').resolve(input);
  } catch (error) {
    if (!(error instanceof CredentialsProviderError) || !error.tryNextLink) throw error;
    throw broken(`${error.problem}, and without one this provider stops the chain (as the AWS SDK's does)`, {
      fix: 'Run it where ECS or EKS Pod Identity sets the variable, or use fromHttp to pass the endpoint (fromHttp moves on when none is set)',
      code: 'container-not-configured',
    });
  }
};
