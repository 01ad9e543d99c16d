import { isAscii } from 'buffer';

/**
 * The text of a file that is plain ASCII, read by the shell itself: for such bytes the core's `decodeBytes` (a
 * strict UTF-8 decode, after looking for a byte order mark, UTF-16, NUL bytes, a binary or a signed plist) gives
 * exactly the Latin-1 reading, which node makes twice as fast (a copy, no validation). Undefined for anything
 * else, which the core decodes as usual: non-ASCII bytes, a NUL byte (binary, UTF-16 without a BOM), a binary
 * plist, signed data, or a node without `buffer.isAscii`.
 */
export function asciiText(bytes: Buffer): string | undefined {
  if (typeof isAscii !== 'function' || bytes.length === 0 || !isAscii(bytes)) return undefined;
  // ASCII allows NUL; decodeBytes reports those files (binary, or UTF-16 without a BOM), so they are left to it.
  if (bytes.indexOf(0) >= 0) return undefined;
  // `bplist` is ASCII too; signed data (DER) starts with a byte of its own.
  if (bytes.toString('latin1', 0, 6) === 'bplist' || bytes[0] === 0x30) return undefined;
  const text = bytes.toString('latin1');
  // Only blank space: the core reports that for bytes (and keeps no text), so it gets the bytes.
  return text.trim() === '' ? undefined : text;
}
