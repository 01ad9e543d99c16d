import { ssoUrls, isPlaceholder, urlKey } from '../dps/deployment';
import type { RelatedLocation } from '../problem';
import { keyPathIn, valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * Apple: a URL may belong to only one Extensible SSO payload on a device; a
 * second payload claiming it is refused. Checked across every profile of the
 * deployment, and across every vendor's extension.
 */
export const ssoUrlUnique = defineRule({
  code: 'DPS405',
  name: 'sso-url-unique',
  severity: 'error',
  summary: 'A URL may appear in only one Extensible SSO payload across all the profiles deployed together.',
  sources: ['appleExtensibleSso'],
  check(ctx) {
    const first = new Map<string, { documentId: string; span: { start: number; end: number }; label: string }>();
    for (const { doc, item } of ctx.deployment.allSso) {
      const seenHere = new Set<string>();
      ssoUrls(item).forEach((node, i) => {
        if (isPlaceholder(node.value) || node.value.trim() === '') return;
        const key = urlKey(node.value);
        const label = `${item.displayName ? `"${item.displayName}"` : 'an Extensible SSO payload'} in ${doc.documentId}`;
        const prior = first.get(key);
        if (!prior) {
          first.set(key, { documentId: doc.documentId, span: valueSpan(node), label });
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
