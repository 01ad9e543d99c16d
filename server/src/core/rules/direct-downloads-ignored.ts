import { getArray, getString, getValue } from '../plist/ast';
import { stringItems } from '../dps/deployment';
import { keyPathOf } from '../model';
import { isOktaAppId } from '../okta';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/**
 * Apple honours EnableDirectDownloads only for domains written
 * `service:host?mode=managed`; on the Okta entries without it the key does nothing.
 */
export const directDownloadsIgnored = defineRule({
  code: 'DPS433',
  name: 'direct-downloads-ignored',
  severity: 'info',
  summary: 'EnableDirectDownloads is ignored on an Okta associated-domains entry whose domains lack ?mode=managed.',
  sources: ['appleAssociatedDomains'],
  check(ctx) {
    if (!ctx.deployment.isDps) return;
    for (const { doc, item } of ctx.deployment.associatedDomains) {
      for (const entry of getArray(item.dict, 'Configuration')?.items ?? []) {
        if (entry.kind !== 'dict') continue;
        const appId = getString(entry, 'ApplicationIdentifier')?.trim() ?? '';
        if (!isOktaAppId(appId)) continue;
        const flag = getValue(entry, 'EnableDirectDownloads');
        if (flag?.kind !== 'boolean' || !flag.value) continue;
        const domains = stringItems(getValue(entry, 'AssociatedDomains'));
        if (domains.some((s) => /\?mode=(developer\+)?managed\s*$/i.test(s.value))) continue;
        ctx.report(doc, {
          code: this.code,
          message: `EnableDirectDownloads is true for ${appId}, but none of its domains ends in ?mode=managed, so macOS ignores it. Write the entry as authsrv:<org host>?mode=managed if you want direct downloads, or remove the key.`,
          span: valueSpan(flag),
          keyPath: keyPathOf(flag),
        });
      }
    }
  },
});
