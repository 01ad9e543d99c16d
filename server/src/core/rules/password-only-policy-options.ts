import { getEntry } from '../plist/ast';
import { stringItems } from '../dps/deployment';
import { keyPathIn, valueSpan } from '../dps/locate';
import { POLICY_KEYS, pssoEntry, usesSecureEnclave } from '../dps/psso';
import { defineRule } from './define';

/** Policy options and keys Apple documents as working only with AuthenticationMethod Password. */
const PASSWORD_ONLY_OPTIONS = ['AttemptAuthentication', 'RequireAuthentication', 'AllowOfflineGracePeriod', 'AllowAuthenticationGracePeriod'] as const;
const PASSWORD_ONLY_KEYS = ['OfflineGracePeriod', 'AuthenticationGracePeriod'] as const;

/**
 * Apple: AttemptAuthentication, RequireAuthentication and the grace periods of the FileVault, login and unlock
 * policies work only with the Password method. Under Secure Enclave keys the Mac ignores them, so the policy the
 * admin wrote does not happen.
 */
export const passwordOnlyPolicyOptions = defineRule({
  code: 'DPS407',
  name: 'password-only-policy-options',
  severity: 'warning',
  summary:
    'With Secure Enclave keys (UserSecureEnclaveKey) the PlatformSSO policy options AttemptAuthentication, RequireAuthentication and the grace periods, which work only with Password, have no effect.',
  sources: ['applePlatformSso', 'appleExtensibleSso', 'oktaSecureEnclave'],
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
});
