import { urlHost } from '../dps/deployment';
import type { ProfileDocument } from '../model';
import type { DictNode, PlistNode, Span } from '../plist/ast';
import { containsPlaceholder } from '../placeholders';
import type { JsonSchema } from '../schema/registry';
import { keySchemaOf } from './context';

/**
 * Inlay hints where a value is hard to read: a number of seconds (every key
 * the schema describes as seconds: LoginFrequency, the grace periods, …) as
 * days / hours / minutes, the SCEP `Key Usage` bit mask as names, and the org
 * host an SSO URL resolves to.
 */

export interface InlayHintSpec {
  /** Where the hint shows: just after the value element. */
  offset: number;
  label: string;
  tooltip?: string;
}

export interface InlayHintOptions {
  /** Only hints in this span (the editor's visible range). */
  range?: Span;
  /** The org host of the deployment (what an SSO URL with an MDM variable as host resolves to). */
  orgHost?: string;
}

const UNITS: [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** 64800 → "18 hours", 93600 → "1 day 2 hours", 90061 → "≈ 1 day 1 hour"; undefined under a minute. */
export function humanDuration(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds < 60) return undefined;
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  const i = UNITS.findIndex(([size]) => seconds >= size);
  const [size, name] = UNITS[i];
  const whole = Math.floor(seconds / size);
  let rest = seconds - whole * size;
  const parts = [unit(whole, name)];
  const [nextSize, nextName] = UNITS[i + 1] ?? [0, ''];
  if (nextSize && rest >= nextSize) {
    const n = Math.floor(rest / nextSize);
    parts.push(unit(n, nextName));
    rest -= n * nextSize;
  }
  return `${rest === 0 ? '' : '≈ '}${parts.join(' ')}`;
}

/** SCEP Key Usage bits (Apple: 1 signing, 4 encryption). */
const KEY_USAGE_BITS: [number, string][] = [
  [1, 'signing'],
  [4, 'encryption'],
];

export function keyUsageNames(mask: number): string {
  if (!Number.isInteger(mask) || mask < 0) return 'not a bit mask';
  if (mask === 0) return 'no use';
  const names = KEY_USAGE_BITS.filter(([bit]) => mask & bit).map(([, name]) => name);
  const unknown = KEY_USAGE_BITS.reduce((m, [bit]) => m & ~bit, mask);
  if (unknown) names.push(`unknown bits ${unknown}`);
  return names.join(' + ');
}

const isSeconds = (schema: JsonSchema | undefined) => typeof schema?.description === 'string' && /^Seconds\b/.test(schema.description);

export function inlayHints(doc: ProfileDocument, options: InlayHintOptions = {}): InlayHintSpec[] {
  const out: InlayHintSpec[] = [];
  const inRange = (node: PlistNode) => !options.range || (node.span.end >= options.range.start && node.span.start <= options.range.end);
  const visitDict = (dict: DictNode, depth: number) => {
    if (depth > 64) return;
    for (const entry of dict.entries) {
      const value = entry.value;
      if (!value) continue;
      if (value.kind === 'dict') {
        visitDict(value, depth + 1);
        continue;
      }
      if (value.kind === 'array') {
        for (const item of value.items) if (item.kind === 'dict') visitDict(item, depth + 1);
      }
      if (!inRange(value)) continue;
      const found = keySchemaOf(doc, dict, entry.key);
      const schema = found?.schema;
      if ((value.kind === 'integer' || value.kind === 'real') && isSeconds(schema)) {
        const text = humanDuration(value.value);
        if (text) out.push({ offset: value.span.end, label: `= ${text}`, tooltip: `${value.value} seconds` });
      } else if (value.kind === 'integer' && entry.key === 'Key Usage' && found?.place.schemaId === 'com.apple.security.scep') {
        out.push({ offset: value.span.end, label: `= ${keyUsageNames(value.value)}`, tooltip: 'Key Usage is a bit mask: 1 signing, 4 encryption (5 both).' });
      } else if (value.kind === 'array' && entry.key === 'URLs' && found?.place.schemaId === 'com.apple.extensiblesso') {
        for (const item of value.items) {
          if (item.kind !== 'string' || !inRange(item)) continue;
          const hint = urlHostHint(item.value, options.orgHost);
          if (hint) out.push({ offset: item.span.end, ...hint });
        }
      }
    }
  };
  if (doc.root) visitDict(doc.root, 0);
  return out.sort((a, b) => a.offset - b.offset);
}

function urlHostHint(url: string, orgHost: string | undefined): { label: string; tooltip: string } | undefined {
  const written = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim())?.[1];
  if (!written) return undefined;
  if (containsPlaceholder(written)) {
    return orgHost
      ? { label: `→ ${orgHost}`, tooltip: `The MDM fills in ${written}; the other profiles of this deployment use the org host ${orgHost}.` }
      : undefined;
  }
  const host = urlHost(url);
  if (!host || !orgHost) return undefined;
  return host === orgHost
    ? { label: '✓ org host', tooltip: `${host} is the org host of this deployment.` }
    : { label: `≠ org host ${orgHost}`, tooltip: `${host} is not the org host the rest of this deployment uses (${orgHost}).` };
}
