import { getValue } from '../plist/ast';
import { replaceValue } from '../edit';
import { keyPathOf } from '../model';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * changeAtNextAuth makes every user (admins too, in a device profile) change the
 * local password at the next authentication; the new local password no longer
 * matches Okta, which is what DPS keeps in step.
 */
export const passcodeChangeAtNextAuth = defineRule({
  code: 'DPS461',
  name: 'passcode-change-at-next-auth',
  severity: 'warning',
  summary: 'A passcode policy with changeAtNextAuth true forces a local password change that takes the Mac out of sync with Okta.',
  sources: ['applePasscode', 'oktaDps'],
  check(ctx) {
    const d = ctx.deployment;
    // Password sync only: with Secure Enclave keys the local password is not the Okta password.
    if (!d.isDps || d.mode === 'secure-enclave') return;
    for (const { doc, item } of d.passcode) {
      const v = getValue(item.dict, 'changeAtNextAuth');
      if (v?.kind !== 'boolean' || !v.value) continue;
      ctx.report(doc, {
        code: this.code,
        message:
          'changeAtNextAuth is true: macOS forces a local password change at the next sign-in, so the local password stops matching the Okta password that Desktop Password Sync keeps it in step with. Set it to false and have users change their Okta password instead.',
        span: valueSpan(v),
        keyPath: keyPathOf(v),
        fixes: [{ title: 'Set changeAtNextAuth to false', edits: [replaceValue(v, { kind: 'boolean', value: false })], preferred: true, safe: true }],
      });
    }
  },
});
