// fromCognitoIdentity() / fromCognitoIdentityPool(): not part of credchain (they are for browser and
// mobile apps, not for a server's credential chain). They exist under the SDK's names so a switched
// import fails at once with the package to install, never later with a confusing error.

const PACKAGE = '@aws-sdk/credential-provider-cognito-identity';

function notHere(name: string): never {
  throw new Error(`credchain does not implement ${name}. Install ${PACKAGE} (or @aws-sdk/credential-providers) and import ${name} from it.`);
}

export function fromCognitoIdentity(_options?: unknown): never {
  return notHere('fromCognitoIdentity');
}

export function fromCognitoIdentityPool(_options?: unknown): never {
  return notHere('fromCognitoIdentityPool');
}
