import type { Problem, ProblemInput, Severity, SeveritySetting } from './problem';
import { RULES, type RuleCode } from './rules';

/**
 * The one catalog of diagnostic codes. Codes are stable: never renumber or
 * reuse one. Groups: DPS1xx syntax and input, DPS2xx profile structure,
 * DPS3xx schema, DPS4xx–DPS6xx the DPS / Platform SSO rule pack.
 * Every code has a page at docs/rules/<code>.md and a row in docs/rules/README.md
 * (test/docs.test.ts checks both against this catalog).
 *
 * Built declaratively: the codes below, then the rule pack's own declarations
 * (`defineRule` in each rule file), in the order the rules run.
 */
export type CodeGroup = 'syntax' | 'structure' | 'schema' | 'dps';

export interface CodeInfo {
  code: string;
  name: string;
  group: CodeGroup;
  severity: Severity;
  summary: string;
}

const CORE_CODES = [
  {
    code: 'DPS000',
    name: 'internal-error',
    group: 'syntax',
    severity: 'error',
    summary: 'dps-profiles hit a bug while checking this file; the other checks still ran.',
  },
  // Suppression comments (dps-profiles-disable...)
  {
    code: 'DPS010',
    name: 'unused-disable-directive',
    group: 'syntax',
    severity: 'warning',
    summary: 'A dps-profiles-disable comment silences a code that has no problem where it applies (reported with --report-unused-disable-directives).',
  },
  {
    code: 'DPS011',
    name: 'unknown-code-in-directive',
    group: 'syntax',
    severity: 'warning',
    summary: 'A dps-profiles-disable comment names something that is neither a diagnostic code nor a rule name.',
  },
  // Syntax and input
  { code: 'DPS100', name: 'empty-file', group: 'syntax', severity: 'error', summary: 'The file is empty or holds only whitespace.' },
  { code: 'DPS101', name: 'xml-not-well-formed', group: 'syntax', severity: 'error', summary: 'The XML is not well formed.' },
  { code: 'DPS102', name: 'binary-file', group: 'syntax', severity: 'error', summary: 'The file is binary, not an XML property list.' },
  { code: 'DPS103', name: 'invalid-encoding', group: 'syntax', severity: 'error', summary: 'The file is not valid UTF-8 (or UTF-16 with a byte order mark).' },
  {
    code: 'DPS104',
    name: 'entity-not-expanded',
    group: 'syntax',
    severity: 'warning',
    summary: 'The DOCTYPE declares entities or an external subset; they are never loaded or expanded.',
  },
  { code: 'DPS105', name: 'not-a-plist', group: 'syntax', severity: 'error', summary: 'The root element is not <plist>, or <plist> holds no value.' },
  { code: 'DPS106', name: 'unknown-element', group: 'syntax', severity: 'error', summary: 'An element that is not part of the property list format.' },
  { code: 'DPS107', name: 'key-without-value', group: 'syntax', severity: 'error', summary: 'A <key> in a <dict> has no value after it.' },
  { code: 'DPS108', name: 'value-without-key', group: 'syntax', severity: 'error', summary: 'A value in a <dict> has no <key> before it.' },
  { code: 'DPS109', name: 'duplicate-key', group: 'syntax', severity: 'error', summary: 'The same key appears twice in one <dict>; only one value survives.' },
  { code: 'DPS110', name: 'invalid-integer', group: 'syntax', severity: 'error', summary: 'An <integer> whose text is not a whole number.' },
  { code: 'DPS111', name: 'invalid-real', group: 'syntax', severity: 'error', summary: 'A <real> whose text is not a number.' },
  { code: 'DPS112', name: 'invalid-date', group: 'syntax', severity: 'error', summary: 'A <date> that is not an ISO 8601 UTC date (YYYY-MM-DDTHH:MM:SSZ).' },
  {
    code: 'DPS113',
    name: 'invalid-data',
    group: 'syntax',
    severity: 'warning',
    summary: 'A <data> block that is not plain base64 (PEM armour, stray characters).',
  },
  {
    code: 'DPS114',
    name: 'nesting-too-deep',
    group: 'syntax',
    severity: 'error',
    summary: 'Dictionaries and arrays nest deeper than any real profile; the inner part is not checked.',
  },
  {
    code: 'DPS115',
    name: 'stray-text',
    group: 'syntax',
    severity: 'error',
    summary: 'Text directly inside a <dict>, <array> or <plist>, outside any value element.',
  },
  { code: 'DPS116', name: 'binary-plist', group: 'syntax', severity: 'error', summary: 'A binary property list (bplist00); convert it to XML to check it.' },
  {
    code: 'DPS117',
    name: 'signed-profile',
    group: 'syntax',
    severity: 'info',
    summary: 'A CMS-signed profile: its embedded XML was checked; says who signed it and whether the signature verifies.',
  },
  { code: 'DPS118', name: 'unsupported-plist-version', group: 'syntax', severity: 'warning', summary: 'The <plist> version attribute is not 1.0.' },
  {
    code: 'DPS119',
    name: 'signature-invalid',
    group: 'syntax',
    severity: 'error',
    summary: 'The signature of a signed profile does not verify over its content (the content was changed after signing).',
  },
  {
    code: 'DPS120',
    name: 'signer-certificate-expired',
    group: 'syntax',
    severity: 'warning',
    summary: 'The certificate that signed the profile has expired (or is not yet valid).',
  },
  {
    code: 'DPS121',
    name: 'signed-content-unreadable',
    group: 'syntax',
    severity: 'error',
    summary: 'The file is CMS signed data, but the profile inside cannot be read (damaged or detached).',
  },
  {
    code: 'DPS122',
    name: 'signer-not-trusted',
    group: 'syntax',
    severity: 'error',
    summary: "The signer's certificate chain does not lead to the trust anchors given with --trust-anchors.",
  },
  {
    code: 'DPS123',
    name: 'whitespace-before-xml-declaration',
    group: 'syntax',
    severity: 'warning',
    summary: "Whitespace before <?xml …?>: not well-formed XML, but macOS's property list parser skips it.",
  },
  {
    code: 'DPS125',
    name: 'too-many-problems',
    group: 'syntax',
    severity: 'error',
    summary: 'The file has more problems than are reported per file; the rest are counted, not listed.',
  },

  // Profile structure
  {
    code: 'DPS201',
    name: 'missing-payload-key',
    group: 'structure',
    severity: 'error',
    summary: 'A required Payload key (PayloadType, PayloadIdentifier, PayloadUUID, PayloadVersion) is missing.',
  },
  {
    code: 'DPS202',
    name: 'malformed-payload-uuid',
    group: 'structure',
    severity: 'warning',
    summary: 'PayloadUUID is not in the 8-4-4-4-12 hexadecimal UUID form.',
  },
  { code: 'DPS203', name: 'duplicate-payload-uuid', group: 'structure', severity: 'error', summary: 'Two payloads of one profile share a PayloadUUID.' },
  {
    code: 'DPS204',
    name: 'duplicate-payload-identifier',
    group: 'structure',
    severity: 'error',
    summary: 'Two payloads of one profile share a PayloadIdentifier.',
  },
  { code: 'DPS205', name: 'payload-version-not-1', group: 'structure', severity: 'error', summary: 'PayloadVersion must be the integer 1.' },
  {
    code: 'DPS206',
    name: 'payload-content-malformed',
    group: 'structure',
    severity: 'error',
    summary: "The profile's PayloadContent must be an array of payload dictionaries.",
  },
  {
    code: 'DPS207',
    name: 'payload-allowed-once',
    group: 'structure',
    severity: 'error',
    summary: 'A payload type that Apple allows only once per profile appears more than once.',
  },
  {
    code: 'DPS208',
    name: 'unknown-document',
    group: 'structure',
    severity: 'info',
    summary: 'The file is a property list but neither a profile, a payload, nor a known preference domain.',
  },
  {
    code: 'DPS209',
    name: 'broken-payload-reference',
    group: 'structure',
    severity: 'warning',
    summary: 'A key that names another payload by UUID points to no payload in the profile.',
  },
  {
    code: 'DPS210',
    name: 'profile-identifier-collision',
    group: 'structure',
    severity: 'error',
    summary: 'Two different profiles share a top-level PayloadIdentifier; on a Mac one replaces the other.',
  },
  { code: 'DPS211', name: 'payload-uuid-collision', group: 'structure', severity: 'error', summary: 'A PayloadUUID is used in two different profiles.' },
  {
    code: 'DPS212',
    name: 'sso-url-collision-across-deployments',
    group: 'structure',
    severity: 'info',
    summary: 'A URL is claimed by Extensible SSO payloads in two different deployments; a Mac that gets both refuses the second.',
  },

  // Schema
  { code: 'DPS301', name: 'missing-required-key', group: 'schema', severity: 'error', summary: 'A key the payload requires is missing.' },
  { code: 'DPS302', name: 'unknown-key', group: 'schema', severity: 'warning', summary: 'A key the payload does not define; the device ignores it.' },
  {
    code: 'DPS303',
    name: 'wrong-type',
    group: 'schema',
    severity: 'error',
    summary: 'The value has the wrong plist type (for example <integer>1</integer> where <true/> is expected).',
  },
  { code: 'DPS304', name: 'value-not-allowed', group: 'schema', severity: 'error', summary: 'The value is not one of those the key allows.' },
  { code: 'DPS305', name: 'value-out-of-range', group: 'schema', severity: 'error', summary: 'The number is outside the range the key allows.' },
  { code: 'DPS306', name: 'value-malformed', group: 'schema', severity: 'error', summary: 'The value does not have the form the key requires.' },
  { code: 'DPS307', name: 'schema-violation', group: 'schema', severity: 'error', summary: 'The value breaks another constraint of the payload schema.' },
  {
    code: 'DPS308',
    name: 'payload-scope-case',
    group: 'schema',
    severity: 'warning',
    summary: 'PayloadScope is not spelled System or User; macOS accepts any case, Apple documents these spellings.',
  },

  // DPS codes raised by the schema mapping (the rule pack declares the others)
  {
    code: 'DPS470',
    name: 'vendor-key-name',
    group: 'dps',
    severity: 'error',
    summary: "A key name from a vendor template that is not Apple's; macOS ignores it. The message names Apple's key.",
  },
  { code: 'DPS480', name: 'placeholder-type', group: 'dps', severity: 'warning', summary: 'An MDM variable stands where the key expects a non-string type.' },
] as const satisfies readonly CodeInfo[];

