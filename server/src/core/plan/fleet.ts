import type { CheckResult } from '../check';
import { isPlaceholder, type DpsDeployment } from '../dps/deployment';
import { joinKeyPath, type PayloadModel, type ProfileDocument } from '../model';
import { getDict, getEntry, getString, getValue } from '../plist/ast';
import { simulate } from '../simulate/engine';
import type { Step, Timeline } from '../simulate/types';
import type { ProfileDelta } from './diff';
import { INSTALL_FAILURE_SOURCE, REGISTRATION_FACTS, REGISTRATION_PROMPT, SCEP_REQUEST, type RegistrationFact } from './knowledge';
import type { FleetCell, Impact, KeyRef, RegistrationState } from './types';

/**
 * For each kind of Mac in the field (a macOS version × how it stands with
 * Okta), what its user sees when the change is pushed. The simulate engine
 * says whether the deployment works on that macOS before and after; the
 * registration facts of `knowledge.ts` say what a registered Mac loses.
 */

export const POLICY_KEYS = ['UnlockPolicy', 'LoginPolicy', 'FileVaultPolicy'] as const;

/** The Platform SSO protocol a deployment sets up on a macOS major version (undefined: none). */
export function configuredProtocol(d: DpsDeployment | undefined, major: number): '1.0' | '2.0' | undefined {
  if (!d) return undefined;
  const withDict = d.oktaSso.some(({ item }) => getString(getDict(item.dict, 'PlatformSSO'), 'AuthenticationMethod') !== undefined);
  const topLevel = d.oktaSso.some(({ item }) => getString(item.dict, 'AuthenticationMethod') !== undefined);
  if (major >= 14) return withDict ? '2.0' : topLevel ? '1.0' : undefined;
  return topLevel ? '1.0' : undefined;
}

export function clientIds(d: DpsDeployment | undefined): string[] {
  const out = new Set<string>();
  for (const { item } of d?.oktaSettings ?? []) {
    const v = getString(item.dict, 'OktaVerify.PasswordSyncClientID')?.trim();
    if (v && !isPlaceholder(v)) out.add(v);
  }
  return [...out].sort();
}

function sharedDeviceKeys(d: DpsDeployment | undefined): string {
  return (d?.oktaSso ?? [])
    .map(({ item }) => {
      const v = getValue(getDict(item.dict, 'PlatformSSO'), 'UseSharedDeviceKeys');
      return v?.kind === 'boolean' ? String(v.value) : 'absent';
    })
    .sort()
    .join(',');
}

export function policyKeys(d: DpsDeployment | undefined): Set<string> {
  const out = new Set<string>();
  for (const { item } of d?.oktaSso ?? []) for (const k of POLICY_KEYS) if (getEntry(getDict(item.dict, 'PlatformSSO'), k)) out.add(k);
  return out;
}

function deploymentOf(results: readonly CheckResult[]): DpsDeployment | undefined {
  return results[0]?.deployment;
}

/** Documents macOS refuses in this timeline, with the keys that make it refuse them. */
function refusedDocuments(t: Timeline | undefined, d: DpsDeployment | undefined): Map<ProfileDocument, KeyRef[]> {
  const out = new Map<ProfileDocument, KeyRef[]>();
  if (!t || !d) return out;
  for (const s of t.steps) {
    const m = /^install:(\d+)/.exec(s.id);
    if (!m || s.status !== 'fails') continue;
    const doc = d.documents[Number(m[1])];
    if (!doc) continue;
    const keys = out.get(doc) ?? [];
    for (const dr of s.drivers)
      if (dr.cause && !keys.some((k) => k.file === dr.documentId && k.keyPath === dr.keyPath)) keys.push({ file: dr.documentId, keyPath: dr.keyPath });
    out.set(doc, keys);
  }
  return out;
}

function failingFlowSteps(t: Timeline | undefined): Step[] {
  return (t?.steps ?? []).filter((s) => s.status === 'fails' && !s.id.startsWith('install:'));
}

