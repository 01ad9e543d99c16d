import type { ChangeKind, ImpactKind, MigrationStepStatus, RegistrationState } from './types';

/**
 * Names of the plan's kinds, for every renderer (text, markdown, HTML, the
 * VS Code view) and for `--fail-on`. Imports types only, so the client can
 * bundle the renderers without the core.
 */

export const IMPACT_KINDS: Readonly<Record<ImpactKind, { title: string; short: string; affectsUsers: boolean }>> = {
  'install-failure': { title: 'profile fails to install', short: 'install fails', affectsUsers: true },
  'lost-sync': { title: 'password sync lost until registered again', short: 'sync lost', affectsUsers: true },
  'registration-broken': { title: 'registration no longer completes', short: 'registration broken', affectsUsers: true },
  reregistration: { title: 're-registration', short: 're-register', affectsUsers: true },
  'registration-prompt': { title: 'new registration prompt', short: 'new prompt', affectsUsers: false },
  'scep-request': { title: 'new Device Access certificate request', short: 'new SCEP cert', affectsUsers: false },
};

export const IMPACT_ORDER: readonly ImpactKind[] = [
  'install-failure',
  'lost-sync',
  'registration-broken',
  'reregistration',
  'registration-prompt',
  'scep-request',
];

/** What `--fail-on` accepts besides the impact kinds. */
export const EXTRA_FAIL_ON = ['broken-reference', 'new-error'] as const;
export type FailOn = ImpactKind | (typeof EXTRA_FAIL_ON)[number];
export const FAIL_ON_CHOICES: readonly FailOn[] = [...IMPACT_ORDER, ...EXTRA_FAIL_ON];
/** A broken reference makes the payload that uses it fail, so it counts by default too. */
export const DEFAULT_FAIL_ON: readonly FailOn[] = [...IMPACT_ORDER.filter((k) => IMPACT_KINDS[k].affectsUsers), 'broken-reference'];

export const CHANGE_TITLES: Readonly<Record<ChangeKind, string>> = {
  unchanged: 'unchanged',
  updated: 'updated in place',
  reinstalled: 'removed and reinstalled',
  added: 'added',
  removed: 'removed',
};

export const STATE_TITLES: Readonly<Record<RegistrationState, string>> = {
  unregistered: 'not registered yet',
  psso1: 'registered with PSSO 1.0',
  psso2: 'registered with PSSO 2.0',
};

export const STEP_STATUS_TITLES: Readonly<Record<MigrationStepStatus, string>> = {
  done: 'done before',
  ok: 'ok',
  warning: 'warning',
  missing: 'missing',
  'not-checked': 'not checked',
};

export function baseName(id: string): string {
  return id.replace(/^.*[\\/]/, '');
}
