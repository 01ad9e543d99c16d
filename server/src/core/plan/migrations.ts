import { authsrvEntries, bareAuthsrvHost, orgUrlHost, ssoUrls, urlHost, type DpsDeployment } from '../dps/deployment';
import { joinKeyPath } from '../model';
import { getDict, getString, getValue } from '../plist/ast';
import type { ProfileDelta } from './diff';
import { clientIds, configuredProtocol, policyKeys } from './fleet';
import { MIGRATIONS, type MigrationDef } from './knowledge';
import type { KeyRef, Migration, MigrationStep, MigrationStepStatus, ProblemRef } from './types';

/**
 * The migrations Okta documents, recognised in a change, with Okta's steps
 * checked against what the change does (and in which order things reach the
 * Mac: profiles pushed together arrive in no promised order, payloads of one
 * profile install together).
 */

export interface MigrationInput {
  before: DpsDeployment | undefined;
  after: DpsDeployment | undefined;
  deltas: readonly ProfileDelta[];
  /** Problems the change introduces in this deployment. */
  introduced: readonly ProblemRef[];
  /** Does some deployment of the new side still work on macOS 13? */
  macos13Kept: boolean;
}

function step(n: number, def: MigrationDef, status: MigrationStepStatus, says: string, keys: KeyRef[] = []): MigrationStep {
  return { n, title: def.steps[n - 1], status, says, keys };
}

function migration(def: MigrationDef, steps: MigrationStep[]): Migration {
  const status = steps.some((s) => s.status === 'missing') ? 'fails' : steps.some((s) => s.status === 'warning') ? 'warning' : 'ok';
  return { id: def.id, title: def.title, source: def.source, status, steps };
}

function introducedAt(input: MigrationInput, codes: readonly string[]): ProblemRef[] {
  return input.introduced.filter((p) => codes.includes(p.code));
}

function refs(problems: readonly ProblemRef[]): KeyRef[] {
  return problems.map((p) => ({ file: p.file, keyPath: p.keyPath }));
}

/** Where the Device Access certificate of the new side comes from, relative to the SSO payload. */
function certificateOrder(input: MigrationInput): { status: MigrationStepStatus; says: string; keys: KeyRef[] } {
  const { before, after, deltas } = input;
  const certs = after?.deviceAccessScep ?? [];
  if (certs.length === 0) {
    return {
      status: 'missing',
      says: 'The new configuration has no Device Access SCEP payload: Platform SSO 2.0 registration fails without the certificate (DPS414). If another system (Intune, a Kandji library item) issues it, make sure it is on the Macs before this change.',
      keys: [],
    };
  }
  const keys = certs.map(({ doc, item }) => ({ file: doc.documentId, keyPath: item.keyPath || undefined }));
  const identifiersBefore = new Set((before?.deviceAccessScep ?? []).map(({ item }) => `${item.type}|${item.identifier}`));
  if (certs.some(({ item }) => identifiersBefore.has(`${item.type}|${item.identifier}`))) {
    return {
      status: 'done',
      says: 'The Device Access SCEP payload was already deployed before this change, so the certificate is on the Macs before the SSO payload asks for it.',
      keys,
    };
  }
  const ssoDocs = new Set((after?.oktaSso ?? []).map(({ doc }) => doc));
  const changedSsoDocs = new Set(deltas.filter((d) => d.after && ssoDocs.has(d.after.doc) && d.change.kind !== 'unchanged').map((d) => d.after!.doc));
  if (certs.every(({ doc }) => ssoDocs.has(doc))) {
    return {
      status: 'ok',
      says: 'The Device Access SCEP payload is added in the same profile as the SSO payload: macOS installs them together and requests the certificate at install, before the user registers.',
      keys,
    };
  }
  if (changedSsoDocs.size > 0) {
    return {
      status: 'warning',
      says: 'The certificate comes in a different profile that this same change adds, and an MDM pushes profiles in no promised order: push the certificate profile first, wait until Macs have it, then push the SSO change (or put both in one profile).',
      keys,
    };
  }
  return { status: 'ok', says: 'The certificate profile is added while the SSO payload stays as it is.', keys };
}

