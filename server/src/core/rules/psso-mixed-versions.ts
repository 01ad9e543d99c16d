import { getEntry, type Span } from '../plist/ast';
import { joinKeyPath, type ProfileDocument } from '../model';
import type { RelatedLocation } from '../problem';
import { keyPathIn, valueSpan } from '../dps/locate';
import { OKTA_EXTENSION_DOMAIN } from '../okta';
import { pssoEntry, targetsPsso1, targetsPsso2 } from '../dps/psso';
import { defineRule } from './define';

interface Piece {
  doc: ProfileDocument;
  span: Span;
  keyPath: string;
  what: string;
  /** Already reported by a target rule: ProtocolVersion 1.0 on a 14+ target (DPS413), PlatformSSO on a 13 target (DPS418). */
  coveredElsewhere: boolean;
}

/**
 * Okta wants one configuration per protocol (separate Device Access / DPS
 * instances and profiles for macOS 13 and for macOS 14+). A deployment that
 * mixes the two is flagged where the smaller side is.
 */
export const pssoMixedVersions = defineRule({
  code: 'DPS416',
  name: 'psso-mixed-versions',
  severity: 'warning',
  summary: 'One deployment mixes Platform SSO 1.0 (macOS 13) and Platform SSO 2.0 (macOS 14+) configuration; Okta wants separate configurations per OS.',
  sources: ['oktaMacos14', 'oktaProfiles', 'oktaVersions'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const v1: Piece[] = [];
    const v2: Piece[] = [];
    for (const { doc, item } of d.oktaSso) {
      const psso = pssoEntry(item);
      const method = getEntry(item.dict, 'AuthenticationMethod');
      if (psso)
        v2.push({
          doc,
          span: psso.keySpan,
          keyPath: keyPathIn(item, 'PlatformSSO'),
          what: 'a PlatformSSO dictionary (Platform SSO 2.0)',
          coveredElsewhere: targetsPsso1(d),
        });
      else if (method)
        v1.push({
          doc,
          span: method.keySpan,
          keyPath: keyPathIn(item, 'AuthenticationMethod'),
          what: 'a top-level AuthenticationMethod without PlatformSSO (Platform SSO 1.0)',
          coveredElsewhere: false,
        });
    }
    for (const { doc, item } of d.oktaSettings) {
      const v = getEntry(item.dict, 'PlatformSSO.ProtocolVersion')?.value;
      if (v?.kind !== 'string') continue;
      const keyPath = joinKeyPath(item.keyPath, 'PlatformSSO.ProtocolVersion');
      if (v.value.trim() === '1.0')
        v1.push({
          doc,
          span: valueSpan(v),
          keyPath,
          what: `PlatformSSO.ProtocolVersion 1.0 (${item.domain})`,
          coveredElsewhere: targetsPsso2(d) && item.domain === OKTA_EXTENSION_DOMAIN,
        });
      else if (v.value.trim() === '2.0')
        v2.push({
          doc,
          span: valueSpan(v),
          keyPath,
          what: `PlatformSSO.ProtocolVersion 2.0 (${item.domain})`,
          coveredElsewhere: targetsPsso1(d) && item.domain === OKTA_EXTENSION_DOMAIN,
        });
    }
    if (v1.length === 0 || v2.length === 0) return;
    // The smaller side is the odd one out; on a tie, the side the target does not run.
    const flagV1 = v1.length < v2.length || (v1.length === v2.length && d.target.psso === '2.0');
    const [odd, other] = flagV1 ? [v1, v2] : [v2, v1];
    const otherName = flagV1 ? 'Platform SSO 2.0 (macOS 14+)' : 'Platform SSO 1.0 (macOS 13)';
    const related: RelatedLocation[] = other.slice(0, 5).map((p) => ({ documentId: p.doc.documentId, span: p.span, message: `${otherName}: ${p.what}` }));
    for (const p of odd) {
      if (p.coveredElsewhere) continue;
      ctx.report(p.doc, {
        code: this.code,
        message: `This deployment mixes Platform SSO versions: here ${p.what}, elsewhere ${otherName} configuration. Okta wants separate configurations (and Device Access instances) for macOS 13 and macOS 14+ Macs; deploy them as separate profiles scoped by OS.`,
        span: p.span,
        keyPath: p.keyPath,
        related,
      });
    }
  },
});
