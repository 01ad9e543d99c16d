import { getEntry, getValue } from '../plist/ast';
import { insertEntry, replaceValue } from '../edit';
import type { RelatedLocation } from '../problem';
import { keyPathIn, missingKeySpan, valueSpan } from '../dps/locate';
import { isTrue, pssoEntry, targetsPsso2 } from '../dps/psso';
import { defineRule } from './define';

const NEEDS_SHARED_KEYS = ['EnableCreateUserAtLogin', 'EnableAuthorization'];

/** Apple: creating users at login and authorization prompts both need shared device keys (any IdP). */
export const sharedDeviceKeysRequired = defineRule({
  code: 'DPS420',
  name: 'shared-device-keys-required',
  severity: 'error',
  summary: 'PlatformSSO EnableCreateUserAtLogin or EnableAuthorization true needs UseSharedDeviceKeys true.',
  sources: ['appleExtensibleSso', 'applePlatformSso'],
  check(ctx) {
    const d = ctx.deployment;
    const oktaCovered = new Set(targetsPsso2(d) ? d.oktaSso.map((s) => s.item) : []);
    for (const { doc, item } of d.allSso) {
      // DPS411 already asks the Okta payload for UseSharedDeviceKeys true on a PSSO 2.0 target.
      if (oktaCovered.has(item)) continue;
      const psso = pssoEntry(item);
      if (!psso) continue;
      const enabling = NEEDS_SHARED_KEYS.map((k) => getEntry(psso.value, k)).filter((e) => e && isTrue(e.value));
      if (enabling.length === 0) continue;
      const names = enabling.map((e) => e!.key).join(' and ');
      const related: RelatedLocation[] = enabling.map((e) => ({ documentId: doc.documentId, span: e!.keySpan, message: `${e!.key} is true` }));
      const entry = getEntry(psso.value, 'UseSharedDeviceKeys');
      const v = getValue(psso.value, 'UseSharedDeviceKeys');
      if (v && v.kind !== 'boolean') continue; // a type problem: DPS303
      if (v && v.value) continue;
      ctx.report(doc, {
        code: this.code,
        message: `${names} ${enabling.length > 1 ? 'require' : 'requires'} PlatformSSO.UseSharedDeviceKeys true; ${v ? 'it is false' : 'it is missing (default false)'}, so macOS does not honour ${enabling.length > 1 ? 'them' : 'it'}.`,
        span: v ? valueSpan(v) : missingKeySpan(psso.value),
        keyPath: keyPathIn(item, 'PlatformSSO', 'UseSharedDeviceKeys'),
        related,
        fixes: [
          {
            title: v ? 'Set UseSharedDeviceKeys to true' : 'Add UseSharedDeviceKeys true',
            edits: [
              v && entry ? replaceValue(v, { kind: 'boolean', value: true }) : insertEntry(ctx.textOf(doc), psso.value, 'UseSharedDeviceKeys', '<true/>'),
            ],
            preferred: true,
            safe: true,
          },
        ],
      });
    }
  },
});