/** The failing steps of the registration flow. A refused profile is not among them: the Mac keeps the version it has. */
function failureSignature(t: Timeline | undefined): Set<string> {
  return new Set(failingFlowSteps(t).map((s) => [s.id, ...s.relatedCodes].join(':')));
}

function causeKeys(steps: readonly Step[]): KeyRef[] {
  const out: KeyRef[] = [];
  for (const s of steps) {
    for (const dr of s.drivers)
      if (dr.cause && !out.some((k) => k.file === dr.documentId && k.keyPath === dr.keyPath)) out.push({ file: dr.documentId, keyPath: dr.keyPath });
  }
  return out;
}

/** A key of a payload; `key` is a dotted path of plain keys ("PlatformSSO.UnlockPolicy"). */
function payloadKey(doc: ProfileDocument, p: PayloadModel, key?: string): KeyRef {
  const keyPath = key ? key.split('.').reduce((path, k) => joinKeyPath(path, k), p.keyPath) : p.keyPath;
  return { file: doc.documentId, keyPath: keyPath || undefined };
}

function fact(id: RegistrationFact['id'], keys: KeyRef[], says?: string): Impact {
  const f = REGISTRATION_FACTS[id];
  return { kind: f.kind, says: says ?? f.says, keys, source: f.source };
}

export interface FleetInput {
  before: readonly CheckResult[];
  after: readonly CheckResult[];
  deltas: readonly ProfileDelta[];
  versions: readonly string[];
}

export interface FleetResult {
  cells: FleetCell[];
  /** Per version: does the deployment set up working Desktop Password Sync after the change? */
  worksAfter: Map<string, boolean>;
}

