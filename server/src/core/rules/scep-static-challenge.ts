import { getDict, getValue } from '../plist/ast';
import { isPlaceholder } from '../dps/deployment';
import { keyPathOf } from '../model';
import { isTemplateValue } from '../okta';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * A literal Challenge in the Device Access SCEP payload is Okta's static SCEP
 * secret, written into a file that lives in a repository or an MDM export:
 * anyone who reads it can request device certificates for the org.
 */
export const scepStaticChallenge = defineRule({
  code: 'DPS451',
  name: 'scep-static-challenge',
  severity: 'warning',
  summary: 'The Okta Device Access SCEP Challenge holds a literal secret; use an MDM secret variable or a dynamic challenge.',
  sources: ['oktaScep', 'oktaScepStatic'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    for (const { doc, item } of d.deviceAccessScep) {
      const challenge = getValue(getDict(item.dict, 'PayloadContent'), 'Challenge');
      if (challenge?.kind !== 'string') continue;
      const value = challenge.value.trim();
      // Empty, an MDM variable, or a template value still to be filled in: not a committed secret.
      if (value === '' || isPlaceholder(value) || isTemplateValue(value) || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+){2,}$/.test(value)) continue;
      ctx.report(doc, {
        code: this.code,
        message:
          "The Challenge of the Okta Device Access SCEP payload is a literal value: a static SCEP secret stored in the profile (and wherever the file is kept). Put it in your MDM's secret variable (for example Fleet $FLEET_SECRET_…) or use a dynamic SCEP challenge, and rotate the secret in Okta if this file was shared.",
        span: valueSpan(challenge),
        keyPath: keyPathOf(challenge),
      });
    }
  },
});
