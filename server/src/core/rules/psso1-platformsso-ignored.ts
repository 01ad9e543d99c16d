import { keyPathIn } from '../dps/locate';
import { describeTarget, pssoEntry, targetsPsso1 } from '../dps/psso';
import { defineRule } from './define';

/** The PlatformSSO dictionary arrived with macOS 14; a macOS 13 Mac skips it. */
export const psso1PlatformSsoIgnored = defineRule({
  code: 'DPS418',
  name: 'psso1-platformsso-ignored',
  severity: 'info',
  summary: 'On a macOS 13 target the PlatformSSO dictionary of the Okta SSO payload is ignored (Platform SSO 1.0 uses the top-level keys).',
  sources: ['appleExtensibleSso', 'oktaVersions', 'oktaMacos14'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso1(d)) return;
    for (const { doc, item } of d.oktaSso) {
      const psso = pssoEntry(item);
      if (!psso) continue;
      ctx.report(doc, {
        code: this.code,
        message: `PlatformSSO needs macOS 14 (Platform SSO 2.0), so the target ${describeTarget(d.target)} ignores it. macOS 13 uses the top-level AuthenticationMethod; Okta recommends a separate configuration for the Macs on macOS 14 and later.`,
        span: psso.keySpan,
        keyPath: keyPathIn(item, 'PlatformSSO'),
      });
    }
  },
});
