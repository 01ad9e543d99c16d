import { getDict, getEntry } from '../plist/ast';
import { authenticationMethodOf } from '../dps/deployment';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * Okta supports two Platform SSO modes with the same Okta Verify extension: Desktop Password Sync
 * (AuthenticationMethod Password) and Platform SSO with Secure Enclave keys (UserSecureEnclaveKey). The second is
 * not a DPS mistake; this note says which mode the deployment is in, and that the password-sync checks stay quiet.
 * Desktop Password Sync, the default this tool assumes, gets no note.
 */
export const oktaPssoMode = defineRule({
  code: 'DPS406',
  name: 'okta-psso-mode',
  severity: 'info',
  summary: "The Okta SSO payload uses Secure Enclave keys (UserSecureEnclaveKey): Okta's Platform SSO with Secure Enclave, not Desktop Password Sync.",
  sources: ['oktaAboutPsso', 'oktaSecureEnclave', 'applePlatformSso'],
  check(ctx) {
    const d = ctx.deployment;
    for (const { doc, item } of d.oktaSso) {
      if (authenticationMethodOf(item) !== 'UserSecureEnclaveKey') continue;
      const psso = getDict(item.dict, 'PlatformSSO');
      const entry = getEntry(psso, 'AuthenticationMethod') ?? getEntry(item.dict, 'AuthenticationMethod');
      if (!entry?.value) continue;
      const mixed = d.mode === undefined && d.oktaSso.some((s) => authenticationMethodOf(s.item) === 'Password');
      ctx.report(doc, {
        code: this.code,
        message: mixed
          ? 'This Okta SSO payload uses Secure Enclave keys (UserSecureEnclaveKey) while another one uses Password (Desktop Password Sync); a Mac gets one Platform SSO configuration, so scope the two to different Macs.'
          : "Platform SSO with Secure Enclave keys (UserSecureEnclaveKey): Okta's passwordless mode, the alternative to Desktop Password Sync. The local password stays separate from the Okta password, so the password-sync checks (password expiry, change at next sign-in) do not apply; Okta supports it from macOS 14.",
        span: valueSpan(entry.value),
        keyPath:
          psso && getEntry(psso, 'AuthenticationMethod') ? keyPathIn(item, 'PlatformSSO', 'AuthenticationMethod') : keyPathIn(item, 'AuthenticationMethod'),
        data: { mode: 'secure-enclave' },
      });
    }
  },
});
