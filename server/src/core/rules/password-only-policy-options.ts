import { getEntry } from '../plist/ast';
import { stringItems } from '../dps/deployment';
import { keyPathIn, valueSpan } from './util';
import { POLICY_KEYS, pssoEntry } from './psso-shared';
import { SOURCES } from './sources';
import type { Rule } from './types';

/** Policy options and keys Apple documents as working only with AuthenticationMethod Password. */
export const PASSWORD_ONLY_OPTIONS = ['AttemptAuthentication', 'RequireAuthentication', 'AllowOfflineGracePeriod', 'AllowAuthenticationGracePeriod'] as const;
const PASSWORD_ONLY_KEYS = ['OfflineGracePeriod', 'AuthenticationGracePeriod'] as const;

/** Is this Okta SSO payload's Platform SSO method the Secure Enclave key? */
export function usesSecureEnclave(psso: import('../plist/ast').DictNode): boolean {
  const m = getEntry(psso, 'AuthenticationMethod')?.value;
  return m?.kind === 'string' && m.value.trim() === 'UserSecureEnclaveKey';
}

/**
 * Apple: AttemptAuthentication, RequireAuthentication and the grace periods of the FileVault, login and unlock
 * policies work only with the Password method. Under Secure Enclave keys the Mac ignores them, so the policy the
 * admin wrote does not happen.
 */
export const passwordOnlyPolicyOptions: Rule = {
  code: 'DPS407',
  name: 'password-only-policy-options',
  group: 'dps',
  severity: 'warning',
  summary: 'With Secure Enclave keys (UserSecureEnclaveKey) the PlatformSSO policy options AttemptAuthentication, RequireAuthentication and the grace periods, which work only with Password, have no effect.',
  sources: [SOURCES.applePlatformSso, SOURCES.appleExtensibleSso, SOURCES.oktaSecureEnclave],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSso) {
      const psso = pssoEntry(item);
      if (!psso || !usesSecureEnclave(psso.value)) continue;
      for (const policy of POLICY_KEYS) {
        stringItems(getEntry(psso.value, policy)?.value).forEach((node, index) => {
          const option = node.value.trim();
          if (!(PASSWORD_ONLY_OPTIONS as readonly string[]).includes(option)) return;
          ctx.report(doc, {
            code: this.code,
            message: `${policy} has ${option}, which Apple documents as working only with AuthenticationMethod Password; with UserSecureEnclaveKey macOS ignores it.`,
            span: valueSpan(node),
            keyPath: `${keyPathIn(item, 'PlatformSSO', policy)}[${index}]`,
          });
        });
      }
      for (const key of PASSWORD_ONLY_KEYS) {
        const entry = getEntry(psso.value, key);
        if (!entry) continue;
        ctx.report(doc, {
          code: this.code,
          message: `${key} works only with AuthenticationMethod Password; with UserSecureEnclaveKey macOS ignores it.`,
          span: entry.keySpan,
          keyPath: keyPathIn(item, 'PlatformSSO', key),
        });
      }
    }
  },
};
