import { getEntry } from '../plist/ast';
import { stringItems } from '../dps/deployment';
import { keyPathIn, valueSpan } from '../dps/locate';
import { POLICY_KEYS, pssoEntry, usesSecureEnclave } from '../dps/psso';
import { defineRule } from './define';

const WHERE: Record<(typeof POLICY_KEYS)[number], string> = {
  FileVaultPolicy: 'unlock FileVault',
  LoginPolicy: 'log in at the login window',
  UnlockPolicy: 'unlock the screen',
};

/**
 * RequireAuthentication makes the IdP the only way in: offline Macs are locked
 * out unless an offline grace period is allowed, and at unlock Touch ID and
 * Apple Watch stop working unless explicitly allowed.
 */
export const requireAuthenticationLockout = defineRule({
  code: 'DPS424',
  name: 'require-authentication-lockout',
  severity: 'warning',
  summary:
    'RequireAuthentication in a PlatformSSO policy without AllowOfflineGracePeriod locks users out when offline (and in UnlockPolicy turns off Touch ID unless AllowTouchIDOrWatchForUnlock).',
  sources: ['appleExtensibleSso', 'oktaVersions', 'oktaMacos15'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.allSso) {
      const psso = pssoEntry(item);
      // With Secure Enclave keys these options do nothing at all (DPS407 says so).
      if (!psso || usesSecureEnclave(psso.value)) continue;
      const exempt = getEntry(psso.value, 'NonPlatformSSOAccounts') !== undefined;
      for (const policy of POLICY_KEYS) {
        const items = stringItems(getEntry(psso.value, policy)?.value);
        const index = items.findIndex((n) => n.value.trim() === 'RequireAuthentication');
        if (index < 0) continue;
        const has = (option: string) => items.some((n) => n.value.trim() === option);
        const issues: string[] = [];
        if (!has('AllowOfflineGracePeriod')) issues.push(`without AllowOfflineGracePeriod nobody can ${WHERE[policy]} while the Mac is offline`);
        if (policy === 'UnlockPolicy' && !has('AllowTouchIDOrWatchForUnlock'))
          issues.push('Touch ID and Apple Watch unlock stop working unless AllowTouchIDOrWatchForUnlock is added');
        if (issues.length === 0) continue;
        if (!has('AllowAuthenticationGracePeriod') && !exempt)
          issues.push(
            'local accounts not registered with Platform SSO (such as a local admin) are refused unless listed in NonPlatformSSOAccounts or AllowAuthenticationGracePeriod is set',
          );
        ctx.report(doc, {
          code: this.code,
          message: `${policy} has RequireAuthentication: ${issues.join('; ')}.`,
          span: valueSpan(items[index]),
          keyPath: `${keyPathIn(item, 'PlatformSSO', policy)}[${index}]`,
        });
      }
    }
  },
});
