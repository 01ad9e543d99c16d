import { checkDeployment, type CheckResult, type DeploymentInput, type DeploymentOptions } from './check';
import { applySeverities, type SeverityOverrides } from './codes';
import { isPlaceholder, ssoUrls } from './dps/deployment';
import { getEntry, type DictNode } from './plist/ast';
import { joinKeyPath, type ProfileDocument } from './model';
import { compareProblems, type Problem, type ProblemInput } from './problem';
import { applySuppressions } from './suppressions';
import { urlKey } from './dps/deployment';
import { valueSpan } from './dps/locate';

/**
 * Checks across every file of a run (a whole repository or workspace), not one
 * deployment: a Mac that receives two profiles with the same identifier keeps
 * only one of them, whichever deployment they came from.
 *
 * DPS210: two files with the same top-level PayloadIdentifier.
 * DPS211: a PayloadUUID used in two files.
 * DPS212: a URL claimed by Extensible SSO payloads of two different deployments
 *         (within one deployment DPS405 already reports it).
 *
 * Each problem lands in the later file (input order) with the first as a
 * related location. Returns the new problems per documentId, severities applied.
 */
export function checkWorkspace(results: readonly CheckResult[], severities?: SeverityOverrides): Map<string, Problem[]> {
  const found = new Map<string, ProblemInput[]>();
  // Each check needs two documents: one alone (a single large profile) has nothing to collide with.
  if (results.length < 2) return new Map();
  const report = (documentId: string, problem: ProblemInput) => {
    const list = found.get(documentId);
    if (list) list.push(problem);
    else found.set(documentId, [problem]);
  };

  interface Seen {
    documentId: string;
    span: { start: number; end: number };
  }
  const identifiers = new Map<string, Seen>();
  const uuids = new Map<string, Seen>();
  const urls = new Map<string, Seen & { deployment: CheckResult['deployment'] }>();

  for (const result of results) {
    const doc = result.document;
    const id = doc.documentId;

    if (doc.kind === 'profile' && doc.profileDict) {
      const node = getEntry(doc.profileDict, 'PayloadIdentifier')?.value;
      const identifier = node?.kind === 'string' ? node.value : undefined;
      if (node && identifier !== undefined && identifier.trim() !== '' && !isPlaceholder(identifier)) {
        const prior = identifiers.get(identifier);
        if (!prior) identifiers.set(identifier, { documentId: id, span: valueSpan(node) });
        else if (prior.documentId !== id) {
          report(id, {
            code: 'DPS210',
            message: `The profile identifier "${identifier}" is also used by ${prior.documentId}. A Mac keeps one profile per identifier: installing either replaces the other. Give each profile its own PayloadIdentifier.`,
            span: valueSpan(node),
            keyPath: 'PayloadIdentifier',
            related: [{ documentId: prior.documentId, span: prior.span, message: 'the other profile with this identifier' }],
          });
        }
      }
    }

    // The profile's own UUID and every payload's.
    const dicts: { dict: DictNode; keyPath: string }[] = [];
    if (doc.profileDict) dicts.push({ dict: doc.profileDict, keyPath: '' });
    for (const p of doc.payloads) dicts.push({ dict: p.dict, keyPath: p.keyPath });
    const seenHere = new Set<string>();
    for (const { dict, keyPath } of dicts) {
      const node = getEntry(dict, 'PayloadUUID')?.value;
      const uuid = node?.kind === 'string' ? node.value : undefined;
      if (!node || uuid === undefined || uuid.trim() === '' || isPlaceholder(uuid)) continue;
      const key = uuid.trim().toUpperCase();
      if (seenHere.has(key)) continue; // within one profile that is DPS203
      seenHere.add(key);
      const prior = uuids.get(key);
      if (!prior) uuids.set(key, { documentId: id, span: valueSpan(node) });
      else if (prior.documentId !== id) {
        report(id, {
          code: 'DPS211',
          message: `The PayloadUUID "${uuid}" is also used in ${prior.documentId}. Payload UUIDs must be unique across every profile a Mac receives; generate a new one (uuidgen).`,
          span: valueSpan(node),
          keyPath: joinKeyPath(keyPath, 'PayloadUUID'),
          related: [{ documentId: prior.documentId, span: prior.span, message: 'the same PayloadUUID' }],
        });
      }
    }

    // Extensible SSO URLs: only this document's own payloads (FastPass credential payloads are excluded by the deployment).
    for (const { doc: owner, item } of ssoByDocument(result.deployment).get(doc) ?? []) {
      if (owner !== doc) continue;
      ssoUrls(item).forEach((node, i) => {
        if (isPlaceholder(node.value) || node.value.trim() === '') return;
        const key = urlKey(node.value);
        const prior = urls.get(key);
        if (!prior) {
          urls.set(key, { documentId: id, span: valueSpan(node), deployment: result.deployment });
          return;
        }
        if (prior.deployment === result.deployment) return; // DPS405's case
        report(id, {
          code: 'DPS212',
          message: `The URL "${node.value}" is also claimed by an Extensible SSO payload in ${prior.documentId}, which is in another deployment. If one Mac receives both, the second SSO payload fails to install.`,
          span: valueSpan(node),
          keyPath: `${joinKeyPath(item.keyPath, 'URLs')}[${i}]`,
          related: [{ documentId: prior.documentId, span: prior.span, message: 'the same URL in another deployment' }],
        });
      });
    }
  }

  const out = new Map<string, Problem[]>();
  for (const [documentId, problems] of found) {
    const applied = applySeverities(problems, severities);
    if (applied.length > 0) out.set(documentId, applied);
  }
  return out;
}

