import * as path from 'path';
import { applySeverities, type Problem, type SeveritySetting } from '../core';
import { globToRegExp } from './discover';

/**
 * Per-path settings of `.dps-profiles.json`:
 *
 *   "overrides": [{ "files": ["legacy/**", "vendor/*.mobileconfig"], "severity": { "DPS302": "off" } }]
 *
 * `files` are globs relative to the config file's folder (`*` and `?` within one path segment, `**`
 * across segments). Every matching entry applies, in order, on top of the top-level severities.
 */
export interface ConfigOverride {
  files: string[];
  severity: Record<string, SeveritySetting>;
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

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
        else warnings.push(`overrides[${i}].severity for ${code} must be one of error, warning, info, hint, off`);
      }
    }
    out.push({ files: files as string[], severity });
  });
  return out;
}

/** The severities for one file: every matching override merged in order; undefined when none matches. */
export function overrideFor(overrides: readonly ConfigOverride[], configDir: string, file: string): Record<string, SeveritySetting> | undefined {
  const relative = path.relative(configDir, file).split(path.sep).join('/');
  if (relative.startsWith('../')) return undefined;
  let merged: Record<string, SeveritySetting> | undefined;
  for (const o of overrides) {
    if (o.files.some((glob) => globToRegExp(glob.replace(/^\.\//, '').replace(/\/$/, '/**')).test(relative))) merged = { ...merged, ...o.severity };
  }
  return merged;
}

/** Apply a file's override on top of the severities its problems already have ("off" drops them). */
export function applyOverride(problems: readonly Problem[], severity: Record<string, SeveritySetting> | undefined): Problem[] {
  return severity ? applySeverities(problems, severity) : [...problems];
}
