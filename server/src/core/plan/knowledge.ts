import { SOURCES } from '../okta';
import { PREVIEW_SOURCES } from '../simulate/engine';
import type { ChangeKind, ImpactKind } from './types';

/**
 * What macOS and Okta do when profiles change under Macs already in the field:
 * one table with sources, like `simulate/effects.ts`. The plan's engine only
 * applies these facts; it does not invent any.
 */

export const PLAN_SOURCES = {
  ...SOURCES,
  ...PREVIEW_SOURCES,
  appleCommonPayloadKeys: 'https://github.com/apple/device-management/blob/release/mdm/profiles/CommonPayloadKeys.yaml',
} as const;

/** Each change kind of a profile or payload: what macOS does on push, and where Apple says so. */
export const CHANGE_KINDS: Readonly<Record<ChangeKind, { payload: string; profile: string; source: string }>> = {
  unchanged: {
    payload: 'Same PayloadIdentifier, PayloadUUID and content: nothing happens on the Mac.',
    profile: 'Same PayloadIdentifier and content: nothing happens on the Mac.',
    source: PLAN_SOURCES.appleTopLevel,
  },
  updated: {
    payload: 'Same PayloadIdentifier and PayloadUUID with new content: during the profile replacement macOS updates the payload in place.',
    profile: 'Same PayloadIdentifier: the new version replaces the installed profile.',
    source: PLAN_SOURCES.appleCommonPayloadKeys,
  },
  reinstalled: {
    payload:
      'Same PayloadType and PayloadIdentifier with a new PayloadUUID (or a new profile identifier, or a new PayloadScope): macOS removes the old payload and installs the new one, with everything that hangs on it.',
    profile:
      'A new PayloadIdentifier (or PayloadScope) for the same file: macOS sees a different profile, so the old one is removed and every payload installed again.',
    source: PLAN_SOURCES.appleCommonPayloadKeys,
  },
  added: {
    payload: 'A payload that was not there: macOS installs it.',
    profile: 'A profile identifier the Macs do not have: macOS installs it as a new profile.',
    source: PLAN_SOURCES.appleTopLevel,
  },
  removed: {
    payload: 'A payload that is gone: removing or replacing a profile removes the payloads it no longer has.',
    profile: 'A profile that is gone: once the MDM removes it, macOS removes every payload it installed.',
    source: PLAN_SOURCES.appleTopLevel,
  },
};

export { IMPACT_KINDS, IMPACT_ORDER, EXTRA_FAIL_ON, FAIL_ON_CHOICES, DEFAULT_FAIL_ON } from './labels';
export type { FailOn } from './labels';

/**
 * What an existing registration hangs on. A change to one of these under a
 * registered Mac makes the user register again, or stops password sync until
 * they do. `psso` limits the fact to Macs registered with that protocol.
 */
export interface RegistrationFact {
  id:
    | 'sso-reinstalled'
    | 'protocol-1-to-2'
    | 'protocol-lost'
    | 'org-host'
    | 'client-id'
    | 'shared-device-keys'
    | 'macos15-policies'
    | 'sso-removed'
    | 'device-access-removed';
  kind: ImpactKind;
  says: string;
  source: string;
}

export const REGISTRATION_FACTS: Readonly<Record<RegistrationFact['id'], RegistrationFact>> = {
  'sso-reinstalled': {
    id: 'sso-reinstalled',
    kind: 'reregistration',
    says: 'The Okta SSO payload is removed and installed again; the Platform SSO registration goes with the removed payload, so macOS shows the registration notification again and password sync waits until the user registers.',
    source: PLAN_SOURCES.appleCommonPayloadKeys,
  },
  'protocol-1-to-2': {
    id: 'protocol-1-to-2',
    kind: 'reregistration',
    says: 'The Mac was registered with Platform SSO 1.0 and now gets a Platform SSO 2.0 configuration: Okta asks users to register again after the migration.',
    source: PLAN_SOURCES.oktaMacos14,
  },
  'protocol-lost': {
    id: 'protocol-lost',
    kind: 'lost-sync',
    says: 'The new configuration no longer sets up the Platform SSO protocol this Mac registered with, for this macOS: password sync stops, and nothing asks the user to register.',
    source: PLAN_SOURCES.oktaMacos14,
  },
  'org-host': {
    id: 'org-host',
    kind: 'lost-sync',
    says: 'The org host changes: the Mac is registered with the old org, and the SSO URLs, authsrv: domain and OrgUrl now name another one, so password sync fails until the user registers with the new org.',
    source: PLAN_SOURCES.oktaProfiles,
  },
  'client-id': {
    id: 'client-id',
    kind: 'lost-sync',
    says: 'The Desktop Password Sync client ID changes: the registration was made with the old app integration, so password sync fails until the user registers with the new one (and users must be assigned to it).',
    source: PLAN_SOURCES.oktaDps,
  },
  'shared-device-keys': {
    id: 'shared-device-keys',
    kind: 'lost-sync',
    says: "PlatformSSO.UseSharedDeviceKeys changes: the signing and encryption keys of the registration are no longer the ones the Mac uses, so password sync fails until the user registers again (inferred from Apple's description of the key).",
    source: PLAN_SOURCES.applePlatformSso,
  },
  'macos15-policies': {
    id: 'macos15-policies',
    kind: 'reregistration',
    says: 'macOS 15 authentication policies (UnlockPolicy, LoginPolicy, FileVaultPolicy) are added: Okta asks users to register again after updating to them.',
    source: PLAN_SOURCES.oktaMacos15,
  },
  'sso-removed': {
    id: 'sso-removed',
    kind: 'lost-sync',
    says: 'The Okta SSO payload is gone: macOS removes it and the Platform SSO registration with it, so password sync stops and nothing asks the user to register.',
    source: PLAN_SOURCES.appleTopLevel,
  },
  'device-access-removed': {
    id: 'device-access-removed',
    kind: 'lost-sync',
    says: 'The Device Access SCEP payload is removed, and its certificate with it; Platform SSO 2.0 uses that certificate to reach Okta and identify the Mac, so password sync fails.',
    source: PLAN_SOURCES.oktaMacos14,
  },
};

