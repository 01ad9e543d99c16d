import { authsrvEntries, isPlaceholder } from '../dps/deployment';
import { replaceValue } from '../edit';
import { keyPathOf } from '../model';
import type { Fix } from '../problem';
import { isOktaAppId } from '../okta';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/** Apple's associated-domain modes: the only suffix a `service:host` entry may carry. */
const MODE_RE = /^\?mode=(managed|developer|developer\+managed)$/i;

/**
 * Apple's associated domains are `service:host` with a fully qualified host;
 * Okta's `authsrv:` entry is the org host alone. A scheme, path or port makes
 * the entry match nothing, and Okta Verify never gets the request.
 */
export const authsrvBareHost = defineRule({
  code: 'DPS431',
  name: 'authsrv-bare-host',
  severity: 'error',
  summary: 'An authsrv: associated domain of Okta Verify must be a bare host: no scheme, path or port.',
  sources: ['oktaProfiles', 'appleAssociatedDomains'],
  check(ctx) {
    if (!ctx.deployment.isDps) return;
    for (const { doc, item } of ctx.deployment.associatedDomains) {
      for (const a of authsrvEntries(item)) {
        if (!isOktaAppId(a.appId)) continue;
        const raw = a.node.value;
        const rest = raw.trim().replace(/^authsrv:/i, '');
        if (rest === '' || isPlaceholder(rest)) continue;
        const parsed = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#:\s]*)(:\d*)?([^?#]*)(\?[^#]*)?(#[\s\S]*)?$/i.exec(rest.trim());
        if (!parsed) continue;
        const [, scheme, host, port, path, query, fragment] = parsed;
        const wrong: string[] = [];
        if (scheme) wrong.push(`the scheme "${scheme}://"`);
        if (port) wrong.push(`the port "${port}"`);
        if (path && path !== '') wrong.push(`the path "${path}"`);
        if (query && !MODE_RE.test(query)) wrong.push(`"${query}" (only ?mode=managed is allowed)`);
        if (fragment) wrong.push(`the fragment "${fragment}"`);
        const spaced = raw !== raw.trim() || /^authsrv:\s/i.test(raw.trim());
        if (spaced) wrong.push('surrounding spaces');
        if (wrong.length === 0 || !host) continue;
        const keep = query && MODE_RE.test(query) ? query : '';
        const fixed = `authsrv:${host}${keep}`;
        const fixes: Fix[] = [{ title: `Change to ${fixed}`, edits: [replaceValue(a.node, { kind: 'string', value: fixed })], preferred: true, safe: true }];
        ctx.report(doc, {
          code: this.code,
          message: `The associated domain "${raw}" of ${a.appId} must be the bare org host: remove ${wrong.join(' and ')}, leaving ${fixed}.`,
          span: valueSpan(a.node),
          keyPath: keyPathOf(a.node),
          data: { fixed },
          fixes,
        });
      }
    }
  },
});
