import type { DpsDeployment } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import type { ProblemInput } from '../problem';
import type { Rule } from './types';
import { oktaSsoTeamIdentifier } from './okta-sso-team-identifier';
import { oktaSsoTypeRedirect } from './okta-sso-type-redirect';
import { oktaSsoRequiredUrls } from './okta-sso-required-urls';
import { ssoUrlForm } from './sso-url-form';
import { ssoUrlUnique } from './sso-url-unique';
import { orgHostConsistent } from './org-host-consistent';
import { authsrvBareHost } from './authsrv-bare-host';
import { associatedDomainsAppIds } from './associated-domains-app-ids';
import { directDownloadsIgnored } from './direct-downloads-ignored';
import { passwordSyncClientId } from './password-sync-client-id';
import { clientIdConsistent } from './client-id-consistent';
import { orgUrlPresent } from './org-url-present';
import { appConfigDomain } from './app-config-domain';
import { deviceAccessScepValues } from './device-access-scep-values';
import { scepStaticChallenge } from './scep-static-challenge';
import { scepTemplateValue } from './scep-template-value';
import { passcodeExpiry } from './passcode-expiry';
import { passcodeChangeAtNextAuth } from './passcode-change-at-next-auth';
import { psso2AuthenticationMethod } from './psso2-authentication-method';
import { psso2SharedDeviceKeys } from './psso2-shared-device-keys';
import { dpsDeviceChannel } from './dps-device-channel';
import { psso2ProtocolVersion } from './psso2-protocol-version';
import { psso2DeviceAccessScep } from './psso2-device-access-scep';
import { psso1AuthenticationMethod } from './psso1-authentication-method';
import { pssoMixedVersions } from './psso-mixed-versions';
import { deprecatedAuthenticationMethod } from './deprecated-authentication-method';
import { psso1PlatformSsoIgnored } from './psso1-platformsso-ignored';
import { psso1ProtocolVersion } from './psso1-protocol-version';
import { sharedDeviceKeysRequired } from './shared-device-keys-required';
import { registrationTokenNeedsMethod } from './registration-token-needs-method';
import { gracePeriodMissing } from './grace-period-missing';
import { requireAuthenticationLockout } from './require-authentication-lockout';
import { keyNotOnTarget } from './key-not-on-target';
import { oktaPssoMode } from './okta-psso-mode';
import { passwordOnlyPolicyOptions } from './password-only-policy-options';
import { targetBelowPlatformSso } from './target-below-platform-sso';
import { templateOrgHost } from './template-org-host';
import { oktaExtensionNearMiss } from './okta-extension-near-miss';
import { associatedDomainTeamPrefix } from './associated-domain-team-prefix';
import { deviceBoundSsoUrl } from './device-bound-sso-url';
import { deviceBoundSsoRequirements } from './device-bound-sso-requirements';
import { credentialHostUnique } from './credential-host-unique';
import { userPrincipalNameDeviceVariable } from './user-principal-name-device-variable';
import { orgRootUrl } from './org-root-url';
import { scepChallengeLiteral } from './scep-challenge-literal';
import { wifiPasswordLiteral } from './wifi-password-literal';
import { eapPasswordLiteral } from './eap-password-literal';
import { pkcs12PasswordLiteral } from './pkcs12-password-literal';
import { embeddedPrivateKey } from './embedded-private-key';
import { registrationTokenLiteral } from './registration-token-literal';
import { clientSecretLiteral } from './client-secret-literal';

/**
 * The DPS rule pack, in the order the rules run. Adding a rule: its file (with `defineRule`), one line here,
 * its docs page and fixtures. The catalog (`codes.ts`) and the preview's `CODE_EFFECTS` read their codes from here.
 */
export const RULES = [
  oktaSsoTeamIdentifier,
  oktaSsoTypeRedirect,
  oktaSsoRequiredUrls,
  ssoUrlForm,
  ssoUrlUnique,
  orgHostConsistent,
  authsrvBareHost,
  associatedDomainsAppIds,
  directDownloadsIgnored,
  passwordSyncClientId,
  clientIdConsistent,
  orgUrlPresent,
  appConfigDomain,
  deviceAccessScepValues,
  scepStaticChallenge,
  scepTemplateValue,
  passcodeExpiry,
  passcodeChangeAtNextAuth,
  psso2AuthenticationMethod,
  psso2SharedDeviceKeys,
  dpsDeviceChannel,
  psso2ProtocolVersion,
  psso2DeviceAccessScep,
  psso1AuthenticationMethod,
  pssoMixedVersions,
  deprecatedAuthenticationMethod,
  psso1PlatformSsoIgnored,
  psso1ProtocolVersion,
  sharedDeviceKeysRequired,
  registrationTokenNeedsMethod,
  gracePeriodMissing,
  requireAuthenticationLockout,
  keyNotOnTarget,
  oktaPssoMode,
  passwordOnlyPolicyOptions,
  targetBelowPlatformSso,
  templateOrgHost,
  oktaExtensionNearMiss,
  associatedDomainTeamPrefix,
  deviceBoundSsoUrl,
  deviceBoundSsoRequirements,
  credentialHostUnique,
  userPrincipalNameDeviceVariable,
  orgRootUrl,
  scepChallengeLiteral,
  wifiPasswordLiteral,
  eapPasswordLiteral,
  pkcs12PasswordLiteral,
  embeddedPrivateKey,
  registrationTokenLiteral,
  clientSecretLiteral,
] as const satisfies readonly Rule<`DPS${number}`>[];

/**
 * The code of every rule: a union of literals (a rule not declared with `defineRule`, whose code is a plain
 * string, does not satisfy the list above), so a table keyed by it (`CODE_EFFECTS`) must name them all.
 */
export type RuleCode = (typeof RULES)[number]['code'];

export interface RuleHost {
  textOf(doc: ProfileDocument): string;
  report(doc: ProfileDocument, problem: ProblemInput): void;
}

/** Run every rule; a rule that throws is a bug, and must not take the others down. */
export function runRules(deployment: DpsDeployment, host: RuleHost): void {
  for (const rule of RULES) {
    try {
      rule.check({ deployment, textOf: host.textOf, report: (doc, p) => host.report(doc, { ...p, code: p.code || rule.code }) });
    } catch (err) {
      const doc = deployment.documents[0];
      if (doc)
        host.report(doc, {
          code: 'DPS000',
          message: `Internal error in rule ${rule.code} (${rule.name}): ${(err as Error).message}. Please report it.`,
          span: { start: 0, end: 0 },
        });
    }
  }
}
