import { getEntry, getValue } from '../plist/ast';
import { insertEntry, replaceValue } from '../edit';
import { keyPathIn, missingKeySpan, valueSpan } from '../dps/locate';
import { describeTarget, isTrue, pssoEntry, targetsPsso2 } from '../dps/psso';
import { defineRule } from './define';

/** Okta supports PSSO 2.0 only with shared device keys (one key set for every user of the Mac). */
export const psso2SharedDeviceKeys = defineRule({
  code: 'DPS411',
  name: 'psso2-shared-device-keys',
  severity: 'error',
  summary: 'For Platform SSO 2.0 (macOS 14 and later) Okta requires PlatformSSO.UseSharedDeviceKeys true.',
  sources: ['oktaMacos15', 'oktaMacos14', 'fleetGuide', 'applePlatformSso'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso2(d)) return;
    const target = describeTarget(d.target);
    for (const { doc, item } of d.oktaSso) {
      const psso = pssoEntry(item);
      if (!psso) continue; // DPS410 asks for the whole dictionary
      const needs = ['EnableCreateUserAtLogin', 'EnableAuthorization'].filter((k) => isTrue(getValue(psso.value, k)));
      const also = needs.length ? ` (${needs.join(' and ')} also ${needs.length > 1 ? 'require' : 'requires'} it)` : '';
      const entry = getEntry(psso.value, 'UseSharedDeviceKeys');
      if (!entry?.value) {
        ctx.report(doc, {
          code: this.code,
          message: `PlatformSSO has no UseSharedDeviceKeys (default false); Okta supports Platform SSO 2.0 only with UseSharedDeviceKeys true${also}. The target is ${target}.`,
          span: missingKeySpan(psso.value),
          keyPath: keyPathIn(item, 'PlatformSSO', 'UseSharedDeviceKeys'),
          fixes: [
            {
              title: 'Add UseSharedDeviceKeys true',
              edits: [insertEntry(ctx.textOf(doc), psso.value, 'UseSharedDeviceKeys', '<true/>')],
              preferred: true,
              safe: true,
            },
          ],
        });
        continue;
      }
      const v = entry.value;
      // <integer>1</integer> or <string>true</string> is a type problem the schema reports (DPS303).
      if (v.kind !== 'boolean' || v.value) continue;
      ctx.report(doc, {
        code: this.code,
        message: `PlatformSSO.UseSharedDeviceKeys is false; Okta supports Platform SSO 2.0 only with shared device keys: set it to true${also}. The target is ${target}.`,
        span: valueSpan(v),
        keyPath: keyPathIn(item, 'PlatformSSO', 'UseSharedDeviceKeys'),
        fixes: [{ title: 'Set UseSharedDeviceKeys to true', edits: [replaceValue(v, { kind: 'boolean', value: true })], preferred: true, safe: true }],
      });
    }
  },
});