function psso1To2(input: MigrationInput): Migration {
  const def = MIGRATIONS['psso1-to-psso2'];
  const a = input.after!;
  const sso = a.oktaSso.find(({ item }) => getDict(item.dict, 'PlatformSSO'));
  const missing: string[] = [];
  const keys: KeyRef[] = [];
  if (sso) {
    const psso = getDict(sso.item.dict, 'PlatformSSO');
    const base = joinKeyPath(sso.item.keyPath, 'PlatformSSO');
    if (getString(psso, 'AuthenticationMethod') !== 'Password') missing.push('PlatformSSO.AuthenticationMethod Password');
    const shared = getValue(psso, 'UseSharedDeviceKeys');
    if (!(shared?.kind === 'boolean' && shared.value)) missing.push('PlatformSSO.UseSharedDeviceKeys true');
    keys.push({ file: sso.doc.documentId, keyPath: base });
  }
  const versions = a.oktaSettings
    .filter(({ item }) => item.domain === 'com.okta.mobile.auth-service-extension')
    .map(({ doc, item }) => ({ doc, item, value: getString(item.dict, 'PlatformSSO.ProtocolVersion')?.trim() }));
  if (!versions.some((v) => v.value === '2.0')) missing.push('PlatformSSO.ProtocolVersion 2.0 in com.okta.mobile.auth-service-extension');
  for (const v of versions) keys.push({ file: v.doc.documentId, keyPath: joinKeyPath(v.item.keyPath, 'PlatformSSO.ProtocolVersion') });
  const cert = certificateOrder(input);
  return migration(def, [
    step(
      1,
      def,
      'not-checked',
      'Not visible in profiles: deploy the Okta Verify package from Settings › Downloads of the Admin Console (not the App Store build) first.',
    ),
    step(2, def, cert.status, cert.says, cert.keys),
    step(
      3,
      def,
      missing.length ? 'missing' : 'ok',
      missing.length
        ? `Still missing: ${missing.join('; ')}.`
        : 'The SSO payload has PlatformSSO with AuthenticationMethod Password and UseSharedDeviceKeys true, and ProtocolVersion is 2.0.',
      keys,
    ),
    step(4, def, 'ok', 'Registered Macs on macOS 14 and later are asked to register again (see the fleet table); tell users before the push.'),
    step(
      5,
      def,
      input.macos13Kept ? 'ok' : 'warning',
      input.macos13Kept
        ? 'A configuration that still works on macOS 13 remains in the change.'
        : 'Nothing in the new configuration works on macOS 13: Macs that stay on macOS 13 lose password sync. Keep the Platform SSO 1.0 profile in its own deployment for them.',
    ),
  ]);
}

