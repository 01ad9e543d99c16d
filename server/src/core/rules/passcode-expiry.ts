import { getValue } from '../plist/ast';
import { replaceValue } from '../edit';
import { keyPathOf } from '../model';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * Okta's prerequisite for DPS: turn macOS password expiration off with the MDM
 * before deploying (rotate the Okta password instead). An expiring local
 * password makes macOS demand a local change that Okta does not know about.
 */
export const passcodeExpiry = defineRule({
  code: 'DPS460',
  name: 'passcode-expiry',
  severity: 'warning',
  summary: 'A passcode policy with maxPINAgeInDays above 0 expires the local password; Okta asks to disable that before deploying DPS.',
  sources: ['oktaDps', 'fleetGuide', 'applePasscode'],
  check(ctx) {
    const d = ctx.deployment;
    // Password sync only: with Secure Enclave keys the local password is not the Okta password.
    if (!d.isDps || d.mode === 'secure-enclave') return;
    for (const { doc, item } of d.passcode) {
      const v = getValue(item.dict, 'maxPINAgeInDays');
      if (v?.kind !== 'integer' || !(v.value > 0)) continue;
      ctx.report(doc, {
        code: this.code,
        message: `maxPINAgeInDays is ${v.value}: the local password expires after ${v.value} days, and macOS then forces a local change that Desktop Password Sync does not carry to Okta. Okta asks to disable macOS password expiration before deploying DPS: set it to 0 (no expiry) and, if you need rotation, expire the Okta password instead.`,
        span: valueSpan(v),
        keyPath: keyPathOf(v),
        fixes: [{ title: 'Set maxPINAgeInDays to 0 (no expiry)', edits: [replaceValue(v, { kind: 'integer', value: 0 })], preferred: true, safe: true }],
      });
    }
  },
});
