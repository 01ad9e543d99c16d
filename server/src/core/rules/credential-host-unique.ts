import { getString, getValue } from '../plist/ast';
import { isPlaceholder, stringItems } from '../dps/deployment';
import { keyPathIn, valueSpan } from '../dps/locate';
import type { PayloadModel } from '../model';
import { OKTA_EXTENSION_ID } from '../okta';
import { defineRule } from './define';

/**
 * Apple: the hosts of a Credential SSO extension must be unique across all installed Extensible SSO payloads.
 * Where Okta FastPass (a Credential payload with the org host) meets another Credential payload for the same
 * host — a second FastPass profile, or another vendor's — macOS refuses the later one. Only collisions that
 * involve Okta's extension are judged: two other vendors' payloads are not this tool's business. A host with a
 * leading dot is a suffix that matches every subdomain, a different entry from the bare host (Apple's Hosts key;
 * Microsoft's Kerberos guide lists both), so the two never collide.
 */
export const credentialHostUnique = defineRule({
  code: 'DPS439',
  name: 'credential-host-unique',
  severity: 'error',
  summary: 'A host may appear in the Hosts of only one Credential Extensible SSO payload across the profiles deployed together.',
  sources: ['appleExtensibleSso', 'oktaCredentialSso'],
  check(ctx) {
    const first = new Map<string, { documentId: string; span: { start: number; end: number }; label: string; payload: PayloadModel }>();
    for (const { doc, item } of ctx.deployment.allSso) {
      if (getString(item.dict, 'Type')?.trim() !== 'Credential') continue;
      const label = `${item.displayName ? `"${item.displayName}"` : 'a Credential SSO payload'} in ${doc.documentId}`;
      stringItems(getValue(item.dict, 'Hosts')).forEach((node, i) => {
        const host = node.value.trim().toLowerCase();
        if (host === '' || isPlaceholder(host)) return;
        const prior = first.get(host);
        if (!prior) {
          first.set(host, { documentId: doc.documentId, span: valueSpan(node), label, payload: item });
          return;
        }
        if (!isOktaExtension(item) && !isOktaExtension(prior.payload)) return;
        const same = prior.payload === item;
        ctx.report(doc, {
          code: this.code,
          message: same
            ? `The host "${node.value}" is listed twice in this payload's Hosts; remove the duplicate.`
            : `The host "${node.value}" is already in the Hosts of ${prior.label}; Apple requires the hosts of installed Credential SSO payloads to be unique, so macOS refuses one of them. Keep one Credential payload per host (for Okta FastPass, one profile).`,
          span: valueSpan(node),
          keyPath: `${keyPathIn(item, 'Hosts')}[${i}]`,
          related: [{ documentId: prior.documentId, span: prior.span, message: `also listed by ${prior.label}` }],
        });
      });
    }
  },
});

function isOktaExtension(p: PayloadModel): boolean {
  return getString(p.dict, 'ExtensionIdentifier')?.trim() === OKTA_EXTENSION_ID;
}