function addScep(input: MigrationInput): Migration {
  const def = MIGRATIONS['add-device-access-scep'];
  const a = input.after!;
  const known = new Set((input.before?.deviceAccessScep ?? []).map(({ item }) => `${item.type}|${item.identifier}`));
  const added = a.deviceAccessScep.filter(({ item }) => !known.has(`${item.type}|${item.identifier}`));
  const keys = added.map(({ doc, item }) => ({ file: doc.documentId, keyPath: item.keyPath || undefined }));
  const userScoped = added.filter(({ doc }) => (doc.profileDict ? getString(doc.profileDict, 'PayloadScope') : undefined)?.toLowerCase() === 'user');
  const values = introducedAt(input, ['DPS450', 'DPS452', 'DPS451']);
  const psso2Before = configuredProtocol(input.before, 14) === '2.0';
  const order = psso2Before
    ? {
        status: 'ok' as MigrationStepStatus,
        says: 'Platform SSO 2.0 was configured before the certificate: Macs that tried to register without it failed and can register once it is installed.',
      }
    : certificateOrder(input);
  return migration(def, [
    step(1, def, 'not-checked', "Not visible in profiles: the SCEP URL and challenge come from Okta's Device Access SCEP configuration."),
    step(
      2,
      def,
      userScoped.length ? 'warning' : 'ok',
      userScoped.length
        ? 'The certificate profile has PayloadScope User; Okta wants it at computer level so the certificate lands in the System keychain.'
        : 'The certificate profile is delivered at computer level.',
      userScoped.length ? userScoped.map(({ doc }) => ({ file: doc.documentId, keyPath: 'PayloadScope' })) : keys,
    ),
    step(
      3,
      def,
      values.some((p) => p.severity === 'error') ? 'missing' : values.length ? 'warning' : 'ok',
      values.length ? values.map((p) => `${p.code}: ${p.message}`).join(' ') : 'The SCEP values are the ones Okta asks for.',
      values.length ? refs(values) : keys,
    ),
    step(4, def, order.status, order.says, keys),
  ]);
}

function clientIdChange(input: MigrationInput, before: string[], after: string[]): Migration {
  const def = MIGRATIONS['client-id-change'];
  const a = input.after!;
  const copies = a.oktaSettings.filter(({ item }) => getString(item.dict, 'OktaVerify.PasswordSyncClientID') !== undefined);
  const stale = copies.filter(({ item }) => before.includes(getString(item.dict, 'OktaVerify.PasswordSyncClientID')!.trim()));
  const keys = copies.map(({ doc, item }) => ({ file: doc.documentId, keyPath: joinKeyPath(item.keyPath, 'OktaVerify.PasswordSyncClientID') }));
  return migration(def, [
    step(1, def, 'not-checked', `Not visible in profiles: users must be assigned the app whose client ID is ${after.join(', ')}.`),
    step(
      2,
      def,
      stale.length || after.length > 1 ? 'missing' : 'ok',
      stale.length || after.length > 1
        ? `Not every copy changed: ${stale.length} still hold${stale.length === 1 ? 's' : ''} the old client ID${after.length > 1 ? ` and the copies disagree (${after.join(', ')})` : ''}.`
        : `Every copy is now ${after[0]}.`,
      stale.length ? stale.map(({ doc, item }) => ({ file: doc.documentId, keyPath: joinKeyPath(item.keyPath, 'OktaVerify.PasswordSyncClientID') })) : keys,
    ),
    step(3, def, 'ok', 'Registered Macs lose password sync until their users register again (see the fleet table).'),
  ]);
}

function orgChange(input: MigrationInput): Migration {
  const def = MIGRATIONS['org-change'];
  const a = input.after!;
  const oldHost = input.before!.orgHost!;
  const stale: KeyRef[] = [];
  for (const { doc, item } of a.oktaSso)
    ssoUrls(item).forEach(
      (u, i) => urlHost(u.value) === oldHost && stale.push({ file: doc.documentId, keyPath: `${joinKeyPath(item.keyPath, 'URLs')}[${i}]` }),
    );
  for (const { doc, item } of a.associatedDomains)
    for (const e of authsrvEntries(item))
      if (bareAuthsrvHost(e.node.value) === oldHost) stale.push({ file: doc.documentId, keyPath: joinKeyPath(item.keyPath, 'Configuration') });
  for (const { doc, item } of a.oktaSettings) {
    const v = getString(item.dict, 'OktaVerify.OrgUrl');
    if (v && orgUrlHost(v) === oldHost) stale.push({ file: doc.documentId, keyPath: joinKeyPath(item.keyPath, 'OktaVerify.OrgUrl') });
  }
  const scepStale = a.deviceAccessScep.filter(({ item }) => urlHost(getString(getDict(item.dict, 'PayloadContent'), 'URL') ?? '') === oldHost);
  return migration(def, [
    step(
      1,
      def,
      stale.length ? 'missing' : 'ok',
      stale.length
        ? `${stale.length} place${stale.length > 1 ? 's' : ''} still name${stale.length > 1 ? '' : 's'} ${oldHost}.`
        : `Every SSO URL, authsrv: domain and OrgUrl now names ${a.orgHost}.`,
      stale,
    ),
    step(
      2,
      def,
      a.deviceAccessScep.length === 0 ? 'not-checked' : scepStale.length ? 'missing' : 'ok',
      a.deviceAccessScep.length === 0
        ? 'No Device Access SCEP payload in this deployment.'
        : scepStale.length
          ? `The SCEP URL still points at ${oldHost}.`
          : 'The SCEP URL no longer points at the old org.',
      scepStale.map(({ doc, item }) => ({ file: doc.documentId, keyPath: joinKeyPath(joinKeyPath(item.keyPath, 'PayloadContent'), 'URL') })),
    ),
    step(3, def, 'ok', `Registered Macs lose password sync until their users register with ${a.orgHost} (see the fleet table).`),
  ]);
}

