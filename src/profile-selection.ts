// Which profile a resolution uses (docs/behaviour.md, "Choosing the profile"): the profile option,
// else AWS_PROFILE, else `default`. The one place for this rule: the chain, whoami and atlas-check
// all ask here.

export interface ProfileSelection {
  name: string;
  /** True when a profile was chosen explicitly (option or AWS_PROFILE): env credentials are then skipped. */
  selected: boolean;
  /** What chose it, for messages. */
  from: 'option' | 'AWS_PROFILE' | 'default';
}

export function selectProfile(option: string | undefined, env: Record<string, string | undefined>): ProfileSelection {
  if (option) return { name: option, selected: true, from: 'option' };
  if (env.AWS_PROFILE) return { name: env.AWS_PROFILE, selected: true, from: 'AWS_PROFILE' };
  return { name: 'default', selected: false, from: 'default' };
}
