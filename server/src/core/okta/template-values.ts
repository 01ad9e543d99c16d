import type { Span } from '../plist/ast';
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
const TEMPLATE_ORG_LABELS = new Set([
  'customerorg',
  'yourdomain',
  'your-domain',
  'youroktaorg',
  'yourorg',
  'your-org',
  'youroktadomain',
  'yourcompany',
  'yourtenant',
  'accuhive',
  'tenant',
  'subdomain',
]);

/**
 * Names a vendor template gives its org variable (`{{org}}`, `{orgName}`, `<tenant>`). Any other `{{var}}` is an
 * MDM variable that the MDM fills in, and is left alone.
 */
const TEMPLATE_ORG_VARIABLES = new Set([
  'org',
  'orgname',
  'oktaorg',
  'oktaorgname',
  'yourorg',
  'organization',
  'oktadomain',
  'youroktadomain',
  'domain',
  'tenant',
  'tenantname',
  'subdomain',
  'customer',
  'customerorg',
  'company',
]);

/** Does the value hold a template's org variable such as `{{org}}`? */
export function hasTemplateOrgVariable(value: string): boolean {
  for (const m of value.matchAll(/\{\{\s*([^{}]*?)\s*\}\}|\{([^{}]*)\}|<([^<>]*)>/g)) {
    const name = (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase().replace(/[^a-z]/g, '');
    if (TEMPLATE_ORG_VARIABLES.has(name)) return true;
  }
  return false;
}

/** Is this org URL or host a template value that was never filled in? */
export function isTemplateOrg(value: string): boolean {
  const v = value.trim();
  if (hasTemplateOrgVariable(v)) return true;
  if (/youroktadomain|your[-_]?okta[-_]?(org|domain|tenant)/i.test(v)) return true;
  if (/[<>{}]/.test(v) && !isPlaceholder(v)) return true;
  const host = v
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split(/[/?#:]/)[0]
    .toLowerCase();
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

/**
 * Does a comment on the value's line, or on one of the two lines above it, tell the admin to replace the value with
 * their own tenant / org / domain ("replace accuhive with your tenant")? A strong sign the value is a template's.
 */
export function replaceCommentNear(text: string, span: Span): string | undefined {
  let nl = text.lastIndexOf('\n', span.start - 1);
  for (let i = 0; i < 2 && nl > 0; i++) nl = text.lastIndexOf('\n', nl - 1);
  const start = nl + 1;
  let end = span.end;
  while (end < text.length && text[end] !== '\n') end++;
  for (const m of text.slice(start, end).matchAll(/<!--([\s\S]*?)-->/g)) {
    if (/\b(replace|change|substitute|update)\b[\s\S]*\b(with|to|by)\b[\s\S]*\byour\b[\s\S]*\b(tenant|org|organi[sz]ation|domain|okta)\b/i.test(m[1]))
      return m[1].trim();
  }
  return undefined;
}
