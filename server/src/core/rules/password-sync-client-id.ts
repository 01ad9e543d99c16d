import { getEntry, getValue } from '../plist/ast';
import { isPlaceholder, type Located } from '../dps/deployment';
import { OKTA_EXTENSION_DOMAIN, isTemplateValue } from '../okta';
import { sentence, settingsAnchor, settingsLabel, valueSpan } from '../dps/locate';
import { insertEntry, replaceValue } from '../edit';
import { joinKeyPath, type PreferenceSettings } from '../model';
import type { Fix } from '../problem';
import { defineRule } from './define';

const KEY = 'OktaVerify.PasswordSyncClientID';

/** A client ID somewhere in the deployment that looks real (to offer as a fix). */
function realClientId(settings: Located<PreferenceSettings>[]): string | undefined {
  for (const { item } of settings) {
    const v = getValue(item.dict, KEY);
    if (v?.kind === 'string' && v.value.trim() !== '' && !isTemplateValue(v.value) && !isPlaceholder(v.value)) return v.value.trim();
  }
  return undefined;
}

/**
 * Okta Verify's SSO extension learns which Okta app (the Desktop Password Sync /
 * Platform SSO app) to register with from OktaVerify.PasswordSyncClientID in its
 * own preference domain; without a real client ID registration fails.
 */
export const passwordSyncClientId = defineRule({
  code: 'DPS440',
  name: 'password-sync-client-id',
  severity: 'error',
  summary: `${KEY} must be set, to the client ID of the Okta Desktop Password Sync app, in the ${OKTA_EXTENSION_DOMAIN} settings.`,
  sources: ['oktaProfiles', 'oktaDps'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const extension = d.oktaSettings.filter((s) => s.item.domain === OKTA_EXTENSION_DOMAIN);
    const known = realClientId(d.oktaSettings);
    const where = `the Sign On tab of the Desktop Password Sync (Platform Single Sign-on) app in the Okta Admin Console`;

    for (const { doc, item } of extension) {
      const v = getValue(item.dict, KEY);
      if (!v) continue;
      if (v.kind !== 'string') continue; // a wrong type is the schema check's to report
      const keyPath = joinKeyPath(item.keyPath, KEY);
      const fixes: Fix[] = known
        ? [
            {
              title: `Use the client ID ${known} set elsewhere in the deployment`,
              edits: [replaceValue(v, { kind: 'string', value: known })],
              preferred: true,
              safe: false,
            },
          ]
        : [];
      const value = v.value.trim();
      if (isPlaceholder(value)) continue; // an MDM variable, filled in per device
      if (value === '') {
        ctx.report(doc, { code: this.code, message: `${KEY} is empty; set it to the client ID from ${where}.`, span: valueSpan(v), keyPath, fixes });
      } else if (isTemplateValue(value)) {
        ctx.report(doc, {
          code: this.code,
          message: `${KEY} is still the template value "${value}"; replace it with the client ID from ${where}.`,
          span: valueSpan(v),
          keyPath,
          fixes,
        });
      }
    }

    // Missing: only when no settings of the extension's domain carry the key (several
    // payloads may set the same domain, e.g. a separate EDR-plugin profile).
    if (extension.length === 0 || extension.some((s) => getEntry(s.item.dict, KEY))) return;
    const target = extension.find((s) => getEntry(s.item.dict, 'OktaVerify.OrgUrl') || getEntry(s.item.dict, 'PlatformSSO.ProtocolVersion')) ?? extension[0];
    const text = ctx.textOf(target.doc);
    const fixes: Fix[] = known
      ? [
          {
            title: `Add ${KEY} ${known} (the client ID set in the other Okta domain)`,
            edits: [insertEntry(text, target.item.dict, KEY, `<string>${known}</string>`)],
            preferred: true,
            safe: false,
          },
        ]
      : [];
    ctx.report(target.doc, {
      code: this.code,
      message: `${sentence(settingsLabel(target.item))} has no ${KEY}; Okta reads the Desktop Password Sync client ID from this domain. Add it with the client ID from ${where}.`,
      span: settingsAnchor(target.item),
      keyPath: joinKeyPath(target.item.keyPath, KEY),
      fixes,
    });
  },
});