export type { RuleCode };

/** Every diagnostic code, as a union of literals. */
export type Code = (typeof CORE_CODES)[number]['code'] | RuleCode;

export const CODES: readonly CodeInfo[] = [
  ...CORE_CODES,
  ...RULES.map(({ code, name, group, severity, summary }): CodeInfo => ({ code, name, group, severity, summary })),
];

const byCode = new Map<string, CodeInfo>();
for (const info of CODES) {
  if (byCode.has(info.code)) throw new Error(`duplicate diagnostic code ${info.code}`); // codes are unique by construction
  byCode.set(info.code, info);
}

export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}

export type SeverityOverrides = Readonly<Record<string, SeveritySetting>>;

/**
 * Give every problem its effective severity: the user's override for its code
 * (by code or by name), else the catalog default. Problems turned `off` are dropped.
 */
export function applySeverities(problems: readonly ProblemInput[], overrides: SeverityOverrides = {}): Problem[] {
  const out: Problem[] = [];
  for (const p of problems) {
    const info = byCode.get(p.code);
    const setting = overrides[p.code] ?? (info ? overrides[info.name] : undefined);
    if (setting === 'off') continue;
    const severity: Severity = setting ?? p.severity ?? info?.severity ?? 'error';
    out.push({ ...p, severity });
  }
  return out;
}

export function docsPath(code: string): string {
  return `docs/rules/${code}.md`;
}

/** What reads as code in a summary: an element (`<dict>`, `<integer>1</integer>`, `authsrv:<org host>`), a flag, an app ID. */
const CODE_SPAN = /--[\w-]+|\b[A-Z0-9]{10}\.[\w.-]*\w|(?:[\w.:]*<[^<>]+>)+/g;

/**
 * The catalog as the table of docs/rules/README.md, in code order. `node scripts/gen-rules-table.mjs`
 * writes it there; test/docs.test.ts fails when the README's table differs.
 */
export function codesTable(codes: readonly CodeInfo[] = CODES): string {
  const rows = [...codes]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => `| [${c.code}](${c.code}.md) | ${c.name} | ${c.group} | ${c.severity} | ${c.summary.replace(CODE_SPAN, (m) => `\`${m}\``)} |`);
  return ['| Code | Name | Group | Default severity | Summary |', '|---|---|---|---|---|', ...rows].join('\n');
}
