import { isAscii } from 'buffer';

/**
 * The text of a file that is plain ASCII, read by the shell itself: for such bytes the core's `decodeBytes` (a
 * strict UTF-8 decode, after looking for a byte order mark, UTF-16, NUL bytes, a binary or a signed plist) gives
 * exactly the Latin-1 reading, which node makes twice as fast (a copy, no validation). Undefined for anything
 * else, which the core decodes as usual: non-ASCII bytes, a NUL byte (binary, UTF-16 without a BOM), a binary
 * plist, signed data, or a node without `buffer.isAscii`.
 */
export function asciiText(bytes: Buffer): string | undefined {
  return isAsciiText(bytes) ? bytes.toString('latin1') : undefined;
}

/**
 * The texts of many ASCII files, made from shared strings. A run that checks a folder keeps every file's text until it
 * reports, and a text made on its own (up to 128 KB) is born in V8's young generation, then copied twice by the
 * collector (to the survivor space, then to the old generation). Here the files are read into one 256 KB buffer, one
 * after the other, and each time it fills, one string is made of it: a string that large is a large object, which the
 * collector never copies, and a file's text is a slice of it. The buffer is then reused, so its pages are touched once.
 * Files that are not plain ASCII keep their bytes for the core's decoding.
 */
export class AsciiTexts {
  static readonly CHUNK = 256 * 1024;
  private readonly chunk = Buffer.allocUnsafeSlow(AsciiTexts.CHUNK);
  private used = 0;
  private pending: { offset: number; length: number; set: (text: string) => void }[] = [];

  /** Where to read a file of `size` bytes: the free part of the shared buffer when it fits, else a buffer of its own. */
  readonly allocate = (size: number): Buffer => {
    if (size > AsciiTexts.CHUNK) return Buffer.allocUnsafe(size);
    if (this.used + size > AsciiTexts.CHUNK) this.flush();
    return this.chunk.subarray(this.used, this.used + size);
  };

  /**
   * The file read (into what `allocate` gave) becomes a text when it is what `asciiText` would give: `set` receives it,
   * at once or at the next flush. Otherwise `text` is false, and the bytes, copied out of the shared buffer, are returned in
   * `bytes` for the core to decode.
   */
  take(bytes: Buffer, set: (text: string) => void): { text: boolean; bytes: Buffer } {
    const shared = bytes.buffer === this.chunk.buffer && bytes.byteOffset === this.chunk.byteOffset + this.used;
    if (!isAsciiText(bytes)) return { text: false, bytes: shared ? Buffer.from(bytes) : bytes };
    if (!shared) set(bytes.toString('latin1'));
    else {
      this.pending.push({ offset: this.used, length: bytes.length, set });
      this.used += bytes.length;
    }
    return { text: true, bytes };
  }

  /** Makes the string of what the shared buffer holds and hands every file its slice; the buffer is free again. */
  flush(): void {
    if (this.pending.length > 0) {
      const all = this.chunk.toString('latin1', 0, this.used);
      for (const t of this.pending) t.set(all.slice(t.offset, t.offset + t.length));
    }
    this.pending = [];
    this.used = 0;
  }
}

/** Whether the bytes are a text `asciiText` gives (see there). */
function isAsciiText(bytes: Buffer): boolean {
  if (typeof isAscii !== 'function' || bytes.length === 0 || !isAscii(bytes)) return false;
  // ASCII allows NUL; decodeBytes reports those files (binary, or UTF-16 without a BOM), so they are left to it.
  if (bytes.indexOf(0) >= 0) return false;
  // `bplist` is ASCII too; signed data (DER) starts with a byte of its own.
  if (startsWithBplist(bytes) || bytes[0] === 0x30) return false;
  // Only blank space (what String.prototype.trim removes, in ASCII: tab, LF, VT, FF, CR, space): the core reports that
  // for bytes (and keeps no text), so it gets the bytes.
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 0x20 && (c < 0x09 || c > 0x0d)) return true;
  }
  return false;
}

/** `bplist` at the start, compared byte by byte (no string made for it, once per file of a run). */
function startsWithBplist(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes[0] === 0x62 && bytes[1] === 0x70 && bytes[2] === 0x6c && bytes[3] === 0x69 && bytes[4] === 0x73 && bytes[5] === 0x74;
}
