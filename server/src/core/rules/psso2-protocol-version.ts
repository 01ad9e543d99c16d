import { joinKeyPath } from '../model';
import { isPlaceholder } from '../dps/deployment';
import { OKTA_EXTENSION_DOMAIN } from '../okta';
import { missingKeySpan, valueSpan } from '../dps/locate';
import {
  describeTarget,
  extensionSettings,
  filesAreWholeDeployment,
  NOT_AMONG_THE_FILES_HINT,
  payloadAnchor,
  protocolVersionOf,
  targetSeverity,
  targetsPsso2,
} from '../dps/psso';
import { insertEntry, replaceValue } from '../edit';
import { defineRule } from './define';

const KEY = 'PlatformSSO.ProtocolVersion';

/** Okta Verify's extension picks the PSSO protocol from its managed settings; 2.0 from macOS 14. */
export const psso2ProtocolVersion = defineRule({
  code: 'DPS413',
  name: 'psso2-protocol-version',
  severity: 'error',
  summary: `For Platform SSO 2.0 (macOS 14 and later) the ${OKTA_EXTENSION_DOMAIN} settings need ${KEY} "2.0".`,
  sources: ['oktaMacos15', 'oktaMacos14', 'oktaProfiles'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso2(d)) return;
    const target = describeTarget(d.target);
    const settings = extensionSettings(d);
    if (settings.length === 0) {
      const first = d.oktaSso[0];
      if (!first) return;
      // Missing for certain only when these files are the whole deployment; otherwise it may be in another profile.
      const whole = filesAreWholeDeployment(d);
      ctx.report(first.doc, {
        code: this.code,
        severity: whole ? targetSeverity(d) : 'warning',
        message: `${whole ? 'The deployment has' : 'The checked files have'} no settings for Okta Verify's extension (preference domain ${OKTA_EXTENSION_DOMAIN}); Platform SSO 2.0 needs them, with ${KEY} "2.0" (and the org URL and Desktop Password Sync client ID). Add a ${OKTA_EXTENSION_DOMAIN} payload. The target is ${target}.${whole ? '' : NOT_AMONG_THE_FILES_HINT}`,
        span: payloadAnchor(first.item),
        keyPath: first.item.keyPath,
      });
      return;
    }
    let present = false;
    for (const { doc, item } of settings) {
      const v = protocolVersionOf(item.dict);
      if (!v) continue;
      present = true;
      // Other types and values are the schema's (DPS303/DPS304).
      if (v.kind !== 'string' || v.value.trim() !== '1.0' || isPlaceholder(v.value)) continue;
      ctx.report(doc, {
        code: this.code,
        severity: targetSeverity(d),
        message: `${KEY} is "1.0" (Platform SSO 1.0, for macOS 13): set it to "2.0"; the target is ${target}. Okta asks for a separate configuration for Macs still on macOS 13.`,
        span: valueSpan(v),
        keyPath: joinKeyPath(item.keyPath, KEY),
        // The rule only runs when the version is known (an explicit target, or no mix of versions), so the fix is safe.
        fixes: [{ title: `Set ${KEY} to 2.0`, edits: [replaceValue(v, { kind: 'string', value: '2.0' })], preferred: true, safe: true }],
      });
    }
    if (present) return;
    // One place is enough: macOS merges the settings of a domain.
    const { doc, item } = settings[0];
    ctx.report(doc, {
      code: this.code,
      severity: targetSeverity(d),
      message: `The ${OKTA_EXTENSION_DOMAIN} settings have no ${KEY}; Platform SSO 2.0 needs ${KEY} "2.0" there. The target is ${target}.`,
      span: missingKeySpan(item.dict),
      keyPath: joinKeyPath(item.keyPath, KEY),
      fixes: [{ title: `Add ${KEY} 2.0`, edits: [insertEntry(ctx.textOf(doc), item.dict, KEY, '<string>2.0</string>')], preferred: true, safe: true }],
    });
  },
});
