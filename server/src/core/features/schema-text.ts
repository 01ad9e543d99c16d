import type { JsonSchema } from '../schema/registry';

/** Short human texts about a schema entry, shared by completion and hover. */

/** `string`, `boolean`, `array of string`, … (the plist element, not the JSON type). */
export function plistTypeOf(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  const own = (schema.plistType as string | undefined) ?? jsonToPlist(schema.type);
  if (own === 'array') {
    const items = schema.items as JsonSchema | undefined;
    return items && typeof items === 'object' && !Array.isArray(items) ? `array of ${plistTypeOf(items)}` : 'array';
  }
  return own;
}

function jsonToPlist(type: unknown): string {
  switch (type) {
    case 'object':
      return 'dict';
    case 'number':
      return 'real';
    case 'string':
    case 'integer':
    case 'boolean':
    case 'array':
      return type;
    default:
      return 'any';
  }
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  return JSON.stringify(value);
}

/** "macOS 13.0+, deprecated in 14.0" */
export function macOSText(schema: JsonSchema | undefined): string | undefined {
  const m = schema?.macOS as { introduced?: string; deprecated?: string; removed?: string } | undefined;
  if (!m) return undefined;
  const parts: string[] = [];
  if (m.introduced) parts.push(`macOS ${m.introduced}+`);
  if (m.deprecated) parts.push(`deprecated in ${m.deprecated}`);
  if (m.removed) parts.push(`removed in ${m.removed}`);
  return parts.length ? parts.join(', ') : undefined;
}

export interface OktaNote {
  expected?: unknown;
  note?: string;
  source?: string;
}

export function oktaOf(schema: JsonSchema | undefined): OktaNote | undefined {
  const o = schema?.okta as OktaNote | undefined;
  return o && typeof o === 'object' ? o : undefined;
}

/** Markdown documentation of a key: description, type, values, default, versions, Okta's expectation. */
export function keyDocumentation(key: string, schema: JsonSchema | undefined, options: { heading: boolean }): string {
  const lines: string[] = [];
  if (options.heading) lines.push(`**${key}** — \`${plistTypeOf(schema)}\``, '');
  if (!schema) {
    lines.push('Not described by the payload schema.');
    return lines.join('\n');
  }
  if (schema.description) lines.push(String(schema.description), '');
  const facts: string[] = [];
  if (Array.isArray(schema.enum)) facts.push(`Allowed values: ${(schema.enum as unknown[]).map((v) => `\`${formatValue(v)}\``).join(', ')}`);
  if (schema.default !== undefined) facts.push(`Default: \`${formatValue(schema.default)}\``);
  if (typeof schema.minimum === 'number') facts.push(`Minimum: ${schema.minimum}`);
  if (typeof schema.maximum === 'number') facts.push(`Maximum: ${schema.maximum}`);
  const mac = macOSText(schema);
  if (mac) facts.push(mac.charAt(0).toUpperCase() === 'M' ? mac : `macOS: ${mac}`);
  for (const f of facts) lines.push(`- ${f}`);
  const okta = oktaOf(schema);
  if (okta) {
    if (facts.length) lines.push('');
    const expected =
      okta.expected === undefined
        ? ''
        : Array.isArray(okta.expected)
          ? ` ${(okta.expected as unknown[]).map((v) => `\`${formatValue(v)}\``).join(', ')}.`
          : ` \`${formatValue(okta.expected)}\`.`;
    lines.push(`**Okta DPS expects**${expected}${okta.note ? ` ${okta.note}` : ''}${okta.source ? ` ([Okta](${okta.source}))` : ''}`);
  }
  return lines.join('\n').trim();
}
