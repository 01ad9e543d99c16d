import { applySeverities, codeInfo } from '../codes';
import type { CheckResult } from '../check';
import { buildDeployment, type DpsDeployment } from '../dps/deployment';
import { OKTA_EXTENSION_DOMAIN, OKTA_VERIFY_DOMAIN, SOURCES, keyMacOS, keyMissingOn } from '../okta';
import { joinKeyPath, type PayloadModel, type ProfileDocument } from '../model';
import { getDict, getEntry, getValue, type DictEntry, type DictNode } from '../plist/ast';
import type { Problem, ProblemInput } from '../problem';
import { RULES, runRules } from '../rules';
import { getSchema } from '../schema/registry';
import { validateDocument } from '../schema/validate-document';
import { checkStructure } from '../structure';
import type { LineIndex } from '../text';
import { compareVersions, formatVersion, parseVersion, type Version } from '../version';
import { effectsOf, KEY_EFFECTS, REFUSING_CODES, UNREADABLE_CODES, UNUSABLE_VALUE_CODES, lastKey, type FlowStepId } from './effects';
import { FALLBACK_MACOS, MATRIX_VERSIONS, resolveScenario } from './scenario';
import type { Driver, Matrix, MatrixRow, Scenario, ScenarioInput, Step, StepStatus, Timeline } from './types';

/**
 * The simulated deployment preview: given the profiles deployed together and a
 * device scenario, what a Mac does with them, step by step. Deterministic and
 * pure. Problems come from the checker (re-run for the scenario's macOS, since
 * the DPS rules depend on the target); this file only places them in the flow.
 */

export interface SimulateOptions {
  /** Line index of a document, to give drivers line/character ranges (CheckResult inputs provide their own). */
  lineIndexOf?: (documentId: string) => LineIndex | undefined;
}

/** Extra places a preview cites besides the rule sources. */
export const PREVIEW_SOURCES = {
  oktaEndUser: SOURCES.oktaEndUser,
  oktaSupport: SOURCES.oktaSupport,
  appleSetupAssistant: SOURCES.appleSetupAssistant,
} as const;

const RULE_CODES = new Set([...RULES.map((r) => r.code), 'DPS000']);

/** The user-facing flow after installation, in order. A failure blocks the later steps it names. */
const FLOW: readonly FlowStepId[] = [
  'okta-verify-config',
  'scep-certificate',
  'setup-assistant',
  'registration-notification',
  'local-password',
  'okta-sign-in',
  'touch-id',
  'registration',
  'password-replaced',
  'password-policy',
  'sync-unlock',
  'sync-login-window',
  'sync-filevault',
  'second-account',
];

/** Background steps do not stop the user's flow at once; a failure there bites later. */
const BLOCKS_FROM: Partial<Record<FlowStepId, FlowStepId>> = {
  'okta-verify-config': 'okta-sign-in',
  'scep-certificate': 'registration',
};

interface Found {
  doc: ProfileDocument;
  documentId: string;
  problem: Problem;
}

interface StepDraft {
  id: string;
  title: string;
  source: string;
  base: string;
  status: 'ok' | 'warning' | 'fails';
  skippedBecause?: string;
  consequences: string[];
  /** Consequences of failures, told before the rest. */
  failures: string[];
  causes: Driver[];
  context: Driver[];
  codes: string[];
  details: string[];
  /** First flow step this step's failure blocks (install and flow steps). */
  blocks?: FlowStepId;
  /** The step to name as the blocker (a refused profile names the payload that got it refused). */
  blockTitle?: string;
  /** Refused only because another payload of its profile was. */
  follower?: boolean;
}

const RANK = { ok: 0, warning: 1, fails: 2 } as const;

function draft(id: string, title: string, source: string, base: string): StepDraft {
  return { id, title, source, base, status: 'ok', consequences: [], failures: [], causes: [], context: [], codes: [], details: [] };
}

function raise(step: StepDraft, status: 'fails' | 'warning' | 'note', says: string, found?: Found): void {
  if (status !== 'note' && RANK[status] > RANK[step.status]) step.status = status;
  const list = status === 'fails' ? step.failures : step.consequences;
  if (says && !step.failures.includes(says) && !step.consequences.includes(says)) list.push(says);
  if (found) {
    if (!step.codes.includes(found.problem.code)) step.codes.push(found.problem.code);
    const detail = `${found.problem.code}: ${found.problem.message}`;
    if (!step.details.includes(detail)) step.details.push(detail);
    addDriver(step.causes, { documentId: found.documentId, span: found.problem.span, keyPath: found.problem.keyPath });
  }
}

function addDriver(list: Driver[], d: Driver): void {
  if (!list.some((x) => x.documentId === d.documentId && x.span.start === d.span.start && x.span.end === d.span.end)) list.push(d);
}

function entryDriver(documentId: string, entry: DictEntry | undefined, keyPath: string): Driver | undefined {
  if (!entry) return undefined;
  return { documentId, span: { start: entry.keySpan.start, end: entry.value?.span.end ?? entry.keySpan.end }, keyPath };
}

function payloadDriver(doc: ProfileDocument, p: PayloadModel): Driver {
  return { documentId: doc.documentId, span: p.dict.span, keyPath: p.keyPath || undefined };
}