export function fleetImpacts(input: FleetInput): FleetResult {
  const dB = deploymentOf(input.before);
  const dA = deploymentOf(input.after);
  const hasSsoB = !!dB && dB.oktaSso.length > 0;
  const hasSsoA = !!dA && dA.oktaSso.length > 0;
  const oktaSso = (p: PayloadModel | undefined, d: DpsDeployment | undefined) => !!p && !!d?.oktaSso.some((x) => x.item === p);
  const ssoDeltas = input.deltas.flatMap((d) => d.payloads).filter((p) => oktaSso(p.before?.payload, dB) || oktaSso(p.after?.payload, dA));
  const ssoReinstalled = ssoDeltas.filter((p) => p.change.kind === 'reinstalled');
  const ssoKept = ssoDeltas.some((p) => p.change.kind === 'unchanged' || p.change.kind === 'updated');
  // A new SSO payload in place of a removed one (new identifier) is a reinstall too.
  const ssoReplaced = !ssoKept && ssoDeltas.some((p) => p.change.kind === 'added') && ssoDeltas.some((p) => p.change.kind === 'removed');
  const changedDocs = new Set(input.deltas.filter((d) => d.change.kind !== 'unchanged' && d.after).map((d) => d.after!.doc));
  const beforeOf = new Map(input.deltas.filter((d) => d.after && d.before).map((d) => [d.after!.doc, d.before!.doc]));
  const daDeltas = input.deltas
    .flatMap((d) => d.payloads)
    .filter(
      (p) =>
        (p.after?.payload && dA?.deviceAccessScep.some((x) => x.item === p.after!.payload)) ||
        (p.before?.payload && dB?.deviceAccessScep.some((x) => x.item === p.before!.payload)),
    );

  const ssoA = dA?.oktaSso[0];
  const ssoKeys = (key?: string): KeyRef[] => (ssoA ? [payloadKey(ssoA.doc, ssoA.item, key)] : []);
  const settingKeys = (key: string): KeyRef[] =>
    (dA?.oktaSettings ?? [])
      .filter(({ item }) => getEntry(item.dict, key))
      .map(({ doc, item }) => ({ file: doc.documentId, keyPath: joinKeyPath(item.keyPath, key) }));

  const orgChanged = !!dB?.orgHost && !!dA?.orgHost && dB.orgHost !== dA.orgHost;
  const idsB = clientIds(dB);
  const idsA = clientIds(dA);
  const clientIdChanged = idsB.length > 0 && idsA.length > 0 && idsB.join() !== idsA.join();
  const sharedKeysChanged = hasSsoB && hasSsoA && sharedDeviceKeys(dB) !== sharedDeviceKeys(dA);
  const policiesB = policyKeys(dB);
  const policiesAdded = [...policyKeys(dA)].filter((k) => !policiesB.has(k));
  const deviceAccessRemoved = (dB?.deviceAccessScep.length ?? 0) > 0 && (dA?.deviceAccessScep.length ?? 0) === 0;

  const cells: FleetCell[] = [];
  const worksAfter = new Map<string, boolean>();
  for (const macOS of input.versions) {
    const major = Number(macOS.split('.')[0]);
    const tb = input.before.length ? simulate(input.before, { macOS }) : undefined;
    const ta = input.after.length ? simulate(input.after, { macOS }) : undefined;
    const worksB = hasSsoB && !!tb && tb.outcomeStatus !== 'fails';
    const worksA = hasSsoA && !!ta && ta.outcomeStatus !== 'fails';
    worksAfter.set(macOS, worksA);
    const sigB = failureSignature(tb);
    // The steps of the flow that fail now and did not (or not for these reasons) before. A refused new version is not
    // among them: that is an install failure, and the Mac keeps the old one.
    const newSteps = worksA ? [] : failingFlowSteps(ta).filter((s) => !sigB.has([s.id, ...s.relatedCodes].join(':')));
    const newFailure = newSteps.length > 0;
    const firstFail = newSteps[0];
    const failureSays = firstFail ? `On macOS ${macOS} “${firstFail.title}” now fails: ${firstFail.explanation}` : '';
    const newCauses = causeKeys(newSteps);

    // What every Mac of this version sees, whatever its registration.
    const common: Impact[] = [];
    const refusedA = refusedDocuments(ta, dA);
    const refusedB = refusedDocuments(tb, dB);
    for (const [doc, keys] of refusedA) {
      if (!changedDocs.has(doc)) continue;
      const was = beforeOf.get(doc);
      if (was && refusedB.has(was)) continue;
      common.push({
        kind: 'install-failure',
        says: `macOS ${macOS} refuses the new version of ${doc.documentId} (a profile installs all or nothing), so nothing in it changes on the Mac.`,
        keys: keys.length ? keys : [{ file: doc.documentId }],
        source: INSTALL_FAILURE_SOURCE,
      });
    }
    for (const p of daDeltas) {
      const k = p.change.kind;
      if ((k !== 'added' && k !== 'reinstalled' && k !== 'updated') || !p.after?.payload) continue;
      if (refusedA.has(p.after.doc)) continue;
      common.push({
        kind: 'scep-request',
        says: SCEP_REQUEST.says(k === 'updated' ? 'updated' : k === 'added' ? 'new' : 'installed again'),
        keys: [payloadKey(p.after.doc, p.after.payload)],
        source: SCEP_REQUEST.source,
      });
    }

    const states: RegistrationState[] = ['unregistered', 'psso1', 'psso2'];
    for (const state of states) {
      const protocol = state === 'psso1' ? '1.0' : state === 'psso2' ? '2.0' : undefined;
      const applicable =
        state === 'unregistered' ||
        (state === 'psso1' && hasSsoB && (configuredProtocol(dB, 13) === '1.0' || configuredProtocol(dB, major) === '1.0')) ||
        (state === 'psso2' && major >= 14 && hasSsoB && configuredProtocol(dB, major) === '2.0');
      const impacts: Impact[] = applicable ? [...common] : [];
      if (applicable && state === 'unregistered') {
        if (worksA && !worksB)
          impacts.push({
            kind: 'registration-prompt',
            says: REGISTRATION_PROMPT.says,
            keys: ssoKeys(major >= 14 ? 'PlatformSSO' : 'AuthenticationMethod'),
            source: REGISTRATION_PROMPT.source,
          });
        else if (!hasSsoA && worksB)
          impacts.push({
            kind: 'registration-broken',
            says: 'The Okta SSO payload is gone: users who have not registered yet are no longer asked to.',
            keys: [],
            source: REGISTRATION_FACTS['sso-removed'].source,
          });
        else if (!worksA && worksB && newFailure)
          impacts.push({ kind: 'registration-broken', says: failureSays, keys: newCauses, source: firstFail?.source ?? INSTALL_FAILURE_SOURCE });
      } else if (applicable) {
        const registered: Impact[] = [];
        const protocolA = configuredProtocol(dA, major);
        if (!hasSsoA) registered.push(fact('sso-removed', []));
        else {
          if (ssoReinstalled.length || ssoReplaced) {
            const keys = ssoReinstalled.length
              ? ssoReinstalled
                  .filter((p) => p.after?.payload)
                  .map((p) => payloadKey(p.after!.doc, p.after!.payload!, p.change.uuidBefore !== p.change.uuidAfter ? 'PayloadUUID' : undefined))
              : ssoKeys('PayloadIdentifier');
            registered.push(fact('sso-reinstalled', keys));
          } else if (protocol === '1.0' && protocolA === '2.0')
            registered.push(fact('protocol-1-to-2', [...ssoKeys('PlatformSSO'), ...settingKeys('PlatformSSO.ProtocolVersion')]));
          else if (protocol !== protocolA) registered.push(fact('protocol-lost', ssoKeys()));
          if (orgChanged)
            registered.push(
              fact(
                'org-host',
                [...ssoKeys('URLs'), ...settingKeys('OktaVerify.OrgUrl')],
                `${REGISTRATION_FACTS['org-host'].says} (${dB!.orgHost} → ${dA!.orgHost})`,
              ),
            );
          if (clientIdChanged) registered.push(fact('client-id', settingKeys('OktaVerify.PasswordSyncClientID')));
          if (protocol === '2.0' && sharedKeysChanged) registered.push(fact('shared-device-keys', ssoKeys('PlatformSSO.UseSharedDeviceKeys')));
          if (protocol === '2.0' && major >= 15 && policiesAdded.length)
            registered.push(
              fact(
                'macos15-policies',
                policiesAdded.flatMap((k) => ssoKeys(`PlatformSSO.${k}`)),
              ),
            );
          if (protocol === '2.0' && major >= 14 && deviceAccessRemoved)
            registered.push(
              fact(
                'device-access-removed',
                daDeltas.filter((p) => p.before?.payload).map((p) => payloadKey(p.before!.doc, p.before!.payload!)),
              ),
            );
        }
        const asked = registered.some((i) => i.kind === 'reregistration');
        const lost = registered.some((i) => i.kind === 'lost-sync');
        if (hasSsoA && !worksA && newFailure && !lost) {
          registered.push(
            asked
              ? {
                  kind: 'registration-broken',
                  says: `Users are asked to register again, but the registration does not complete. ${failureSays}`,
                  keys: newCauses,
                  source: firstFail?.source ?? INSTALL_FAILURE_SOURCE,
                }
              : { kind: 'lost-sync', says: failureSays, keys: newCauses, source: firstFail?.source ?? INSTALL_FAILURE_SOURCE },
          );
        }
        impacts.push(...registered);
      }
      cells.push({ macOS, state, applicable, impacts: dedupe(impacts) });
    }
  }
  return { cells, worksAfter };
}

function dedupe(list: Impact[]): Impact[] {
  const out: Impact[] = [];
  for (const i of list) if (!out.some((x) => x.kind === i.kind && x.says === i.says)) out.push(i);
  return out;
}
