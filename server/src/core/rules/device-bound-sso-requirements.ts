import { formatVersion } from '../version';
import { deviceBoundSsoSwitches } from '../dps/device-bound-sso';
import { DBSSO_MIN_OKTA_VERIFY } from '../okta';
import { describeTarget } from '../dps/psso';
import { defineRule } from './define';

/**
 * Okta: Device-Bound SSO for macOS needs Okta Verify 9.56.0 or later, macOS 14 or later with a Secure Enclave,
 * the Device Access certificate and FastPass. A profile cannot show the installed Okta Verify, so this is a note,
 * and a warning when the target macOS is below 14.
 */
export const deviceBoundSsoRequirements = defineRule({
  code: 'DPS438',
  name: 'device-bound-sso-requirements',
  severity: 'info',
  summary: `Device-Bound SSO (OktaJoinEnabled) needs Okta Verify ${DBSSO_MIN_OKTA_VERIFY} or later and macOS 14 or later; a warning when the target is older.`,
  sources: ['oktaDeviceBoundSso'],
  check(ctx) {
    const d = ctx.deployment;
    const tooOld = d.target.version[0] < 14 && d.target.source !== 'default';
    for (const s of deviceBoundSsoSwitches(d)) {
      ctx.report(s.at.doc, {
        code: this.code,
        severity: tooOld ? 'warning' : undefined,
        message: tooOld
          ? `OktaJoinEnabled turns on Okta's Device-Bound SSO, which needs macOS 14 or later; the target is ${describeTarget(d.target)}, where it does nothing.`
          : `OktaJoinEnabled turns on Okta's Device-Bound SSO: the Macs need Okta Verify ${DBSSO_MIN_OKTA_VERIFY} or later (older versions ignore the key), macOS 14 or later with a Secure Enclave, the Device Access certificate, and users enrolled in FastPass.`,
        span: s.entry.keySpan,
        keyPath: s.keyPath,
        data: { minOktaVerify: DBSSO_MIN_OKTA_VERIFY, target: formatVersion(d.target.version) },
      });
    }
  },
});
