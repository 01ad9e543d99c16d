import { createHash } from 'crypto';
import type { CheckedFile } from './report';

/**
 * Fingerprints that survive edits elsewhere in the file: the code plus the key path (or, without one,
 * the whitespace-normalised line text), and an occurrence counter for identical findings in one file.
 * SARIF's partialFingerprints, GitLab Code Quality and the baseline (--baseline) all use them.
 */
export function problemFingerprints(file: CheckedFile): string[] {
  const seen = new Map<string, number>();
  return file.problems.map((p) => {
    const anchor = p.keyPath !== undefined ? `key:${p.keyPath}` : `line:${lineText(file, p.span.start)}`;
    const key = `${p.code}\u0000${anchor}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}:${occurrence}`;
  });
}

function lineText(file: CheckedFile, offset: number): string {
  const { line } = file.lineIndex.positionAt(offset);
  const start = file.lineIndex.offsetAt({ line, character: 0 });
  const end = file.lineIndex.offsetAt({ line: line + 1, character: 0 });
  return file.lineIndex.text.slice(start, end).replace(/\s+/g, ' ').trim();
}
