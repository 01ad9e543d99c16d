import { getDict, getEntry, type PlistNode } from '../plist/ast';
import { insertEntry, replaceValue, valueXml, type PlistValueSpec } from '../edit';
import { keyPathOf } from '../model';
import { keyPathIn, missingKeySpan, valueSpan } from '../dps/locate';
import { scepUrlIsOkta } from '../dps/deployment';
import { defineRule } from './define';

interface Expected {
  key: string;
  /** Is the value as Okta wants it? Only called on the right plist kind. */
  ok(node: PlistNode): boolean;
  kind: 'integer' | 'boolean';
  want: PlistValueSpec;
  wantText: string;
  /** What Apple does when the key is absent. */
  missing: string;
  why: string;
}

const EXPECTED: Expected[] = [
  {
    key: 'Keysize',
    kind: 'integer',
    // Okta's instructions give 2048; a larger key is not weaker, so only smaller ones are flagged.
    ok: (n) => n.kind === 'integer' && n.value >= 2048,
    want: { kind: 'integer', value: 2048 },
    wantText: '2048',
    missing: "Apple's default is 1024",
    why: "Okta's Device Access certificate instructions use a 2048-bit RSA key",
  },
  {
    key: 'Key Usage',
    kind: 'integer',
    ok: (n) => n.kind === 'integer' && n.value === 1,
    want: { kind: 'integer', value: 1 },
    wantText: '1 (digital signature)',
    missing: "Apple's default is 0, no restriction",
    why: 'Okta wants the certificate to be usable for signing only',
  },
  {
    key: 'KeyIsExtractable',
    kind: 'boolean',
    ok: (n) => n.kind === 'boolean' && n.value === false,
    want: { kind: 'boolean', value: false },
    wantText: 'false',
    missing: "Apple's default is true, so the private key could be exported from the keychain",
    why: 'the device identity key must stay on the Mac',
  },
  {
    key: 'AllowAllAppsAccess',
    kind: 'boolean',
    ok: (n) => n.kind === 'boolean' && n.value === true,
    want: { kind: 'boolean', value: true },
    wantText: 'true',
    missing: "Apple's default is false",
    why: "Okta Verify must be able to use the key to reach Okta's Device Access endpoints",
  },
];

/**
 * The Device Access SCEP certificate identifies the Mac to Okta; Okta's
 * instructions fix its key size, usage and keychain access. Only the SCEP
 * payload that serves Okta is judged (never one for Wi-Fi, VPN or another CA).
 */
export const deviceAccessScepValues = defineRule({
  code: 'DPS450',
  name: 'device-access-scep-values',
  severity: 'warning',
  summary: 'The Okta Device Access SCEP payload should use Keysize 2048, Key Usage 1, KeyIsExtractable false and AllowAllAppsAccess true.',
  sources: ['oktaScep', 'oktaScepStatic', 'appleScep'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    for (const { doc, item } of d.deviceAccessScep) {
      const content = getDict(item.dict, 'PayloadContent');
      if (!content) continue; // a missing PayloadContent is the schema check's to report
      const text = ctx.textOf(doc);
      // Only a payload whose own URL is Okta's is rewritten by --fix; one recognised by its name gets the fix as a quick fix only.
      const safe = scepUrlIsOkta(item, d.orgHost);
      for (const e of EXPECTED) {
        const entry = getEntry(content, e.key);
        if (!entry) {
          ctx.report(doc, {
            code: this.code,
            message: `The Okta Device Access SCEP payload has no "${e.key}" (${e.missing}); set it to ${e.wantText}: ${e.why}.`,
            span: missingKeySpan(content),
            keyPath: keyPathIn(item, 'PayloadContent', e.key),
            data: { key: e.key },
            fixes: [{ title: `Add ${e.key} ${e.wantText}`, edits: [insertEntry(text, content, e.key, valueXml(e.want))], preferred: true, safe }],
          });
          continue;
        }
        const v = entry.value;
        if (!v || v.kind !== e.kind || e.ok(v)) continue; // a wrong type is the schema check's to report
        ctx.report(doc, {
          code: this.code,
          message: `"${e.key}" of the Okta Device Access SCEP payload is ${shown(v)}; set it to ${e.wantText}: ${e.why}.`,
          span: valueSpan(v),
          keyPath: keyPathOf(v),
          data: { key: e.key },
          fixes: [{ title: `Set ${e.key} to ${e.wantText}`, edits: [replaceValue(v, e.want)], preferred: true, safe }],
        });
      }
    }
  },
});

function shown(v: PlistNode): string {
  if (v.kind === 'boolean') return String(v.value);
  if (v.kind === 'integer') return v.raw.trim();
  return `<${v.kind}>`;
}
