import { getDict, getValue } from '../plist/ast';
import { isLiteralSecret, payloadsOfType, reportSecret, USE_MDM_SECRET } from '../dps/secrets';
import { defineRule } from './define';

/**
 * Any SCEP payload's Challenge (the shared secret the SCEP server checks)
 * written into the profile. The Okta Device Access SCEP payload is DPS451's;
 * this rule covers every other SCEP payload (Wi-Fi, VPN, Intune, any CA).
 */
export const scepChallengeLiteral = defineRule({
  code: 'DPS490',
  name: 'scep-challenge-literal',
  severity: 'warning',
  summary: "A SCEP payload's Challenge holds a literal shared secret.",
  sources: ['appleScep'],
  check(ctx) {
    const d = ctx.deployment;
    const okta = new Set(d.isDps ? d.deviceAccessScep.map((l) => l.item.dict) : []);
    for (const { doc, payload } of payloadsOfType(d, /^com\.apple\.security\.scep$/)) {
      if (okta.has(payload.dict)) continue;
      const challenge = getValue(getDict(payload.dict, 'PayloadContent'), 'Challenge');
      if (challenge && isLiteralSecret(challenge)) reportSecret(ctx, this.code, doc, challenge, 'The SCEP Challenge', USE_MDM_SECRET);
    }
  },
});