export const SCEP_REQUEST = {
  says: (what: string) =>
    `The Device Access SCEP payload is ${what}: the Mac requests a new certificate from the SCEP server (Okta as CA does not renew; pushing the payload again is how a certificate is replaced).`,
  source: PLAN_SOURCES.oktaScepStatic,
};

export const REGISTRATION_PROMPT = {
  says: 'Desktop Password Sync now works on this macOS for users who have not registered: after their next login they get the “Registration Required” notification, and the registration completes.',
  source: PLAN_SOURCES.oktaEndUser,
};

export const INSTALL_FAILURE_SOURCE = PLAN_SOURCES.appleTopLevel;

/** The migrations Okta documents, with its steps in Okta's order. Each step is checked in `migrations.ts`. */
export interface MigrationDef {
  id: 'psso1-to-psso2' | 'add-device-access-scep' | 'client-id-change' | 'org-change' | 'macos15-policies';
  title: string;
  source: string;
  steps: readonly string[];
}

export const MIGRATIONS: Readonly<Record<MigrationDef['id'], MigrationDef>> = {
  'psso1-to-psso2': {
    id: 'psso1-to-psso2',
    title: 'Platform SSO 1.0 → 2.0 (Update Desktop Password Sync for macOS 14)',
    source: PLAN_SOURCES.oktaMacos14,
    steps: [
      'Update Okta Verify for macOS from the Admin Console download',
      'Configure the Device Access SCEP certificate (before the SSO payload asks for it)',
      'Update the SSO profile: PlatformSSO.AuthenticationMethod Password, UseSharedDeviceKeys true, ProtocolVersion 2.0',
      'Users register again',
      'Keep a separate configuration for Macs that stay on macOS 13',
    ],
  },
  'add-device-access-scep': {
    id: 'add-device-access-scep',
    title: 'Adding the Device Access SCEP certificate',
    source: PLAN_SOURCES.oktaScep,
    steps: [
      'Set up Device Access SCEP in Okta (Security › Device Integrations)',
      'Deliver the certificate at computer level (device channel)',
      "Use Okta's values (key size 2048, key usage 1, not extractable, all apps access) and real URL and challenge",
      'The certificate is on the Mac before Platform SSO 2.0 asks for it',
    ],
  },
  'client-id-change': {
    id: 'client-id-change',
    title: 'Changing the Desktop Password Sync client ID',
    source: PLAN_SOURCES.oktaDps,
    steps: [
      'Assign the users to the new Desktop Password Sync app integration',
      'Change every copy of OktaVerify.PasswordSyncClientID',
      'Registered users register again',
    ],
  },
  'org-change': {
    id: 'org-change',
    title: 'Changing the Okta org',
    source: PLAN_SOURCES.oktaProfiles,
    steps: [
      'Move every org URL together: SSO URLs, authsrv: domains, OktaVerify.OrgUrl',
      'Point the Device Access SCEP URL at the new org',
      'Registered users register again with the new org',
    ],
  },
  'macos15-policies': {
    id: 'macos15-policies',
    title: 'Platform SSO policies for macOS 15 (Update Desktop Password Sync for macOS 15)',
    source: PLAN_SOURCES.oktaMacos15,
    steps: [
      'Prerequisites: ProtocolVersion 2.0, UseSharedDeviceKeys and the Device Access certificate',
      'Grace periods that say how long they last',
      'Users register again',
    ],
  },
};
