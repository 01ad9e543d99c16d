import type { DictEntry } from '../plist/ast';
import { getSchema } from '../schema/registry';
import { switchesOn } from '../dps/deployment';
import { keyMacOS, keyMissingOn } from '../okta';
import { formatVersion } from '../version';
import { keyPathIn } from '../dps/locate';
import { describeTarget, pssoEntry } from '../dps/psso';
import { memoByString } from '../dps/memo';
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
    // Below macOS 13 nothing of Platform SSO exists: DPS408 says so once.
    if (!d.isDps || !schema || d.target.version[0] < 13) return;
    const target = d.target.version;
    const targetText = describeTarget(d.target);
    // Each key's macOS range is looked up once, however many payloads name it.
    const macOSAt = memoByString((path) => keyMacOS(schema, path.split('\u0000')));
    for (const { doc, item } of d.oktaSso) {
      const psso = pssoEntry(item);
      const judge = (entry: DictEntry, path: string[]) => {
        const macOS = macOSAt(path.join('\u0000'));
        const missing = keyMissingOn(macOS, target);
        // A key left at a value that turns nothing on (false, empty) changes nothing whether or not macOS reads it.
        if (!missing || !switchesOn(entry.value)) return;
        const why = `${missing.because} in macOS ${formatVersion(missing.version)}; the target is ${targetText}`;
        ctx.report(doc, {
          code: this.code,
          message: `${path.join('.')} is ${why}; macOS ignores it there. Raise the target or remove the key.`,
          span: entry.keySpan,
          keyPath: keyPathIn(item, ...path),
          data: { introduced: macOS.annotation.introduced, removed: macOS.annotation.removed },
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
