// node:crypto is required on first use: loading it costs every CLI run a few ms otherwise.
import type * as Crypto from 'crypto';
import type { CheckedFile } from './report';

/**
 * Fingerprints that survive edits elsewhere in the file: the code plus the key path (or, without one,
 * the whitespace-normalised line text), and an occurrence counter for identical findings in one file.
 * SARIF's partialFingerprints, GitLab Code Quality and the baseline (--baseline) all use them.
 */
export function problemFingerprints(file: CheckedFile): string[] {
  const seen = new Map<string, number>();
  const lines = new Map<number, string>();
  return file.problems.map((p) => {
    const anchor = p.keyPath !== undefined ? `key:${p.keyPath}` : `line:${lineAnchor(file, p.span.start, lines)}`;
    const key = `${p.code}\u0000${anchor}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${sha256Hex(key).slice(0, 32)}:${occurrence}`;
  });
}

/** Lines longer than this are anchored by their hash: the anchor's cost stays bounded on a one-line file. */
const MAX_ANCHOR_LINE = 1000;

/** The whitespace-normalised text of the problem's line, computed once per line (linear in the file, not per problem). */
function lineAnchor(file: CheckedFile, offset: number, cache: Map<number, string>): string {
  const { line } = file.lineIndex.positionAt(offset);
  let anchor = cache.get(line);
  if (anchor === undefined) {
    const start = file.lineIndex.offsetAt({ line, character: 0 });
    const end = file.lineIndex.offsetAt({ line: line + 1, character: 0 });
    const text = file.lineIndex.text.slice(start, end).replace(/\s+/g, ' ').trim();
    anchor = text.length <= MAX_ANCHOR_LINE ? text : `sha256:${sha256Hex(text)}`;
    cache.set(line, anchor);
  }
  return anchor;
}

function sha256Hex(text: string): string {
  return (require('crypto') as typeof Crypto).createHash('sha256').update(text).digest('hex');
}
