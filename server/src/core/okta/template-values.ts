import { isPlaceholder } from '../placeholders';

/**
 * How to tell a value copied from a vendor template from a real one (the org,
 * client-ID, associated-domains and SCEP rules, and completion, ask this).
 */

/**
 * Org names that only ever appear in templates: Okta's docs (`customerorg`,
 * `{yourOktaDomain}`), Fleet's (`yourdomain`) and Kandji's demo tenant (`accuhive`).
 * `example.okta.com` is deliberately absent: our own examples use it.
 */
const TEMPLATE_ORG_LABELS = new Set(['customerorg', 'yourdomain', 'your-domain', 'youroktaorg', 'yourorg', 'your-org', 'youroktadomain', 'yourcompany', 'yourtenant', 'accuhive', 'tenant', 'subdomain']);

/** Is this org URL or host a template value that was never filled in? */
export function isTemplateOrg(value: string): boolean {
  const v = value.trim();
  if (/youroktadomain|your[-_]?okta[-_]?(org|domain|tenant)/i.test(v)) return true;
  if (/[<>{}]/.test(v) && !isPlaceholder(v)) return true;
  const host = v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#:]/)[0].toLowerCase();
  const first = host.split('.')[0];
  return TEMPLATE_ORG_LABELS.has(first);
}

/**
 * Is this a value left from a template (`YOUR_CLIENT_ID`, `<client id>`,
 * `xxxx`, `CHANGEME`, …)? MDM variables (`$VAR`, `%VAR%`, `{{var}}`) are real
 * values to the MDM and are not templates.
 */
export function isTemplateValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || isPlaceholder(v)) return false;
  return (
    /^(your|my|insert|enter|replace|put)[\s_-]/i.test(v) ||
    /^(client[\s_-]*id|secret|challenge|password)$/i.test(v) ||
    /^<[^>]*>$/.test(v) ||
    /^\{[^{}]*\}$/.test(v) ||
    /^\[[^\]]*\]$/.test(v) ||
    /^(0oa)?x{4,}$/i.test(v) ||
    /^(change[\s_-]?me|replace[\s_-]?me|todo|tbd|placeholder|none|null|n\/a)$/i.test(v)
  );
}
