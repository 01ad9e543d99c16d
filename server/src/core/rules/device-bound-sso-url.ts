import { DEVICE_SIGN_PATH, OKTA_DEVICE_ACCESS_DOMAIN } from '../okta';
import { deviceBoundSsoSwitches, hasDeviceSignUrl } from '../dps/device-bound-sso';
import { defineRule } from './define';

/** Okta: Device-Bound SSO (OktaJoinEnabled) needs the org's /v1/auth/device-sign URL in the SSO extension's URLs. */
export const deviceBoundSsoUrl = defineRule({
  code: 'DPS437',
  name: 'device-bound-sso-url',
  severity: 'warning',
  summary: `Device-Bound SSO (OktaJoinEnabled in ${OKTA_DEVICE_ACCESS_DOMAIN}) needs the org's ${DEVICE_SIGN_PATH} URL in the Okta SSO extension's URLs.`,
  sources: ['oktaDeviceBoundSso'],
  check(ctx) {
    const d = ctx.deployment;
    const switches = deviceBoundSsoSwitches(d);
    // Without an Okta SSO payload among the checked files there is no URLs list to judge (DPS403 and others speak then).
    if (switches.length === 0 || d.oktaSso.length === 0 || hasDeviceSignUrl(d)) return;
    const host = d.orgHost ?? '<your-org>.okta.com';
    for (const s of switches) {
      ctx.report(s.at.doc, {
        code: this.code,
        // Okta: Secure Enclave mode needs Device-Bound SSO, so there it breaks the deployment; with DPS only the extra feature.
        severity: d.mode === 'secure-enclave' ? 'error' : undefined,
        message: `OktaJoinEnabled turns on Okta's Device-Bound SSO, which signs the device through https://${host}${DEVICE_SIGN_PATH}; no Okta SSO payload lists that URL, so the Mac never joins. Add it to the extension's URLs.`,
        span: s.entry.keySpan,
        keyPath: s.keyPath,
        related: d.oktaSso.map(({ doc, item }) => ({
          documentId: doc.documentId,
          span: item.dict.openTag,
          message: 'Okta SSO payload without the device-sign URL',
        })),
        data: { missing: [`https://${host}${DEVICE_SIGN_PATH}`] },
      });
    }
  },
});
