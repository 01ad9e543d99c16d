import { ssoUrls } from '../dps/deployment';
import { isPlaceholder } from '../placeholders';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * A Redirect extension handles every URL that starts with one of its URLs. The org's root URL hands all of the
 * org's traffic (every sign-in page and API call) to Okta Verify's extension, not just the Platform SSO endpoints
 * Okta lists. That is legal, and some guides do it; this note says what it means.
 */
export const orgRootUrl = defineRule({
  code: 'DPS445',
  name: 'org-root-url',
  severity: 'info',
  summary: "An Okta SSO URL is the org's root URL, which sends all of the org's traffic through the extension, not only the Platform SSO endpoints.",
  sources: ['oktaProfiles', 'appleExtensibleSso'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSso) {
      ssoUrls(item).forEach((node, i) => {
        const v = node.value.trim();
        if (isPlaceholder(v)) return;
        const m = /^https?:\/\/[^/?#\s]+(\/*)$/i.exec(v);
        if (!m) return;
        ctx.report(doc, {
          code: this.code,
          message: `"${node.value}" is the org's root URL: the extension then receives every request to the org, not only the Platform SSO endpoints (/device-access/api/v1/nonce, /oauth2/v1/token). Okta lists only those; remove the root URL unless you mean it.`,
          span: valueSpan(node),
          keyPath: `${keyPathIn(item, 'URLs')}[${i}]`,
        });
      });
    }
  },
});
