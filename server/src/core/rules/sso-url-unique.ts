import { ssoUrls, isPlaceholder, mayMeetOnOneMac, urlKey } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import type { RelatedLocation } from '../problem';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

interface Claim {
  doc: ProfileDocument;
  documentId: string;
  span: { start: number; end: number };
  label: string;
}

/**
 * Apple: a URL may belong to only one Extensible SSO payload on a device; a
 * second payload claiming it is refused. Checked across every profile of the
 * deployment, and across every vendor's extension; but the macOS 13 and the
 * macOS 14+ configurations of a mixed deployment go to different Macs (Okta asks
 * for one of each), so they share their URLs without colliding.
 */
export const ssoUrlUnique = defineRule({
  code: 'DPS405',
  name: 'sso-url-unique',
  severity: 'error',
  summary: 'A URL may appear in only one Extensible SSO payload across all the profiles deployed together.',
  sources: ['appleExtensibleSso', 'oktaMacos14'],
  check(ctx) {
    const d = ctx.deployment;
    // Every claim of each URL so far (more than one only where the claims cannot meet on one Mac).
    const claims = new Map<string, Claim[]>();
    for (const { doc, item } of d.allSso) {
      const seenHere = new Set<string>();
      ssoUrls(item).forEach((node, i) => {
        if (isPlaceholder(node.value) || node.value.trim() === '') return;
        const key = urlKey(node.value);
        const label = `${item.displayName ? `"${item.displayName}"` : 'an Extensible SSO payload'} in ${doc.documentId}`;
        const earlier = claims.get(key);
        const prior = seenHere.has(key) ? earlier?.find((c) => c.doc === doc) : earlier?.find((c) => mayMeetOnOneMac(d, c.doc, doc));
        if (!prior) {
          const claim = { doc, documentId: doc.documentId, span: valueSpan(node), label };
          if (earlier) earlier.push(claim);
          else claims.set(key, [claim]);
          seenHere.add(key);
          return;
        }
        const related: RelatedLocation[] = [{ documentId: prior.documentId, span: prior.span, message: `also claimed by ${prior.label}` }];
        ctx.report(doc, {
          code: this.code,
          message: seenHere.has(key)
            ? `The URL "${node.value}" is listed twice in this payload; remove the duplicate.`
            : `The URL "${node.value}" is already claimed by ${prior.label}; macOS refuses a second SSO payload for the same URL.`,
          span: valueSpan(node),
          keyPath: `${keyPathIn(item, 'URLs')}[${i}]`,
          related,
        });
      });
    }
  },
});
