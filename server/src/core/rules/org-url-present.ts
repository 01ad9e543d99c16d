import { getEntry, getValue } from '../plist/ast';
import { isPlaceholder, type Located } from '../dps/deployment';
import { OKTA_EXTENSION_DOMAIN, OKTA_VERIFY_DOMAIN, isTemplateOrg } from '../okta';
import { sentence, settingsAnchor, settingsLabel, valueSpan } from '../dps/locate';
import { insertEntry } from '../edit';
import { joinKeyPath, type PreferenceSettings } from '../model';
import type { Fix } from '../problem';
import { defineRule } from './define';

const KEY = 'OktaVerify.OrgUrl';

/**
 * Okta Verify and its SSO extension each read the org from their own
 * preference domain; both need OktaVerify.OrgUrl, with the real org URL.
 */
export const orgUrlPresent = defineRule({
  code: 'DPS442',
  name: 'org-url-present',
  severity: 'error',
  summary: `${KEY} must be set to the org URL in both Okta Verify domains (${OKTA_VERIFY_DOMAIN} and ${OKTA_EXTENSION_DOMAIN}).`,
  sources: ['oktaProfiles', 'oktaManagedAppConfig'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const host = d.orgHost;
    const orgUrl = host && !isTemplateOrg(host) ? `https://${host}` : undefined;

    for (const { doc, item } of d.oktaSettings) {
      const v = getValue(item.dict, KEY);
      if (v?.kind !== 'string') continue; // absent: below; wrong type: the schema check
      const value = v.value.trim();
      if (isPlaceholder(value) && !isTemplateOrg(value)) continue; // an MDM variable, filled in per device
      if (isTemplateOrg(value)) {
        ctx.report(doc, {
          code: this.code,
          message: `${KEY} is still the template value "${v.value}"; replace it with your org's URL${orgUrl ? ` (the rest of the deployment uses ${orgUrl})` : ' (https://<your-org>.okta.com, or your custom domain)'}.`,
          span: valueSpan(v),
          keyPath: joinKeyPath(item.keyPath, KEY),
        });
      } else if (value === '') {
        ctx.report(doc, {
          code: this.code,
          message: `${KEY} is empty; set it to your org's URL${orgUrl ? ` (${orgUrl})` : ''}.`,
          span: valueSpan(v),
          keyPath: joinKeyPath(item.keyPath, KEY),
        });
      }
    }

    // Absent: judged per domain, since several payloads may set the same domain.
    const byDomain = new Map<string, Located<PreferenceSettings>[]>();
    for (const s of d.oktaSettings) {
      const list = byDomain.get(s.item.domain);
      if (list) list.push(s);
      else byDomain.set(s.item.domain, [s]);
    }
    const hasIt = (domain: string) => (byDomain.get(domain) ?? []).some((s) => getEntry(s.item.dict, KEY));
    for (const [domain, list] of byDomain) {
      if (hasIt(domain)) continue;
      const other = domain === OKTA_VERIFY_DOMAIN ? OKTA_EXTENSION_DOMAIN : OKTA_VERIFY_DOMAIN;
      const otherHasIt = hasIt(other);
      const target = list.find((s) => s.item.dict.entries.some((e) => e.key.startsWith('OktaVerify.') || e.key.startsWith('PlatformSSO.'))) ?? list[0];
      const fixes: Fix[] = orgUrl
        ? [
            {
              title: `Add ${KEY} ${orgUrl}`,
              edits: [insertEntry(ctx.textOf(target.doc), target.item.dict, KEY, `<string>${orgUrl}</string>`)],
              preferred: true,
              safe: true,
            },
          ]
        : [];
      ctx.report(target.doc, {
        code: this.code,
        severity: otherHasIt ? 'warning' : undefined,
        message: otherHasIt
          ? `${sentence(settingsLabel(target.item))} has no ${KEY}, while ${other} sets it; each reads its own domain, so set it here too${orgUrl ? ` (${orgUrl})` : ''}.`
          : `${sentence(settingsLabel(target.item))} has no ${KEY}; Okta Verify needs the org URL in both ${OKTA_VERIFY_DOMAIN} and ${OKTA_EXTENSION_DOMAIN}${orgUrl ? ` (${orgUrl})` : ''}.`,
        span: settingsAnchor(target.item),
        keyPath: joinKeyPath(target.item.keyPath, KEY),
        fixes,
      });
    }
  },
});
