import { readFileSync, writeFileSync } from 'fs';
import * as path from '../node/path';
import type { LineIndex, Problem } from '../core';
import { errnoText } from '../node/errno';
import { problemFingerprints } from './fingerprint';
import { makeFolder } from '../node/make-folder';

/**
 * A baseline (`--baseline dps-baseline.json`, written by `--write-baseline`): the findings a repository
 * already had when it adopted dps-profiles, so CI fails only on new ones. A finding is its file, code and
 * fingerprint (the key path or line text, not the line number: findings survive edits around them). Files are
 * named relative to the baseline's own folder, so a run from another working folder finds them; a baseline
 * written before that named them relative to the working folder of the run that wrote it, and those names still
 * match a run from that folder.
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
  /**
   * How files are named: from the baseline's folder. Absent in a baseline written before, whose names are from
   * the working folder of the run that wrote it; each baseline is read with its own way, never both.
   */
  paths?: 'relative-to-baseline';
  /** path -> findings */
  findings: Record<string, BaselineEntry[]>;
}

/** A baseline as read: findings by file name, and how the names are made. */
export interface Baseline {
  findings: Map<string, Set<string>>;
  relativeToBaseline: boolean;
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
export function readBaseline(file: string): Baseline | string {
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
  return { findings: out, relativeToBaseline: b.paths === 'relative-to-baseline' };
}

/** A checked file's name in a baseline at `file`: its path from the baseline's folder, with `/`. `cwd` resolves documentIds. */
export function baselineKey(file: string, cwd: string, documentId: string): string {
  return path.relative(path.dirname(file), path.resolve(cwd, documentId)).split(path.sep).join('/');
}

/** Write every finding of the run as the new baseline (sorted, one file per key, stable for diffs). */
export function writeBaseline(file: string, cwd: string, results: readonly ResultLike[]): number {
  const findings: Record<string, BaselineEntry[]> = {};
  let count = 0;
  const keyed = results.map((r) => ({ r, key: baselineKey(file, cwd, r.documentId) }));
  for (const { r, key } of keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const list = entries(r);
    if (list.length === 0) continue;
    findings[key] = list;
    count += list.length;
  }
  const body: BaselineFile = { version: 1, tool: 'dps-profiles', paths: 'relative-to-baseline', findings };
  makeFolder(path.dirname(file));
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return count;
}

/**
 * Drop the findings the baseline (read from `file`) holds; returns how many were dropped and how many baseline
 * entries of the checked files matched nothing. A file is looked up by its name from the baseline's folder, or, in
 * a baseline written before names were made so, by its name as shown.
 */
export function applyBaseline(results: ResultLike[], baseline: Baseline, file: string, cwd: string): { known: number; stale: number } {
  let known = 0;
  const matched = new Set<string>();
  const used = new Set<string>();
  for (const r of results) {
    const name = baseline.relativeToBaseline ? baselineKey(file, cwd, r.documentId) : r.documentId;
    const keys = baseline.findings.get(name);
    if (!keys) continue;
    used.add(name);
    const list = entries(r);
    r.problems = r.problems.filter((_, i) => {
      const key = `${list[i].code}\u0000${list[i].fingerprint}`;
      if (!keys.has(key)) return true;
      matched.add(`${name}\u0000${key}`);
      known++;
      return false;
    });
  }
  let total = 0;
  for (const name of used) total += baseline.findings.get(name)!.size;
  return { known, stale: total - matched.size };
}
