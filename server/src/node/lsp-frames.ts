import { Transform, type TransformCallback } from 'node:stream';

/**
 * The language server's standard input, passed on as well-formed LSP frames only (`Content-Length: n`, blank line,
 * n bytes). vscode-jsonrpc's reader never finds its way back after a bad header (no or a non-numeric
 * Content-Length, a length that is too short or too long): every later body is read as a header, and the server,
 * still running, never answers again. Here a header that is not one is dropped with what follows it, up to the next
 * `Content-Length:`, and said on the log; bodies pass through unread, a chunk at a time.
 */

/** Larger than any document the server takes (LIMITS), smaller than what would make it buffer without end. */
const MAX_BODY = 256 * 1024 * 1024;
/** A header block longer than this is not one (real ones are a few dozen bytes). */
const MAX_HEADER = 8 * 1024;
const SEPARATOR = Buffer.from('\r\n\r\n', 'latin1');
const CONTENT_LENGTH = 'content-length:';
const HEADER_LINE = /^[A-Za-z][A-Za-z0-9-]*:[ \t]*(.*)$/;

export class LspFrameGuard extends Transform {
  /** Bytes of a header being read (only between bodies). */
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current body still to pass on; 0 between frames. */
  private bodyLeft = 0;

  constructor(private readonly onDropped: (bytes: number, why: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data: Buffer = chunk;
    while (data.length > 0) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, data.length);
        this.push(data.subarray(0, take));
        this.bodyLeft -= take;
        data = data.subarray(take);
        continue;
      }
      this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
      data = Buffer.alloc(0);
      const rest = this.readHeaders();
      if (rest !== undefined) data = rest;
    }
    done();
  }

  /** Reads header blocks out of `pending`: returns the bytes after a good one (the body's start), else undefined. */
  private readHeaders(): Buffer | undefined {
    for (;;) {
      const end = this.pending.indexOf(SEPARATOR);
      if (end < 0) {
        if (this.pending.length > MAX_HEADER) this.resync('a header block without its end');
        return undefined;
      }
      const length = contentLength(this.pending.subarray(0, end).toString('latin1'));
      if (typeof length === 'string') {
        this.resync(length);
        continue;
      }
      this.push(this.pending.subarray(0, end + SEPARATOR.length));
      const body = this.pending.subarray(end + SEPARATOR.length);
      this.pending = Buffer.alloc(0);
      this.bodyLeft = length;
      if (length === 0) {
        if (body.length === 0) return undefined;
        this.pending = body;
        continue;
      }
      return body;
    }
  }

  /**
   * Drops `pending` up to the next `Content-Length:` after its first byte (frames follow one another without a line
   * break), keeping a tail that may be the start of one.
   */
  private resync(why: string): void {
    const next = nextContentLength(this.pending);
    const dropped = next >= 0 ? next : Math.max(1, this.pending.length - CONTENT_LENGTH.length);
    this.onDropped(dropped, why);
    this.pending = this.pending.subarray(dropped);
  }
}

/**
 * Where the next `Content-Length:` starts after the first byte, or -1. The two usual spellings are found in the bytes
 * (a run of bad frames stays linear); any other case needs the text in lower case.
 */
function nextContentLength(pending: Buffer): number {
  const found = ['Content-Length:', 'content-length:'].map((s) => pending.indexOf(s, 1, 'latin1')).filter((at) => at >= 0);
  if (found.length > 0) return Math.min(...found);
  return pending.toString('latin1').toLowerCase().indexOf(CONTENT_LENGTH, 1);
}

/** The body's length from a header block, or what is wrong with the block. */
function contentLength(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const m = HEADER_LINE.exec(line);
    if (!m) return 'a line that is not a header';
    if (line.slice(0, line.indexOf(':')).toLowerCase() !== 'content-length') continue;
    if (!/^\d{1,12}$/.test(m[1].trim())) return `Content-Length "${m[1].trim().slice(0, 20)}" is not a length`;
    length = Number(m[1].trim());
  }
  if (length === undefined) return 'a header block without Content-Length';
  if (length > MAX_BODY) return `Content-Length ${length} is over the ${MAX_BODY} bytes the server reads`;
  return length;
}
