import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'fs';

/**
 * Reading a file the user pointed at (a config, trust anchors, a scenario, a
 * profile) with bounded cost: only regular files (a FIFO would block forever,
 * `/dev/zero` never ends), and at most `maxBytes`. The open does not block on
 * a FIFO (O_NONBLOCK), and the size is checked on the open descriptor, so the
 * file cannot be swapped between the check and the read.
 */

/** Size limits, stated once. */
export const LIMITS = {
  /** `.dps-profiles.json` and `--scenario`: a few KB in practice. */
  settingsBytes: 1024 * 1024,
  /** `--trust-anchors`: a PEM bundle; the system bundles are under 1 MB. */
  trustAnchorBytes: 16 * 1024 * 1024,
  /** One profile, from disk or `--stdin` (signed profiles with hundreds of certificates reach ~20 MB). */
  profileBytes: 64 * 1024 * 1024,
} as const;

export class FileReadError extends Error {}

export interface ReadFile {
  bytes: Buffer;
  stat: Stats;
}

/** `allocate`: where to read the file's bytes (a buffer of exactly the size asked); a new buffer by default. */
export function readRegularFile(file: string, maxBytes: number, allocate: (size: number) => Buffer = Buffer.allocUnsafe): ReadFile {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new FileReadError('not a regular file');
    if (stat.size > maxBytes) throw new FileReadError(`larger than the limit of ${formatBytes(maxBytes)}`);
    // The size fstat gave, in one read: what the file was when it was opened (a file appended to meanwhile is
    // read as it was). A file that says it is empty may not be (procfs): that one is read until its end, never
    // more than one chunk past the limit.
    const bytes = allocate(stat.size);
    let total = 0;
    while (total < bytes.length) {
      const n = readSync(fd, bytes, total, bytes.length - total, null);
      if (n === 0) return { bytes: bytes.subarray(0, total), stat };
      total += n;
    }
    if (stat.size > 0) return { bytes, stat };
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(65536);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileReadError(`larger than the limit of ${formatBytes(maxBytes)}`);
      chunks.push(chunk.subarray(0, n));
    }
    return { bytes: Buffer.concat(chunks, total), stat };
  } finally {
    closeSync(fd);
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
