import type { DictEntry } from '../plist/ast';
import { getSchema, subSchemaAt } from '../schema/registry';
import { compareVersions, formatVersion, parseVersion } from '../version';
import { keyPathIn } from '../dps/locate';
import { describeTarget, pssoEntry } from '../dps/psso';
import { defineRule } from './define';

/**
 * A key newer than the target macOS (or one Apple removed) is silently ignored
 * there. Judged from the schema's macOS annotations, for the Okta DPS payload.
 * The PlatformSSO dictionary itself on macOS 13 is DPS418's.
 */
export const keyNotOnTarget = defineRule({
  code: 'DPS425',
  name: 'key-not-on-target',
  severity: 'warning',
  summary: 'A key of the Okta SSO payload is newer than the target macOS (or was removed by it), so the Mac ignores it.',
  sources: ['appleExtensibleSso', 'applePlatformSso', 'oktaVersions'],
  check(ctx) {
    const d = ctx.deployment;
    const schema = getSchema('com.apple.extensiblesso');
    if (!d.isDps || !schema) return;
    const target = d.target.version;
    const targetText = describeTarget(d.target);
    for (const { doc, item } of d.oktaSso) {
      const psso = pssoEntry(item);
      const judge = (entry: DictEntry, path: string[]) => {
        const macOS = subSchemaAt(schema, path)?.macOS as { introduced?: string; removed?: string } | undefined;
        const introduced = parseVersion(macOS?.introduced);
        const removed = parseVersion(macOS?.removed);
        let why: string | undefined;
        if (introduced && compareVersions(introduced, target) > 0) why = `introduced in macOS ${formatVersion(introduced)}; the target is ${targetText}`;
        else if (removed && compareVersions(removed, target) <= 0) why = `removed in macOS ${formatVersion(removed)}; the target is ${targetText}`;
        if (!why) return;
        ctx.report(doc, {
          code: this.code,
          message: `${path.join('.')} is ${why}; macOS ignores it there. Raise the target or remove the key.`,
          span: entry.keySpan,
          keyPath: keyPathIn(item, ...path),
          data: { introduced: macOS?.introduced, removed: macOS?.removed },
        });
      };
      for (const entry of item.dict.entries) {
        if (psso && entry === psso) continue; // DPS418 notes the whole dictionary on macOS 13
        judge(entry, [entry.key]);
      }
      if (psso && target[0] >= 14) for (const entry of psso.value.entries) judge(entry, ['PlatformSSO', entry.key]);
    }
  },
});
