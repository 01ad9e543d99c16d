import type { CheckResult, DeploymentInput, DeploymentOptions } from '../check';
import { checkRun, folderOfId, type Grouping } from '../workspace';
import { MATRIX_VERSIONS } from '../simulate/scenario';
import { brokenReferences, diffProfiles } from './diff';
import { fleetImpacts, type FleetResult } from './fleet';
import { DEFAULT_FAIL_ON, IMPACT_ORDER, type FailOn } from './knowledge';
import { recogniseMigrations } from './migrations';
import type { ChangeKind, DeploymentPlan, ImpactKind, Plan, PlanSummary, ProblemRef } from './types';

/**
 * `plan`: what a change to the profiles does to the Macs that already have the
 * old ones. Pure: the shell reads both sides (git, folders, an editor buffer)
 * and passes two lists of deployment inputs; grouping is the checker's.
 */

export type { Grouping } from '../workspace';

export interface PlanOptions extends DeploymentOptions {
  /** How files form deployments, as in `check`: by folder (default), all together, each alone. */
  grouping?: Grouping;
  /** Label of the old side ("HEAD", a folder). */
  base?: string;
  /** Label of the new side ("working tree", a folder). */
  head?: string;
  versions?: readonly string[];
  /** Which impacts make `summary.affectsUsers` true (default: those that hurt users). */
  failOn?: readonly FailOn[];
}

/** The name of a deployment: its folder, the file, or all inputs. */
function groupKey(documentId: string, grouping: Grouping): string {
  return grouping === 'all' ? '(all inputs)' : grouping === 'file' ? documentId : folderOfId(documentId);
}

/** One side checked exactly as `check` checks a run (grouping and the checks across deployments), by deployment. */
function checkSide(inputs: readonly DeploymentInput[], grouping: Grouping, options: DeploymentOptions): Map<string, CheckResult[]> {
  const out = new Map<string, CheckResult[]>();
  for (const result of checkRun(inputs, { ...options, grouping }).results) {
    const key = groupKey(result.documentId, grouping);
    const list = out.get(key);
    if (list) list.push(result);
    else out.set(key, [result]);
  }
  return out;
}

function problemRefs(results: readonly CheckResult[]): ProblemRef[] {
  return results.flatMap((r) =>
    r.problems.map((p) => ({ code: p.code, severity: p.severity, file: r.documentId, ...(p.keyPath ? { keyPath: p.keyPath } : {}), message: p.message })),
  );
}

/** Problems by code + file + key path (not by line): what the change introduces and what it fixes. */
export function diffProblems(before: readonly ProblemRef[], after: readonly ProblemRef[]): { introduced: ProblemRef[]; fixed: ProblemRef[] } {
  const key = (p: ProblemRef) => `${p.code}\u0000${p.file}\u0000${p.keyPath ?? ''}`;
  const count = (list: readonly ProblemRef[]) => {
    const m = new Map<string, number>();
    for (const p of list) m.set(key(p), (m.get(key(p)) ?? 0) + 1);
    return m;
  };
  const subtract = (list: readonly ProblemRef[], other: Map<string, number>) => {
    const left = new Map(other);
    return list.filter((p) => {
      const n = left.get(key(p)) ?? 0;
      if (n > 0) {
        left.set(key(p), n - 1);
        return false;
      }
      return true;
    });
  };
  return { introduced: subtract(after, count(before)), fixed: subtract(before, count(after)) };
}

export function planChange(before: readonly DeploymentInput[], after: readonly DeploymentInput[], options: PlanOptions = {}): Plan {
  const grouping = options.grouping ?? 'folder';
  const versions = options.versions ?? MATRIX_VERSIONS;
  const checkOptions: DeploymentOptions = {
    severities: options.severities,
    preferenceDomainFiles: options.preferenceDomainFiles,
    targetMacOS: options.targetMacOS,
    deviceAccessScep: options.deviceAccessScep,
  };
  const resultsB = checkSide(before, grouping, checkOptions);
  const resultsA = checkSide(after, grouping, checkOptions);
  const keys = [...new Set([...resultsA.keys(), ...resultsB.keys()])].sort();

  const partial = keys.map((group) => {
    const rb = resultsB.get(group) ?? [];
    const ra = resultsA.get(group) ?? [];
    const deltas = diffProfiles(rb, ra);
    const fleet: FleetResult = fleetImpacts({ before: rb, after: ra, deltas, versions });
    return { group, rb, ra, deltas, fleet, problems: diffProblems(problemRefs(rb), problemRefs(ra)) };
  });
  const macos13Kept = partial.some((p) => p.fleet.worksAfter.get(versions.find((v) => v.startsWith('13')) ?? '13.0'));

  const deployments: DeploymentPlan[] = partial.map((p) => ({
    group: p.group,
    filesBefore: p.rb.map((r) => r.documentId),
    filesAfter: p.ra.map((r) => r.documentId),
    profiles: p.deltas.map((d) => d.change),
    brokenReferences: brokenReferences(p.deltas),
    fleet: p.fleet.cells,
    migrations: recogniseMigrations({
      before: p.rb[0]?.deployment,
      after: p.ra[0]?.deployment,
      deltas: p.deltas,
      introduced: p.problems.introduced,
      macos13Kept,
    }),
    problems: p.problems,
  }));
  return {
    base: options.base ?? 'base',
    head: options.head ?? 'now',
    versions: [...versions],
    deployments,
    summary: summarizePlan(deployments, options.failOn ?? DEFAULT_FAIL_ON),
  };
}

export function summarizePlan(deployments: readonly DeploymentPlan[], failOn: readonly FailOn[]): PlanSummary {
  const impacts = Object.fromEntries(IMPACT_ORDER.map((k) => [k, 0])) as Record<ImpactKind, number>;
  const profiles: Record<ChangeKind, number> = { unchanged: 0, updated: 0, reinstalled: 0, added: 0, removed: 0 };
  let brokenReferences = 0;
  let problemsIntroduced = 0;
  let problemsFixed = 0;
  let newErrors = 0;
  const migrations: string[] = [];
  for (const d of deployments) {
    for (const c of d.fleet) for (const k of new Set(c.impacts.map((i) => i.kind))) impacts[k]++;
    for (const p of d.profiles) profiles[p.kind]++;
    brokenReferences += d.brokenReferences.length;
    problemsIntroduced += d.problems.introduced.length;
    problemsFixed += d.problems.fixed.length;
    newErrors += d.problems.introduced.filter((p) => p.severity === 'error').length;
    for (const m of d.migrations) if (!migrations.includes(m.id)) migrations.push(m.id);
  }
  const affectsUsers =
    IMPACT_ORDER.some((k) => failOn.includes(k) && impacts[k] > 0) ||
    (failOn.includes('broken-reference') && brokenReferences > 0) ||
    (failOn.includes('new-error') && newErrors > 0);
  return { affectsUsers, impacts, profiles, brokenReferences, problemsIntroduced, problemsFixed, migrations };
}
