import type { SeveritySetting } from './problem';
import { SEVERITY_LEVELS } from './settings';

/**
 * Per-path settings of `.dps-profiles.json`:
 *
 *   "overrides": [{ "files": ["legacy/**", "vendor/*.mobileconfig"], "severity": { "DPS302": "off" } }]
 *
 * `files` are globs relative to the config file's folder (`*` and `?` within one path segment, `**`
 * across segments). Every matching entry applies, in order, on top of the top-level severities.
 * The CLI (`node/overrides.ts`) and the language server (`lsp/project-config.ts`) both apply them.
 */
export interface ConfigOverride {
  files: string[];
  severity: Record<string, SeveritySetting>;
}

const LEVELS: ReadonlySet<string> = new Set(SEVERITY_LEVELS);

/** Validate the raw "overrides" value; what is wrong is dropped with a warning. */
export function parseOverrides(raw: unknown, warnings: string[]): ConfigOverride[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    warnings.push('"overrides" must be an array of { "files": [...], "severity": {...} }');
    return [];
  }
  const out: ConfigOverride[] = [];
  raw.forEach((entry, i) => {
    const e = entry as { files?: unknown; severity?: unknown } | null;
    const files = typeof e?.files === 'string' ? [e.files] : e?.files;
    if (!Array.isArray(files) || files.length === 0 || !files.every((f) => typeof f === 'string' && f !== '')) {
      warnings.push(`overrides[${i}].files must be a non-empty list of globs; the entry is ignored`);
      return;
    }
    const severity: Record<string, SeveritySetting> = {};
    if (e?.severity !== undefined) {
      if (typeof e.severity !== 'object' || e.severity === null || Array.isArray(e.severity)) {
        warnings.push(`overrides[${i}].severity must be an object of code → severity; the entry is ignored`);
        return;
      }
      for (const [code, level] of Object.entries(e.severity as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level)) severity[code] = level as SeveritySetting;
        else warnings.push(`overrides[${i}].severity for ${code} must be one of ${SEVERITY_LEVELS.join(', ')}`);
      }
    }
    out.push({ files: files as string[], severity });
  });
  return out;
}

/**
 * The severities for one file, by its path relative to the config file's folder (`/`-separated): every matching
 * override merged in order; undefined when none matches or the file is outside that folder.
 */
export function overrideForPath(overrides: readonly ConfigOverride[], relative: string, caseInsensitive: boolean): Record<string, SeveritySetting> | undefined {
  if (relative.startsWith('../') || relative === '..') return undefined;
  let merged: Record<string, SeveritySetting> | undefined;
  for (const o of overrides) {
    if (o.files.some((glob) => globToRegExp(glob.replace(/^\.\//, '').replace(/\/$/, '/**'), caseInsensitive).test(relative)))
      merged = { ...merged, ...o.severity };
  }
  return merged;
}

/** A glob (`*` and `?` within a segment, `**` across segments) as an anchored expression over a `/`-separated path. */
export function globToRegExp(glob: string, caseInsensitive: boolean): RegExp {
  let re = '';
  const segments = glob.split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Zero or more whole segments; as the last segment, anything below.
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    for (const ch of segment) {
      if (ch === '*') re += '[^/]*';
      else if (ch === '?') re += '[^/]';
      else re += ch.replace(/[\\^$.|+(){}[\]]/g, '\\$&');
    }
    if (!last) re += '/';
  });
  return new RegExp(`^${re}$`, caseInsensitive ? 'i' : '');
}