function severityStatus(p: Problem): 'fails' | 'warning' | 'note' {
  return p.severity === 'error' ? 'fails' : p.severity === 'warning' ? 'warning' : 'note';
}

// ---------------------------------------------------------------------------------------------
// Problems for the scenario's macOS

interface Gathered {
  deployment: DpsDeployment;
  found: Found[];
  lineIndexOf: (documentId: string) => LineIndex | undefined;
}

function gather(input: DpsDeployment | readonly CheckResult[], macOS: string, options: SimulateOptions): Gathered {
  const results: readonly CheckResult[] = Array.isArray(input) ? input : [];
  const documents: ProfileDocument[] = [];
  const seen = new Set<ProfileDocument>();
  const add = (doc: ProfileDocument) => {
    if (!seen.has(doc)) {
      seen.add(doc);
      documents.push(doc);
    }
  };
  if (Array.isArray(input)) {
    for (const r of results) for (const doc of r.deployment.documents) add(doc);
    for (const r of results) add(r.document);
  } else {
    for (const doc of (input as DpsDeployment).documents) add(doc);
  }
  const resultOf = new Map(results.map((r) => [r.document, r]));
  const delivery = Array.isArray(input) ? results[0]?.deployment.deviceAccessScepDelivery : (input as DpsDeployment).deviceAccessScepDelivery;
  const deployment = buildDeployment(documents, macOS, { deviceAccessScep: delivery });
  const found: Found[] = [];
  const push = (doc: ProfileDocument, problems: readonly ProblemInput[]) => {
    for (const problem of applySeverities(problems)) found.push({ doc, documentId: doc.documentId, problem });
  };
  for (const doc of documents) {
    const r = resultOf.get(doc);
    // Syntax, structure and schema problems do not depend on the macOS version: keep the checker's.
    if (r) found.push(...r.problems.filter((p) => !RULE_CODES.has(p.code)).map((problem) => ({ doc, documentId: r.documentId, problem })));
    else push(doc, [...checkStructure(doc, ''), ...validateDocument(doc)]);
  }
  // The DPS rules judge the deployment for a target: run them for this macOS.
  const reported = new Map<ProfileDocument, ProblemInput[]>();
  runRules(deployment, {
    textOf: (doc) => resultOf.get(doc)?.text ?? '',
    report: (doc, problem) => (reported.get(doc) ?? reported.set(doc, []).get(doc)!).push(problem),
  });
  for (const doc of documents) push(doc, reported.get(doc) ?? []);
  const indexes = new Map(results.map((r) => [r.documentId, r.lineIndex]));
  return { deployment, found, lineIndexOf: (id) => indexes.get(id) ?? options.lineIndexOf?.(id) };
}

// ---------------------------------------------------------------------------------------------
// Keys a macOS version does not know

interface IgnoredKey {
  documentId: string;
  keyPath: string;
  entry: DictEntry;
  why: string;
}

