import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from '../node/path';
import type { LineIndex, Problem } from '../core';
import { errnoText } from '../node/errno';
import { problemFingerprints } from './fingerprint';

/**
 * A baseline (`--baseline dps-baseline.json`, written by `--write-baseline`): the findings a repository
 * already had when it adopted dps-profiles, so CI fails only on new ones. A finding is its file, code and
 * fingerprint (the key path or line text, not the line number: findings survive edits around them).
 */

export const DEFAULT_BASELINE = 'dps-baseline.json';

interface BaselineEntry {
  code: string;
  fingerprint: string;
  message: string;
}

interface BaselineFile {
  version: 1;
  tool: 'dps-profiles';
  /** path -> findings */
  findings: Record<string, BaselineEntry[]>;
}

export interface ResultLike {
  documentId: string;
  lineIndex: LineIndex;
  problems: Problem[];
}

function entries(result: ResultLike): BaselineEntry[] {
  const fingerprints = problemFingerprints({ path: result.documentId, lineIndex: result.lineIndex, problems: result.problems });
  return result.problems.map((p, i) => ({ code: p.code, fingerprint: fingerprints[i], message: p.message }));
}

/** Read a baseline; a message (for exit code 2) when it cannot be read or is not one. */
export function readBaseline(file: string): Map<string, Set<string>> | string {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    return e instanceof SyntaxError ? `${file} is not valid JSON: ${e.message}` : `cannot read ${file}: ${errnoText(e)}`;
  }
  const b = raw as Partial<BaselineFile> | null;
  if (!b || b.tool !== 'dps-profiles' || b.version !== 1 || typeof b.findings !== 'object' || b.findings === null) {
    return `${file} is not a dps-profiles baseline (write one with --write-baseline)`;
  }
  const out = new Map<string, Set<string>>();
  for (const [file, list] of Object.entries(b.findings)) {
    if (Array.isArray(list)) out.set(file, new Set(list.filter((e) => e && typeof e.fingerprint === 'string').map((e) => `${e.code}\u0000${e.fingerprint}`)));
  }
  return out;
}

/** Write every finding of the run as the new baseline (sorted, one file per key, stable for diffs). */
export function writeBaseline(file: string, results: readonly ResultLike[]): number {
  const findings: Record<string, BaselineEntry[]> = {};
  let count = 0;
  for (const r of [...results].sort((a, b) => (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : 0))) {
    const list = entries(r);
    if (list.length === 0) continue;
    findings[r.documentId] = list;
    count += list.length;
  }
  const body: BaselineFile = { version: 1, tool: 'dps-profiles', findings };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return count;
}

/** Drop the findings the baseline holds; returns how many were dropped and how many baseline entries matched nothing. */
export function applyBaseline(results: ResultLike[], baseline: ReadonlyMap<string, ReadonlySet<string>>): { known: number; stale: number } {
  let known = 0;
  const matched = new Set<string>();
  for (const r of results) {
    const keys = baseline.get(r.documentId);
    if (!keys) continue;
    const list = entries(r);
    r.problems = r.problems.filter((_, i) => {
      const key = `${list[i].code}\u0000${list[i].fingerprint}`;
      if (!keys.has(key)) return true;
      matched.add(`${r.documentId}\u0000${key}`);
      known++;
      return false;
    });
  }
  let total = 0;
  const checked = new Set(results.map((r) => r.documentId));
  for (const [file, keys] of baseline) if (checked.has(file)) total += keys.size;
  return { known, stale: total - matched.size };
}
