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

/** Does the value hold a template's org variable such as `{{org}}`, `{orgName}` or `<tenant>`? */
export function hasTemplateOrgVariable(value: string): boolean {
  for (const name of bracketedNames(value)) if (TEMPLATE_ORG_VARIABLES.has(name.toLowerCase().replace(/[^a-z]/g, ''))) return true;
  return false;
}

/**
 * The names in `{{ name }}`, `{name}` and `<name>`, left to right, as the expression
 * `/\{\{\s*([^{}]*?)\s*\}\}|\{([^{}]*)\}|<([^<>]*)>/g` finds them, in linear time: that expression backtracked for
 * minutes on `{{` followed by a long run of spaces (40 KB: five minutes).
 */
export function* bracketedNames(value: string): Generator<string> {
  for (let i = 0; i < value.length;) {
    const c = value[i];
    if (c === '{' || c === '<') {
      const close = c === '{' ? '}' : '>';
      const double = c === '{' && value[i + 1] === '{';
      const from = i + (double ? 2 : 1);
      const end = firstOf(value, from, c, close);
      if (end >= 0 && value[end] === close && (!double || value[end + 1] === '}')) {
        yield double ? value.slice(from, end).trim() : value.slice(from, end);
        i = end + (double ? 2 : 1);
        continue;
      }
    }
    i++;
  }
}

/** The first index from `from` of either character, or -1. */
function firstOf(value: string, from: number, a: string, b: string): number {
  for (let i = from; i < value.length; i++) if (value[i] === a || value[i] === b) return i;
  return -1;
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
 * How far from the value a comment is looked for, at most, on its lines: a profile written on one line (or a hostile
 * one) would otherwise have the whole file searched for every value, a quadratic check (minutes for a few MB).
 * Real lines, comments included, are far shorter.
 */
const COMMENT_REACH = 4096;
const NEWLINE = 0x0a;

/** "replace … with … your … tenant": these four words in this order, each found after the one before. */
const REPLACE_REQUEST = [
  /\b(?:replace|change|substitute|update)\b/gi,
  /\b(?:with|to|by)\b/gi,
  /\byour\b/gi,
  /\b(?:tenant|org|organi[sz]ation|domain|okta)\b/gi,
];

/**
 * Does a comment on the value's line, or on one of the two lines above it, tell the admin to replace the value with
 * their own tenant / org / domain ("replace accuhive with your tenant"), and does the value still hold what the
 * comment names ("accuhive")? Then the value is probably still the template's. A comment whose named text is gone
 * from the value was left behind after the admin filled it in (Kandji's templates keep theirs), and one that names
 * nothing in particular ("replace this with your org") says nothing about the value: neither counts.
 * Linear in the text it reads: comments are found with indexOf, and the words one after another (one regex with
 * `[\s\S]*` between the words backtracked for minutes on a long comment of repeated words).
 */
export function replaceCommentNear(text: string, span: Span, value: string): string | undefined {
  // The value's line and the two above it, cut to COMMENT_REACH on either side (every search below stays inside).
  const reachStart = Math.max(0, span.start - COMMENT_REACH);
  let start = span.start;
  for (let lines = 0; start > reachStart; start--) if (text.charCodeAt(start - 1) === NEWLINE && ++lines === 3) break;
  const reachEnd = Math.min(text.length, span.end + COMMENT_REACH);
  let end = span.end;
  while (end < reachEnd && text.charCodeAt(end) !== NEWLINE) end++;
  const near = text.slice(start, end);
  for (let at = near.indexOf('<!--'); at >= 0; at = near.indexOf('<!--', at)) {
    const close = near.indexOf('-->', at + 4);
    if (close < 0) return undefined;
    const comment = near.slice(at + 4, close);
    const named = replaceRequestTarget(comment);
    if (named !== undefined && valueHoldsNamed(value, named)) return comment.trim();
    at = close + 3;
  }
  return undefined;
}

/** What a "replace X with your org" comment asks to replace (the text between the first two words), or undefined. */
function replaceRequestTarget(comment: string): string | undefined {
  let at = 0;
  let target: string | undefined;
  for (const [i, word] of REPLACE_REQUEST.entries()) {
    word.lastIndex = at;
    const found = word.exec(comment);
    if (!found) return undefined;
    if (i === 1) target = comment.slice(at, found.index);
    at = found.index + found[0].length;
  }
  return target;
}

/** Words of a replace request that name no particular value. */
const GENERIC_WORDS = new Set(
  'this that these the all each any its value values url urls host hostname name domain org tenant organization organisation placeholder placeholders below above following here text string entry entries okta your example sample instance address http https authsrv www com'.split(
    ' ',
  ),
);
/** A replace request names a few words; a longer one is read no further (the value is searched once per word). */
const MAX_NAMED_WORDS = 8;

/**
 * Whether the value still holds a word the replace request names. A URL or host in the request stands for its first
 * label (`https://accuhive.okta.com/…` → `accuhive`): the scheme and Okta's own domain are in every real value too.
 * A word matches only whole, between non-alphanumeric characters (`acme` is not in `acmecorp`).
 */
function valueHoldsNamed(value: string, named: string): boolean {
  const words = named
    .split(/[\s"'`\u201c\u201d\u2018\u2019(),;<>[\]{}]+/)
    .map(namedWord)
    .filter((w) => w.length >= 3 && !GENERIC_WORDS.has(w))
    .slice(0, MAX_NAMED_WORDS);
  if (words.length === 0) return false;
  const lower = value.toLowerCase();
  return words.some((w) => holdsWhole(lower, w));
}

/** `https://Accuhive.okta.com/x` or `authsrv:accuhive.okta.com` → `accuhive`; any other word, lower case, trimmed. */
function namedWord(raw: string): string {
  const w = raw
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/, '')
    .replace(/^[.\-/:]+|[.\-/:]+$/g, '');
  const host = w.split('/')[0];
  return host.includes('.') ? host.split('.')[0] : host;
}

function holdsWhole(text: string, word: string): boolean {
  const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if ((at === 0 || !isWordChar(text.charCodeAt(at - 1))) && !isWordChar(text.charCodeAt(at + word.length))) return true;
  }
  return false;
}
