import { getEntry } from '../plist/ast';
import type { Fix } from '../problem';
import { keyPathIn } from '../dps/locate';
import { describeTarget, pssoEntry } from '../dps/psso';
import { removeEntry } from '../edit';
import { defineRule } from './define';

/** Apple deprecated the top-level AuthenticationMethod in macOS 14; PlatformSSO.AuthenticationMethod replaces it. */
export const deprecatedAuthenticationMethod = defineRule({
  code: 'DPS417',
  name: 'deprecated-authentication-method',
  severity: 'info',
  summary: "On a macOS 14+ target the Okta SSO payload's top-level AuthenticationMethod is deprecated; PlatformSSO.AuthenticationMethod replaces it.",
  sources: ['appleExtensibleSso', 'oktaMacos14'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps || d.target.version[0] < 14) return;
    for (const { doc, item } of d.oktaSso) {
      const entry = getEntry(item.dict, 'AuthenticationMethod');
      const psso = pssoEntry(item);
      // Without PlatformSSO, DPS410 already asks to move the method into a PlatformSSO dictionary.
      if (!entry || !psso) continue;
      const fixes: Fix[] = [];
      // Removing it is right only once PlatformSSO carries the method; Macs on 13 in the same scope still need it.
      if (getEntry(psso.value, 'AuthenticationMethod')) {
        fixes.push({ title: 'Remove the deprecated top-level AuthenticationMethod', edits: [removeEntry(ctx.textOf(doc), entry)], safe: false });
      }
      ctx.report(doc, {
        code: this.code,
        message: `The top-level AuthenticationMethod is deprecated since macOS 14, where PlatformSSO.AuthenticationMethod replaces it; keep it only if this profile also goes to Macs on macOS 13. The target is ${describeTarget(d.target)}.`,
        span: entry.keySpan,
        keyPath: keyPathIn(item, 'AuthenticationMethod'),
        fixes,
      });
    }
  },
});
