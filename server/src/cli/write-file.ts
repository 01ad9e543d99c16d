// node:crypto is required on first use (only --fix writes files): loading it costs every CLI run a few ms otherwise.
import type * as Crypto from 'crypto';
import {
  type Stats,
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'fs';
import * as path from '../node/path';

/**
 * Writing a checked file back without ever losing a byte (`--fix`): the new
 * content goes to a temporary file in the same folder, is flushed to disk,
 * gets the original's mode and owner, and is then renamed over the original,
 * so a full disk, a kill or a permission error leaves either the old file or
 * the new one, never a truncated one. Before replacing, the file must still be
 * what was read (size, mtime and content hash), so someone else's edit made
 * while the run was busy is never overwritten.
 */

/** What a file was when it was read. */
export interface FileSnapshot {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export function snapshot(stat: Stats, bytes: Uint8Array): FileSnapshot {
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) };
}

function sha256(bytes: Uint8Array): string {
  return crypto().createHash('sha256').update(bytes).digest('hex');
}

function crypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at every CLI start
  return require('crypto') as typeof Crypto;
}

/** Thrown when the file changed on disk since it was read; `code` is `ECHANGED`. */
export class ChangedOnDiskError extends Error {
  code = 'ECHANGED';
}

/** Whether the file on disk is still the one of the snapshot. */
export function unchangedSince(file: string, before: FileSnapshot): boolean {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return false;
  }
  if (stat.size !== before.size || stat.mtimeMs !== before.mtimeMs) return false;
  try {
    return sha256(readFileSync(file)) === before.sha256;
  } catch {
    return false;
  }
}

/**
 * Replace `file` with `bytes` atomically. `before`, when given, must still match
 * the file (else ChangedOnDiskError and nothing is written). Errors carry the
 * errno code (ENOSPC, EACCES, EPERM…); the temporary file never survives them.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array, before?: FileSnapshot): void {
  const stat = statSync(file);
  if (before && !unchangedSince(file, before)) throw new ChangedOnDiskError('changed on disk since it was read');
  // The rename below would replace a file this user may not write (mode 0444, a vendored profile): refuse, as writing
  // it in place would (EACCES). The superuser may write any file, as with any other tool.
  accessSync(file, constants.W_OK);
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.dps-tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    // The owner first (chown may clear set-id bits), then the mode.
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || stat.gid !== process.getgid?.())) fchownSync(fd, stat.uid, stat.gid);
    fchmodSync(fd, stat.mode & 0o7777);
    closeSync(fd);
    fd = undefined;
    if (before && !unchangedSince(file, before)) throw new ChangedOnDiskError('changed on disk since it was read');
    renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  syncFolder(dir);
}

/** Flush the folder entry of the rename; some systems (and Windows) cannot, which only weakens the crash guarantee. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort.
  }
}