function ignoredKeys(doc: ProfileDocument, p: PayloadModel, version: Version): IgnoredKey[] {
  const schema = p.type ? getSchema(p.type) : undefined;
  if (!schema) return [];
  const out: IgnoredKey[] = [];
  const walk = (dict: DictNode, path: (string | number)[], keyPath: string, depth: number) => {
    for (const entry of dict.entries) {
      const here = [...path, entry.key];
      const kp = joinKeyPath(keyPath, entry.key);
      const missing = keyMissingOn(keyMacOS(schema, here), version);
      if (missing) {
        out.push({ documentId: doc.documentId, keyPath: kp, entry, why: `${entry.key} (${missing.because} in macOS ${formatVersion(missing.version)})` });
        continue;
      }
      if (depth >= 6 || !entry.value) continue;
      if (entry.value.kind === 'dict') walk(entry.value, here, kp, depth + 1);
      else if (entry.value.kind === 'array') {
        entry.value.items.forEach((item, i) => {
          if (item.kind === 'dict') walk(item, [...here, i], `${kp}[${i}]`, depth + 1);
        });
      }
    }
  };
  walk(p.dict, [], p.keyPath, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The simulation

/**
 * Simulate a deployment on one Mac. `input` is either the check results of the
 * deployment (any member's result carries the whole deployment) or the
 * deployment itself.
 */
export function simulate(input: DpsDeployment | readonly CheckResult[], scenarioInput?: ScenarioInput, options: SimulateOptions = {}): Timeline {
  const fallback = defaultMacOS(input);
  const scenario = resolveScenario(scenarioInput, fallback);
  const version = parseVersion(scenario.macOS) ?? parseVersion(FALLBACK_MACOS)!;
  const { deployment: d, found, lineIndexOf } = gather(input, formatVersion(version), options);
  const major = version[0];
  const psso: '1.0' | '2.0' = major >= 14 ? '2.0' : '1.0';
  const v = formatVersion(version);

  // --- Install steps --------------------------------------------------------------------------
  const installSteps: StepDraft[] = [];
  /** Profiles macOS refuses, with the step of the payload that got them refused. */
  const refusedDocs = new Map<ProfileDocument, string>();
  const installOf = new Map<PayloadModel, StepDraft>();
  const docSteps = new Map<ProfileDocument, StepDraft[]>();
  const docOnlyStep = new Map<ProfileDocument, StepDraft>();
  const ignored: IgnoredKey[] = [];
  const channel = scenario.delivery === 'mdm-user' ? 'user channel' : 'device channel';
  const delivered = scenario.delivery === 'manual' ? 'installed by hand (double-click, System Settings)' : `delivered by the MDM on the ${channel}`;

  d.documents.forEach((doc, di) => {
    const steps: StepDraft[] = [];
    const name = baseName(doc.documentId);
    if (doc.payloads.length === 0) {
      const domain = doc.preferences[0]?.domain;
      const s = domain
        ? draft(
            `install:${di}`,
            `Deliver ${name} (${domain} settings)`,
            SOURCES.oktaManagedAppConfig,
            `The MDM delivers these ${domain} settings as managed preferences (it wraps them in a profile of its own).`,
          )
        : draft(`install:${di}`, `Install ${name}`, SOURCES.appleTopLevel, 'This file holds no payload the preview can install.');
      if (domain && scenario.delivery === 'manual')
        raise(s, 'warning', 'A bare preference file cannot be installed by hand; an MDM (or a profile wrapping it) must deliver it.');
      if (domain) s.context.push({ documentId: doc.documentId, span: doc.preferences[0].dict.span, keyPath: undefined });
      docOnlyStep.set(doc, s);
      steps.push(s);
    }
    for (const p of doc.payloads) {
      const label = p.displayName ?? p.type ?? 'payload';
      const s = draft(
        `install:${di}:${p.index < 0 ? 0 : p.index}`,
        `Install ${label}${p.type && p.displayName ? ` (${p.type})` : ''}`,
        p.type === 'com.apple.extensiblesso' ? SOURCES.appleExtensibleSso : SOURCES.appleTopLevel,
        `${doc.kind === 'payload' ? 'A single payload (the MDM wraps it in a profile)' : `Payload of ${name}`}, ${delivered}.`,
      );
      s.context.push(payloadDriver(doc, p));
      const schemaInfo = p.type
        ? (getSchema(p.type)?.payload as { manualInstall?: boolean; userApprovedMDM?: boolean; channels?: string[] } | undefined)
        : undefined;
      if (scenario.delivery === 'manual' && schemaInfo?.manualInstall === false) {
        raise(s, 'fails', `macOS refuses ${p.type} payloads installed by hand: they must come from a user-approved MDM. The whole profile is refused.`);
        if (!refusedDocs.has(doc)) refusedDocs.set(doc, s.title);
      } else if (scenario.delivery === 'manual' && schemaInfo?.userApprovedMDM) {
        raise(s, 'warning', `${p.type} works fully only on a Mac enrolled in user-approved MDM.`);
      }
      if (scenario.delivery === 'mdm-user' && schemaInfo?.channels && !schemaInfo.channels.includes('user')) {
        raise(s, 'fails', `${p.type} can be installed only on the device channel; the user channel refuses it.`);
        if (!refusedDocs.has(doc)) refusedDocs.set(doc, s.title);
      }
      const ignoredHere = ignoredKeys(doc, p, version);
      if (ignoredHere.length) {
        raise(s, 'warning', `macOS ${v} does not know ${ignoredHere.map((k) => k.why).join(', ')} and ignores ${ignoredHere.length > 1 ? 'them' : 'it'}.`);
        for (const k of ignoredHere) addDriver(s.causes, entryDriver(k.documentId, k.entry, k.keyPath)!);
        ignored.push(...ignoredHere);
      }
      installOf.set(p, s);
      steps.push(s);
    }
    docSteps.set(doc, steps);
    installSteps.push(...steps);
  });

  // --- Flow steps -----------------------------------------------------------------------------
  const flow = new Map<FlowStepId, StepDraft>();
  const def = (id: FlowStepId, title: string, source: string, base: string) => flow.set(id, draft(id, title, source, base)).get(id)!;

  const config = def(
    'okta-verify-config',
    'Okta Verify reads its configuration',
    SOURCES.oktaProfiles,
    'Okta Verify reads managed settings from two domains: com.okta.mobile (the app: the org URL) and com.okta.mobile.auth-service-extension (its SSO extension: org URL, Desktop Password Sync client ID, Platform SSO protocol).',
  );
  const scep = def(
    'scep-certificate',
    'The Device Access certificate is requested',
    SOURCES.oktaScep,
    'With Platform SSO 2.0 the Mac requests the Okta Device Access certificate through SCEP into the System keychain; Okta Verify uses it to reach the device endpoints and to identify the Mac.',
  );
  const setup = def(
    'setup-assistant',
    'Registration in Setup Assistant',
    PREVIEW_SOURCES.appleSetupAssistant,
    'On macOS 26 a Mac set up through Automated Device Enrollment can register with Okta in Setup Assistant, creating the account with the Okta password.',
  );
  const notification = def(
    'registration-notification',
    'The registration notification appears',
    PREVIEW_SOURCES.oktaEndUser,
    'After the user logs in, macOS shows a “Registration Required” notification from Platform SSO; Register opens the registration window (dismissed, it comes back after a while).',
  );
  def(
    'local-password',
    'The user enters the local Mac password',
    SOURCES.fleetGuide,
    'macOS asks for the current password of the local account, to link the account to Okta.',
  );
  const signIn = def(
    'okta-sign-in',
    'The user signs in to Okta',
    SOURCES.oktaDps,
    'Okta Verify opens the Okta sign-in for the Desktop Password Sync app; the user signs in with the Okta username and password.',
  );
  const touch = def(
    'touch-id',
    'Touch ID for Okta FastPass',
    SOURCES.oktaDps,
    'When the org requires biometrics for FastPass, the user confirms with Touch ID during registration.',
  );
  const registration = def(
    'registration',
    'The Mac registers with Okta',
    psso === '2.0' ? SOURCES.oktaMacos14 : SOURCES.oktaDps,
    psso === '2.0'
      ? 'The Mac registers with Platform SSO 2.0: shared device keys, the Device Access certificate and the Desktop Password Sync app; FastPass is enrolled too.'
      : 'The Mac registers with Platform SSO 1.0 (macOS 13): the extension registers the device and the user with Okta; FastPass is enrolled too.',
  );
  const replaced = def(
    'password-replaced',
    'The local password is replaced by the Okta password',
    PREVIEW_SOURCES.oktaSupport,
    'Once registered, the local account password becomes the Okta password (unchanged if they were already the same).',
  );
  const policy = def(
    'password-policy',
    'The local password policy leaves the synced password alone',
    SOURCES.oktaDps,
    'Okta asks to turn off local password expiry before deploying Desktop Password Sync: the Okta password rules then.',
  );
  const unlock = def(
    'sync-unlock',
    'Sync at screen unlock',
    PREVIEW_SOURCES.oktaSupport,
    'From now on, unlocking the screen with the Okta password keeps the local password in sync (after an Okta password change, lock and unlock with the new one).',
  );
  const loginWindow = def(
    'sync-login-window',
    'Sync at the login window',
    PREVIEW_SOURCES.oktaSupport,
    'With Platform SSO 2.0 the login window also accepts the Okta password and syncs it.',
  );
  const fileVault = def(
    'sync-filevault',
    'Sync at FileVault unlock',
    SOURCES.oktaMacos15,
    'On macOS 15 and later, Apple silicon Macs also sync at the FileVault unlock screen (the Mac needs a known network there).',
  );
  const second = def(
    'second-account',
    'A second local account',
    SOURCES.oktaDps,
    psso === '2.0'
      ? 'Platform SSO 2.0 registers one Okta account per Mac: a second local account gets no registration prompt and its password does not sync, until the Mac is restored to factory settings.'
      : 'With Platform SSO 1.0 each local account registers on its own.',
  );

  // Facts of the deployment, as context (what drives each step).
  const ssoPayloads = d.oktaSso;
  for (const { doc, item } of d.oktaSettings) {
    config.context.push({ documentId: doc.documentId, span: item.dict.span, keyPath: item.keyPath || undefined });
    const clientId = getEntry(item.dict, 'OktaVerify.PasswordSyncClientID');
    const cd = entryDriver(doc.documentId, clientId, joinKeyPath(item.keyPath, 'OktaVerify.PasswordSyncClientID'));
    if (cd) signIn.context.push(cd);
    const pv = entryDriver(doc.documentId, getEntry(item.dict, 'PlatformSSO.ProtocolVersion'), joinKeyPath(item.keyPath, 'PlatformSSO.ProtocolVersion'));
    if (pv) registration.context.push(pv);
  }
  for (const { doc, item } of ssoPayloads) {
    const urls = entryDriver(doc.documentId, getEntry(item.dict, 'URLs'), joinKeyPath(item.keyPath, 'URLs'));
    notification.context.push(urls ?? payloadDriver(doc, item));
    const pssoDict = getDict(item.dict, 'PlatformSSO');
    const methodEntry = psso === '2.0' ? getEntry(pssoDict, 'AuthenticationMethod') : getEntry(item.dict, 'AuthenticationMethod');
    const methodPath =
      psso === '2.0' ? joinKeyPath(joinKeyPath(item.keyPath, 'PlatformSSO'), 'AuthenticationMethod') : joinKeyPath(item.keyPath, 'AuthenticationMethod');
    const md = entryDriver(doc.documentId, methodEntry, methodPath);
    if (md) replaced.context.push(md);
    if (psso === '2.0') {
      const keys = entryDriver(
        doc.documentId,
        getEntry(pssoDict, 'UseSharedDeviceKeys'),
        joinKeyPath(joinKeyPath(item.keyPath, 'PlatformSSO'), 'UseSharedDeviceKeys'),
      );
      if (keys) registration.context.push(keys);
      for (const [policyKey, step] of [
        ['UnlockPolicy', unlock],
        ['LoginPolicy', loginWindow],
        ['FileVaultPolicy', fileVault],
      ] as const) {
        const pd = entryDriver(doc.documentId, getEntry(pssoDict, policyKey), joinKeyPath(joinKeyPath(item.keyPath, 'PlatformSSO'), policyKey));
        if (pd && major >= 15) step.context.push(pd);
      }
      const setupKey = getEntry(pssoDict, 'EnableRegistrationDuringSetup');
      const sd = entryDriver(doc.documentId, setupKey, joinKeyPath(joinKeyPath(item.keyPath, 'PlatformSSO'), 'EnableRegistrationDuringSetup'));
      if (sd) setup.context.push(sd);
    }
  }
  for (const { doc, item } of d.associatedDomains) notification.context.push(payloadDriver(doc, item));
  for (const { doc, item } of d.deviceAccessScep) {
    scep.context.push(payloadDriver(doc, item));
    registration.context.push(payloadDriver(doc, item));
  }
  for (const { doc, item } of d.passcode) policy.context.push(payloadDriver(doc, item));

  // Okta Verify configuration: which of the two domains the deployment sets at all.
  if (d.isDps) {
    const domains = new Set(d.oktaSettings.map((s) => s.item.domain));
    if (!domains.has(OKTA_EXTENSION_DOMAIN)) {
      raise(config, 'fails', `No ${OKTA_EXTENSION_DOMAIN} settings are delivered: the SSO extension gets no org URL and no Desktop Password Sync client ID.`);
      config.blocks = 'okta-sign-in';
    }
    if (!domains.has(OKTA_VERIFY_DOMAIN))
      raise(config, 'warning', `No ${OKTA_VERIFY_DOMAIN} settings are delivered: the Okta Verify app does not know the org until the user enters it.`);
  }

  // Version, hardware and org facts of the scenario.
  if (psso === '1.0') {
    flow.get('scep-certificate')!.skippedBecause = 'Platform SSO 1.0 (macOS 13) needs no Device Access certificate.';
    loginWindow.skippedBecause = 'Platform SSO 1.0 (macOS 13) syncs at unlock only, not at the login window.';
  } else if (d.isDps && d.deviceAccessScep.length && scenario.delivery === 'mdm-user') {
    raise(scep, 'fails', "On the user channel the certificate lands in the user's keychain, not the System keychain where Okta Verify looks for it.");
  }
  if (major < 15) fileVault.skippedBecause = 'FileVault-unlock sync needs macOS 15 or later.';
  else if (!scenario.device.appleSilicon) fileVault.skippedBecause = 'FileVault-unlock sync works on Apple silicon Macs only; this one is Intel.';

  const setupRequested = ssoPayloads.some(({ item }) => {
    const value = getValue(getDict(item.dict, 'PlatformSSO'), 'EnableRegistrationDuringSetup');
    return value?.kind === 'boolean' && value.value;
  });
  if (!setupRequested) setup.skippedBecause = 'PlatformSSO.EnableRegistrationDuringSetup is not on: users register after their first login.';
  else if (major < 26) setup.skippedBecause = `EnableRegistrationDuringSetup needs macOS 26; macOS ${v} ignores it and users register after login.`;
  else if (scenario.delivery !== 'mdm-device')
    setup.skippedBecause = 'Setup Assistant registration needs Automated Device Enrollment with the profiles on the device channel.';

  if (!d.isDps || ssoPayloads.length === 0) {
    raise(
      notification,
      'fails',
      'The deployment has no Okta SSO extension payload (com.apple.extensiblesso for com.okta.mobile.auth-service-extension), so nothing sets up Platform SSO and no registration prompt appears.',
    );
  }
  if (psso === '2.0' && scenario.device.oktaAccountAlreadyRegistered) {
    raise(
      notification,
      'fails',
      'Another local account of this Mac already registered with Okta; Platform SSO 2.0 allows one, so this account gets no registration prompt.',
    );
    raise(
      second,
      'fails',
      "This is that second account: it cannot register and its password does not sync. Okta's fix is restoring the Mac to factory settings.",
    );
  }
  if (!scenario.org.userAssignedToDpsApp)
    raise(signIn, 'fails', 'The user is not assigned the Desktop Password Sync app in Okta, so the sign-in for registration is refused.');
  if (!scenario.org.userHasOktaPassword) raise(signIn, 'fails', 'The user has no Okta password (passwordless): Desktop Password Sync has no password to sync.');
  if (!scenario.org.fastPassRequiresBiometrics) touch.skippedBecause = 'FastPass does not require biometrics in this scenario.';
  else if (!scenario.device.touchIdEnrolled)
    raise(touch, 'fails', 'FastPass requires biometrics, but Touch ID is not set up on this Mac: registration stops here. Set up Touch ID first.');
  if (compareVersions(version, [15, 4, 0]) >= 0 && !scenario.device.userIsMdmManaged) {
    raise(registration, 'fails', 'From macOS 15.4 the user who registers must be an MDM-managed user; this one is not, so registration is refused.');
  }
  if (scenario.delivery === 'mdm-user' && ssoPayloads.length) {
    raise(
      registration,
      psso === '2.0' ? 'fails' : 'warning',
      psso === '2.0'
        ? "The SSO payload comes on the user channel; shared device keys (and so Okta's Platform SSO 2.0) work only on the device channel."
        : 'Okta supports the SSO payload at computer level (device channel) only.',
    );
  }

  // --- Problems, placed where they bite -------------------------------------------------------
  const isIgnored = (keyPath: string | undefined) =>
    !!keyPath && ignored.some((k) => keyPath === k.keyPath || keyPath.startsWith(`${k.keyPath}.`) || keyPath.startsWith(`${k.keyPath}[`));
  const installStepFor = (f: Found): StepDraft => {
    const p = payloadOf(f.doc, f.problem);
    return (p && installOf.get(p)) ?? docOnlyStep.get(f.doc) ?? docStepFallback(f.doc);
  };
  const docStepFallback = (doc: ProfileDocument): StepDraft => {
    const steps = docSteps.get(doc)!;
    return steps[0];
  };

  for (const f of found) {
    const { problem } = f;
    const effects = effectsOf(problem.code);
    if (effects) {
      for (const e of effects) {
        const target = typeof e.step === 'function' ? e.step(problem) : e.step;
        const step = target === 'install' ? installStepFor(f) : flow.get(target)!;
        const status = e.status ?? severityStatus(problem);
        raise(step, status, typeof e.says === 'function' ? e.says(problem) : e.says, f);
        if (target === 'install' && status === 'fails' && !refusedDocs.has(f.doc)) refusedDocs.set(f.doc, step.title);
      }
      continue;
    }
    const step = installStepFor(f);
    if (UNREADABLE_CODES.has(problem.code) && problem.severity === 'error') {
      const unreadable = 'macOS cannot read this file as a property list, so it refuses the whole profile.';
      raise(step, 'fails', unreadable, f);
      // The unreadable file is the headline, whatever else the payload has.
      step.failures = [unreadable, ...step.failures.filter((x) => x !== unreadable)];
      if (!refusedDocs.has(f.doc)) refusedDocs.set(f.doc, step.title);
    } else if (REFUSING_CODES.has(problem.code) && problem.severity === 'error') {
      raise(step, 'fails', 'macOS refuses a payload whose required keys are missing or wrong, and with it the whole profile.', f);
      if (!refusedDocs.has(f.doc)) refusedDocs.set(f.doc, step.title);
    } else if (problem.code === 'DPS116' || problem.code === 'DPS117') {
      raise(step, 'warning', 'macOS can install this file, but the preview cannot read it: check the XML source instead.', f);
    } else if (problem.code === 'DPS109') {
      raise(step, 'warning', 'The same key appears twice in one dictionary; macOS keeps only one of the values.', f);
    } else if (problem.code === 'DPS302') {
      raise(step, 'warning', 'A key the payload does not define; macOS ignores it.', f);
    } else if (UNUSABLE_VALUE_CODES.has(problem.code)) {
      raise(
        step,
        problem.severity === 'error' || problem.severity === 'warning' ? 'warning' : 'note',
        'A value macOS cannot use: it ignores the key (or refuses the payload).',
        f,
      );
      const key = problem.code === 'DPS470' && typeof problem.data?.appleKey === 'string' ? (problem.data.appleKey as string) : lastKey(problem.keyPath);
      const effect = key ? KEY_EFFECTS[key] : undefined;
      if (effect && !isIgnored(problem.keyPath) && isOktaKey(d, f.doc, problem)) {
        const status = problem.severity === 'error' ? effect.status : 'warning';
        raise(flow.get(effect.step)!, status, effect.says, f);
      }
    } else {
      // Anything else does not stop the install; tell it in the checker's words.
      const status = problem.severity === 'error' || problem.severity === 'warning' ? 'warning' : 'note';
      raise(step, status, status === 'note' ? '' : (codeInfo(problem.code)?.summary ?? problem.message), f);
    }
  }

  // A refused payload takes its whole profile with it.
  for (const [doc, culprit] of refusedDocs) {
    for (const s of docSteps.get(doc) ?? []) {
      if (s.status !== 'fails') {
        raise(s, 'fails', `Not installed: macOS installs a profile all or nothing, and “${culprit}” is refused.`);
        s.follower = true;
      }
      s.blockTitle = culprit;
    }
  }
  // Which part of the flow a refused Okta payload stops. Each step's payload is looked up, not searched for: a
  // search of the payloads per failing step was quadratic (26 s for 40,000 refused payloads).
  for (const doc of d.documents) {
    const payloadOfStep = new Map<StepDraft, PayloadModel>();
    for (const x of doc.payloads) {
      const step = installOf.get(x);
      if (step && !payloadOfStep.has(step)) payloadOfStep.set(step, x);
    }
    for (const s of docSteps.get(doc) ?? []) {
      if (s.status !== 'fails') continue;
      s.blocks = blocksFrom(d, doc, payloadOfStep.get(s), psso);
    }
  }

  // --- Order, blocking and prose --------------------------------------------------------------
  const steps: Step[] = [];
  const reasons = new Map<string, string>();
  for (const s of [...installSteps, ...flow.values()]) if (s.failures.length) reasons.set(s.id, s.failures[0]);
  const blockers: { at: number; title: string }[] = [];
  const indexOf = (id: FlowStepId) => FLOW.indexOf(id);
  for (const s of installSteps) {
    steps.push(finish(s, undefined, lineIndexOf));
    if (s.status === 'fails' && s.blocks) blockers.push({ at: indexOf(s.blocks), title: s.blockTitle ?? s.title });
  }
  for (const id of FLOW) {
    const s = flow.get(id)!;
    const blocker = blockers.find((b) => b.at <= indexOf(id));
    steps.push(finish(s, blocker?.title, lineIndexOf));
    if (s.status === 'fails' && !s.skippedBecause) {
      const from = BLOCKS_FROM[id] ?? FLOW[indexOf(id) + 1];
      // A failed Setup Assistant registration leaves the regular flow after login.
      if (from && id !== 'setup-assistant') blockers.push({ at: indexOf(from), title: s.title });
    }
  }

  const followers = new Set(installSteps.filter((s) => s.follower).map((s) => s.id));
  const { outcome, outcomeStatus } = summarize(
    steps.filter((s) => !followers.has(s.id) || s.status !== 'fails'),
    reasons,
    v,
    psso,
    major,
    scenario,
    d.isDps && ssoPayloads.length > 0,
    d.mode,
  );
  return { scenario, macOS: v, psso, steps, outcome, outcomeStatus };
}

/** Turn a draft into a step: skipped when gated or not reached, prose assembled. */
function finish(s: StepDraft, blockedBy: string | undefined, lineIndexOf: (id: string) => LineIndex | undefined): Step {
  const told = [...s.failures, ...s.consequences];
  let status: StepStatus = s.status;
  let explanation = s.base;
  if (s.skippedBecause) {
    status = 'skipped';
    explanation = `${s.skippedBecause} ${told.length ? `(${told.join(' ')})` : ''}`.trim();
  } else if (blockedBy && s.status === 'ok') {
    status = 'skipped';
    explanation = `Not reached: “${blockedBy}” fails first. ${s.base}`;
  } else if (blockedBy) {
    explanation = `Not reached in this scenario (“${blockedBy}” fails first), and once that is fixed this step ${s.status === 'fails' ? 'fails too' : 'has a problem too'}: ${told.join(' ')}`;
  } else if (told.length) {
    explanation = `${s.base} ${told.join(' ')}`;
  }
  const drivers = [
    ...s.causes.map((c) => ({ ...c, cause: true })),
    ...s.context.filter(
      (c) => !s.causes.some((x) => x.documentId === c.documentId && (x.span.start === c.span.start || (!!c.keyPath && x.keyPath === c.keyPath))),
    ),
  ];
  for (const dr of drivers) {
    const index = lineIndexOf(dr.documentId);
    if (index) dr.range = index.rangeOf(dr.span);
  }
  return {
    id: s.id,
    title: s.title,
    status,
    explanation,
    source: s.source,
    drivers: drivers.map(({ cause, ...rest }) => (cause ? { ...rest, cause } : rest)),
    relatedCodes: s.codes.filter((c) => /^DPS\d{3}$/.test(c)),
    details: s.details,
  };
}

function summarize(
  steps: Step[],
  reasons: Map<string, string>,
  v: string,
  psso: string,
  major: number,
  scenario: Scenario,
  hasSso: boolean,
  mode?: DpsDeployment['mode'],
): { outcome: string; outcomeStatus: Timeline['outcomeStatus'] } {
  // Platform SSO arrived in macOS 13: whatever the profiles say, nothing of DPS happens on an older Mac (DPS408).
  if (major < 13) return { outcome: `Desktop Password Sync does not work on macOS ${v}: Platform SSO needs macOS 13 or later.`, outcomeStatus: 'fails' };
  const failing = steps.filter((s) => s.status === 'fails');
  if (failing.length) {
    const first = failing[0];
    const why = reasons.get(first.id) ?? first.explanation;
    const more = failing.length > 1 ? ` (${failing.length - 1} more step${failing.length > 2 ? 's' : ''} fail${failing.length > 2 ? '' : 's'})` : '';
    const lead = hasSso ? 'Desktop Password Sync does not work' : 'No Desktop Password Sync';
    return { outcome: `${lead} on macOS ${v}: “${first.title}” fails — ${why}${more}`, outcomeStatus: 'fails' };
  }
  if (mode === 'secure-enclave') {
    // Okta's Platform SSO with Secure Enclave keys (DPS406): no password sync; the local password stays local.
    const warned = steps.filter((s) => s.status === 'warning').length;
    const se = `Platform SSO with Secure Enclave keys works on macOS ${v} (Platform SSO ${psso}): users sign in to Okta with a key in the Secure Enclave; the local password is not synced with Okta`;
    return warned
      ? { outcome: `${se}; ${warned} step${warned > 1 ? 's have' : ' has'} a warning.`, outcomeStatus: 'warning' }
      : { outcome: `${se}.`, outcomeStatus: 'ok' };
  }
  const places = ['screen unlock'];
  if (major >= 14) places.push('the login window');
  if (major >= 15 && scenario.device.appleSilicon) places.push('FileVault unlock');
  const warnings = steps.filter((s) => s.status === 'warning').length;
  const base = `Desktop Password Sync works on macOS ${v} (Platform SSO ${psso}): the local password becomes the Okta password and syncs at ${joinList(places)}`;
  return warnings
    ? { outcome: `${base}; ${warnings} step${warnings > 1 ? 's have' : ' has'} a warning.`, outcomeStatus: 'warning' }
    : { outcome: `${base}.`, outcomeStatus: 'ok' };
}

function joinList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function baseName(id: string): string {
  return id.replace(/^.*[\\/]/, '');
}

/** The deployment's target when it says or implies one; the preview's fallback otherwise. */
function defaultMacOS(input: DpsDeployment | readonly CheckResult[]): string {
  const deployment = Array.isArray(input) ? (input as readonly CheckResult[])[0]?.deployment : (input as DpsDeployment);
  if (!deployment || deployment.target.source === 'default') return FALLBACK_MACOS;
  return formatVersion(deployment.target.version);
}

/** A document's payloads by index and in text order, made once: problems can number in the thousands. */
const payloadIndexes = new WeakMap<ProfileDocument, { byIndex: Map<number, PayloadModel>; byStart: PayloadModel[] }>();

/** The payload a problem sits in: by its key path, else by position. */
function payloadOf(doc: ProfileDocument, p: Problem): PayloadModel | undefined {
  let indexes = payloadIndexes.get(doc);
  if (!indexes) {
    const byIndex = new Map<number, PayloadModel>();
    for (const x of doc.payloads) if (!byIndex.has(x.index)) byIndex.set(x.index, x);
    const byStart = [...doc.payloads].sort((a, b) => a.dict.span.start - b.dict.span.start);
    payloadIndexes.set(doc, (indexes = { byIndex, byStart }));
  }
  const m = /^PayloadContent\[(\d+)\]/.exec(p.keyPath ?? '');
  if (m) {
    const found = indexes.byIndex.get(Number(m[1]));
    if (found) return found;
  }
  if (doc.kind === 'payload') return doc.payloads[0];
  // Payload dictionaries do not overlap: the one that contains the problem is the last to start at or before it.
  const { byStart } = indexes;
  let lo = 0;
  let hi = byStart.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (byStart[mid].dict.span.start <= p.span.start) lo = mid + 1;
    else hi = mid - 1;
  }
  const x = byStart[hi];
  return x && p.span.end <= x.dict.span.end ? x : undefined;
}

function isOktaKey(d: DpsDeployment, doc: ProfileDocument, p: Problem): boolean {
  const payload = payloadOf(doc, p);
  if (payload && d.oktaSso.some((s) => s.item === payload)) return true;
  const key = lastKey(p.keyPath) ?? '';
  return key.startsWith('OktaVerify.') || key === 'PlatformSSO.ProtocolVersion';
}

/** What a refused payload stops: the SSO payload and associated domains stop everything, settings stop the sign-in, the certificate the registration. */
function blocksFrom(d: DpsDeployment, doc: ProfileDocument, p: PayloadModel | undefined, psso: string): FlowStepId | undefined {
  const payloads = p ? [p] : doc.payloads;
  let best: FlowStepId | undefined;
  const consider = (id: FlowStepId) => {
    if (!best || FLOW.indexOf(id) < FLOW.indexOf(best)) best = id;
  };
  for (const x of payloads) {
    if (x.type === 'com.apple.extensiblesso') consider('registration-notification');
    else if (d.associatedDomains.some((s) => s.item === x)) consider('registration-notification');
    else if (d.oktaSettings.some((s) => s.item.payload === x)) consider('okta-sign-in');
    else if (psso === '2.0' && d.deviceAccessScep.some((s) => s.item === x)) consider('registration');
  }
  if (!p && d.oktaSettings.some((s) => s.doc === doc)) consider('okta-sign-in');
  return best;
}

// ---------------------------------------------------------------------------------------------
// The matrix

/** Run the same deployment on several macOS versions and mark where they differ, and why. */
export function simulateMatrix(
  input: DpsDeployment | readonly CheckResult[],
  scenario?: ScenarioInput,
  versions: readonly string[] = MATRIX_VERSIONS,
  options: SimulateOptions = {},
): Matrix {
  const timelines = versions.map((macOS) => simulate(input, { ...scenario, macOS }, options));
  const order: { id: string; title: string }[] = [];
  for (const t of timelines) for (const s of t.steps) if (!order.some((o) => o.id === s.id)) order.push({ id: s.id, title: s.title });
  const rows: MatrixRow[] = order.map(({ id, title }) => {
    const cells = timelines.map((t) => t.steps.find((s) => s.id === id));
    const statuses = cells.map((c) => c?.status);
    const differs = new Set(statuses).size > 1;
    const causes: string[] = [];
    if (differs) {
      cells.forEach((c, i) => {
        if (!c) return;
        if (c.status === 'skipped' && statuses.some((x) => x === 'ok' || x === 'warning' || x === 'fails')) {
          const blocked = /^Not reached: (\u201c[^\u201d]*\u201d fails first)/.exec(c.explanation);
          const why = `macOS ${timelines[i].macOS}: ${blocked ? `not reached (${blocked[1]})` : c.explanation}`;
          if (!causes.includes(why)) causes.push(why);
          return;
        }
        if (c.status !== 'fails' && c.status !== 'warning') return;
        for (const dr of c.drivers) {
          if (!dr.cause) continue;
          const label = `${baseName(dr.documentId)}: ${dr.keyPath ?? 'payload'}`;
          if (!causes.includes(label)) causes.push(label);
        }
        for (const code of c.relatedCodes) if (!causes.includes(code)) causes.push(code);
      });
    }
    return { id, title, statuses, differs, causes };
  });
  return { versions: timelines.map((t) => t.macOS), timelines, rows, outcomesDiffer: new Set(timelines.map((t) => t.outcomeStatus)).size > 1 };
}