/** The Extensible SSO payloads of a deployment by document, grouped once (not a pass over all of them per document). */
const ssoGroups = new WeakMap<CheckResult['deployment'], Map<ProfileDocument, CheckResult['deployment']['allSso']>>();
function ssoByDocument(deployment: CheckResult['deployment']): Map<ProfileDocument, CheckResult['deployment']['allSso']> {
  let groups = ssoGroups.get(deployment);
  if (!groups) {
    groups = new Map();
    for (const located of deployment.allSso) {
      const list = groups.get(located.doc);
      if (list) list.push(located);
      else groups.set(located.doc, [located]);
    }
    ssoGroups.set(deployment, groups);
  }
  return groups;
}

/** Add the workspace problems to the results in place, keeping each result's problems sorted. */
export function mergeWorkspaceProblems(results: CheckResult[], extra: ReadonlyMap<string, Problem[]>): void {
  for (const result of results) {
    const found = extra.get(result.documentId);
    if (!found) continue;
    const more = result.suppressions ? applySuppressions(found, result.suppressions, result.lineIndex) : found;
    result.problems = [...result.problems, ...more].sort(compareProblems);
  }
}

export { isProfileFileName } from './file-names';

/** How the inputs of a run form deployments: by folder (the default), all together, or each file alone. */
export type Grouping = 'folder' | 'all' | 'file';

export interface RunOptions extends DeploymentOptions {
  grouping: Grouping;
  /** Also the checks across deployments (DPS210-212); true unless each file is checked alone. */
  acrossDeployments?: boolean;
  /** A deployment whose check threw: its results are missing, the others are still returned. */
  onError?: (documentIds: string[], error: unknown) => void;
}

export interface RunResult {
  /** One result per input that was checked, in input order, the cross-deployment problems merged in. */
  results: CheckResult[];
  /** The cross-deployment problems alone, per documentId (empty when they were not checked). */
  across: Map<string, Problem[]>;
}

/**
 * What a deployment is, once for every shell: group the inputs (documentIds are
 * paths or URIs; their folder is everything before the last `/`), check each
 * deployment, then check across all of them (DPS210-212).
 */
export function checkRun(inputs: readonly DeploymentInput[], options: RunOptions): RunResult {
  const results: CheckResult[] = [];
  for (const group of groupInputs(inputs, options.grouping)) {
    try {
      // One push per result: a spread of a folder's results overflows the stack past ~120,000 files.
      for (const result of checkDeployment(group, options)) results.push(result);
    } catch (error) {
      // A crash must not hide the results for the other files.
      if (options.onError)
        options.onError(
          group.map((g) => g.documentId),
          error,
        );
      else throw error;
    }
  }
  // Identifier, UUID and SSO URL collisions span the whole run (a Mac may get profiles of several deployments).
  const across = (options.acrossDeployments ?? options.grouping !== 'file') ? checkWorkspace(results, options.severities) : new Map<string, Problem[]>();
  mergeWorkspaceProblems(results, across);
  const order = new Map(inputs.map((input, i) => [input.documentId, i]));
  results.sort((a, b) => (order.get(a.documentId) ?? 0) - (order.get(b.documentId) ?? 0));
  return { results, across };
}

/** The deployments of a run, in the order their first member appears. */
export function groupInputs<T extends { documentId: string }>(inputs: readonly T[], grouping: Grouping): T[][] {
  if (grouping === 'all') return inputs.length === 0 ? [] : [[...inputs]];
  if (grouping === 'file') return inputs.map((input) => [input]);
  const byFolder = new Map<string, T[]>();
  for (const input of inputs) {
    const folder = folderOfId(input.documentId);
    const group = byFolder.get(folder);
    if (group) group.push(input);
    else byFolder.set(folder, [input]);
  }
  return [...byFolder.values()];
}

/** The folder part of a path or URI with `/` separators (`.` when there is none), as `path.posix.dirname`. */
export function folderOfId(documentId: string): string {
  const slash = documentId.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : documentId.slice(0, slash);
}
