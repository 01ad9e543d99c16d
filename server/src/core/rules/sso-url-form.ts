import { keyPathIn, valueSpan } from '../dps/locate';
import { isPlaceholder, ssoUrls } from '../dps/deployment';
import { defineRule } from './define';

/** Apple: each Redirect URL starts with http:// or https://, with no query or fragment. */
export const ssoUrlForm = defineRule({
  code: 'DPS404',
  name: 'sso-url-form',
  severity: 'error',
  summary: 'Each URL of an SSO extension must be http(s), with no query string or fragment.',
  sources: ['appleExtensibleSso'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSso) {
      ssoUrls(item).forEach((node, i) => {
        const v = node.value.trim();
        if (isPlaceholder(v)) return;
        let problem: string | undefined;
        if (!/^https?:\/\//i.test(v)) problem = 'must start with https:// (or http://)';
        else if (/^https?:\/\/[^/]*\s|\s/.test(v)) problem = 'must not contain spaces';
        else if (v.includes('?')) problem = 'must not have a query string (?…)';
        else if (v.includes('#')) problem = 'must not have a fragment (#…)';
        else if (!/^https?:\/\/[^/?#]+/i.test(v)) problem = 'has no host';
        if (!problem) return;
        ctx.report(doc, {
          code: this.code,
          message: `The SSO URL "${node.value}" ${problem}; macOS rejects the payload otherwise.`,
          span: valueSpan(node),
          keyPath: `${keyPathIn(item, 'URLs')}[${i}]`,
        });
      });
    }
  },
});
