/**
 * Types of `plan`: what a change to the profiles does to Macs already in the
 * field. Type-only on purpose: the VS Code client imports them (and the
 * renderers) without pulling in the core.
 */

/** What macOS does with a profile or payload when the changed version is pushed. */
export type ChangeKind = 'unchanged' | 'updated' | 'reinstalled' | 'added' | 'removed';

/** What a user of one kind of Mac sees after the push. */
export type ImpactKind = 'registration-prompt' | 'reregistration' | 'lost-sync' | 'registration-broken' | 'scep-request' | 'install-failure';

/** How a Mac in the field stands with Okta before the push. */
export type RegistrationState = 'unregistered' | 'psso1' | 'psso2';

/** A file and, when known, the key inside it. */
export interface KeyRef {
  file: string;
  keyPath?: string;
}

export interface KeyChange {
  keyPath: string;
  /** Short text of the value (undefined: the key is absent on that side). */
  before?: string;
  after?: string;
}

export interface PayloadChange {
  kind: ChangeKind;
  type?: string;
  identifier?: string;
  displayName?: string;
  uuidBefore?: string;
  uuidAfter?: string;
  /** Where the payload is (the new file when it still exists). */
  file: string;
  keyPath: string;
  /** Why macOS does this, in one sentence. */
  why: string;
  source: string;
  /** Keys whose values differ (updated payloads; at most a few dozen). */
  keys: KeyChange[];
}

export interface ProfileChange {
  kind: ChangeKind;
  /** The top-level PayloadIdentifier (the new one when it changed). */
  identifier?: string;
  identifierBefore?: string;
  displayName?: string;
  fileBefore?: string;
  fileAfter?: string;
  why: string;
  source: string;
  /** PayloadScope before and after, when it changed (absent means System on an MDM device channel). */
  scope?: { before?: string; after?: string };
  payloads: PayloadChange[];
}

export interface BrokenReference {
  file: string;
  keyPath: string;
  key: string;
  uuid: string;
  /** The payload the reference named before the change, when it did. */
  targetBefore?: { type?: string; identifier?: string };
  says: string;
  source: string;
}

export interface Impact {
  kind: ImpactKind;
  says: string;
  keys: KeyRef[];
  source: string;
}

export interface FleetCell {
  macOS: string;
  state: RegistrationState;
  /** False when the state cannot exist (Platform SSO 2.0 on macOS 13, or registered Macs of a deployment that had no DPS). */
  applicable: boolean;
  /** Empty: the user sees nothing. */
  impacts: Impact[];
}

export type MigrationStepStatus = 'done' | 'ok' | 'warning' | 'missing' | 'not-checked';

export interface MigrationStep {
  /** Okta's step number. */
  n: number;
  title: string;
  status: MigrationStepStatus;
  says: string;
  keys: KeyRef[];
}

export interface Migration {
  id: string;
  title: string;
  source: string;
  status: 'ok' | 'warning' | 'fails';
  steps: MigrationStep[];
}

export interface ProblemRef {
  code: string;
  severity: string;
  file: string;
  keyPath?: string;
  message: string;
}

export interface DeploymentPlan {
  /** The folder (or "all inputs", or the file) the deployment is grouped by. */
  group: string;
  filesBefore: string[];
  filesAfter: string[];
  profiles: ProfileChange[];
  brokenReferences: BrokenReference[];
  fleet: FleetCell[];
  migrations: Migration[];
  problems: { introduced: ProblemRef[]; fixed: ProblemRef[] };
}

export interface PlanSummary {
  /** True when a user-affecting impact (by the fail-on list) appears anywhere. */
  affectsUsers: boolean;
  /** Impact kind → number of (macOS × state) cells with it, over all deployments. */
  impacts: Record<ImpactKind, number>;
  profiles: Record<ChangeKind, number>;
  brokenReferences: number;
  problemsIntroduced: number;
  problemsFixed: number;
  migrations: string[];
}

export interface Plan {
  /** What the change is compared against ("HEAD", "main", a folder). */
  base: string;
  /** What it is compared with ("working tree", a folder, "editor"). */
  head: string;
  versions: string[];
  deployments: DeploymentPlan[];
  summary: PlanSummary;
}