function macos15Policies(input: MigrationInput, added: string[]): Migration {
  const def = MIGRATIONS['macos15-policies'];
  const a = input.after!;
  const missing: string[] = [];
  if (configuredProtocol(a, 15) !== '2.0') missing.push('the PlatformSSO dictionary');
  if (!a.oktaSettings.some(({ item }) => getString(item.dict, 'PlatformSSO.ProtocolVersion')?.trim() === '2.0')) missing.push('ProtocolVersion 2.0');
  if (
    !a.oktaSso.some(({ item }) => {
      const v = getValue(getDict(item.dict, 'PlatformSSO'), 'UseSharedDeviceKeys');
      return v?.kind === 'boolean' && v.value;
    })
  )
    missing.push('UseSharedDeviceKeys true');
  if (a.deviceAccessScep.length === 0) missing.push('the Device Access certificate');
  const grace = introducedAt(input, ['DPS423', 'DPS424']);
  return migration(def, [
    step(
      1,
      def,
      missing.length ? 'missing' : 'ok',
      missing.length ? `Missing: ${missing.join(', ')}.` : 'ProtocolVersion 2.0, shared device keys and the Device Access certificate are all there.',
    ),
    step(
      2,
      def,
      grace.length ? 'warning' : 'ok',
      grace.length ? grace.map((p) => `${p.code}: ${p.message}`).join(' ') : `The new policies (${added.join(', ')}) bring no grace-period problem.`,
      refs(grace),
    ),
    step(3, def, 'ok', 'Registered Macs on macOS 15 and later are asked to register again (see the fleet table).'),
  ]);
}

/** The documented migrations this change performs, each with its steps checked. */
export function recogniseMigrations(input: MigrationInput): Migration[] {
  const { before, after } = input;
  if (!after || !before) return [];
  const out: Migration[] = [];
  const was1 = before.oktaSso.length > 0 && configuredProtocol(before, 14) !== '2.0' && configuredProtocol(before, 13) === '1.0';
  if (was1 && configuredProtocol(after, 14) === '2.0') out.push(psso1To2(input));
  const known = new Set(before.deviceAccessScep.map(({ item }) => `${item.type}|${item.identifier}`));
  if (after.deviceAccessScep.some(({ item }) => !known.has(`${item.type}|${item.identifier}`)) && before.deviceAccessScep.length === 0)
    out.push(addScep(input));
  const idsB = clientIds(before);
  const idsA = clientIds(after);
  if (idsB.length && idsA.length && idsB.join() !== idsA.join()) out.push(clientIdChange(input, idsB, idsA));
  if (before.orgHost && after.orgHost && before.orgHost !== after.orgHost) out.push(orgChange(input));
  const policiesB = policyKeys(before);
  const added = [...policyKeys(after)].filter((k) => !policiesB.has(k));
  if (added.length && before.oktaSso.length) out.push(macos15Policies(input, added));
  return out;
}
