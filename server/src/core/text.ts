/** Offsets ↔ 0-based line/character (UTF-16), treating CRLF, CR and LF each as one line break. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  /**
   * Offsets where lines start, in a typed array (an array of numbers grown by push cost ~10x as much on a large file).
   * Made on the first question about a position: a file checked without a problem to place never needs them (the CLI
   * reports most files of a folder so), and a whole-corpus run then neither scans those texts nor keeps their arrays.
   */
  private starts: Uint32Array | undefined;

  /** `lineStarts` is for `afterEdit` alone, which computed them for this text. */
  constructor(
    readonly text: string,
    lineStarts?: Uint32Array,
  ) {
    this.starts = lineStarts;
  }

  private get lineStarts(): Uint32Array {
    return (this.starts ??= scanLineStarts(this.text));
  }

  /**
   * The index of `text`, which is `previous.text` with `removed` characters at `start` replaced by `inserted`
   * characters: line starts before the change are kept, those after it shifted, and only the inserted text is
   * scanned (an edit in a big file costs a copy of the line starts, not a scan of the text).
   */
  static afterEdit(previous: LineIndex, text: string, start: number, removed: number, inserted: number): LineIndex {
    const old = previous.lineStarts;
    const delta = inserted - removed;
    // A position p starts a line when the character before it is LF, or CR not followed by LF: it depends on
    // text[p - 1] and text[p] only, so starts below `start` and above `start + inserted` are the old ones.
    const keptBefore = Math.max(1, firstAtLeast(old, start));
    const from = firstAtLeast(old, start + removed + 1);
    // The inserted text adds at most one line start per character.
    const starts = new Uint32Array(keptBefore + Math.min(inserted + 1, text.length + 1) + old.length - from);
    starts.set(old.subarray(0, keptBefore));
    let n = keptBefore;
    for (let p = Math.max(start, 1); p <= start + inserted && p <= text.length; p++) {
      const before = text.charCodeAt(p - 1);
      if (before === 10 || (before === 13 && text.charCodeAt(p) !== 10)) starts[n++] = p;
    }
    for (let k = from; k < old.length; k++) starts[n++] = old[k] + delta;
    return new LineIndex(text, starts.subarray(0, n));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line];
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  rangeOf(span: { start: number; end: number }): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }

  /** The line break this text uses most (for edits that insert lines). */
  get eol(): string {
    const crlf = this.text.indexOf('\r\n');
    if (crlf >= 0) return '\r\n';
    if (this.text.indexOf('\n') >= 0) return '\n';
    if (this.text.indexOf('\r') >= 0) return '\r';
    return '\n';
  }
}

/** Where each line of `text` starts (CRLF, LF and a lone CR end a line), in one linear scan. */
function scanLineStarts(text: string): Uint32Array {
  // A first guess of one line per 32 characters, doubled when short, trimmed at the end.
  let starts = new Uint32Array(Math.max(16, text.length >> 5));
  let n = 1;
  // indexOf runs in native code: much faster than a per-character loop on large files.
  let i: number;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    const at = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    i = text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
    if (n === starts.length) {
      const grown = new Uint32Array(n * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[n++] = i;
    // Each search resumes only once passed, so the scan stays linear.
    if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
    if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
  }
  return n * 2 < starts.length ? starts.slice(0, n) : starts.subarray(0, n);
}

/** The index of the first element of a sorted array that is at least `value` (the length when none is). */
function firstAtLeast(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The text without the `/` characters at its end: `/\/+$/` run on from every `/` of a long run, a quadratic cost. */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return end === text.length ? text : text.slice(0, end);
}
