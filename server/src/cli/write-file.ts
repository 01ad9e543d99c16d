import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

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

export function snapshot(stat: fs.Stats, bytes: Uint8Array): FileSnapshot {
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Thrown when the file changed on disk since it was read; `code` is `ECHANGED`. */
export class ChangedOnDiskError extends Error {
  code = 'ECHANGED';
}

/** Whether the file on disk is still the one of the snapshot. */
export function unchangedSince(file: string, before: FileSnapshot): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false;
  }
  if (stat.size !== before.size || stat.mtimeMs !== before.mtimeMs) return false;
  try {
    return sha256(fs.readFileSync(file)) === before.sha256;
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
  const stat = fs.statSync(file);
  if (before && !unchangedSince(file, before)) throw new ChangedOnDiskError('changed on disk since it was read');
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.dps-tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fsyncSync(fd);
    // The owner first (chown may clear set-id bits), then the mode.
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || stat.gid !== process.getgid?.())) fs.fchownSync(fd, stat.uid, stat.gid);
    fs.fchmodSync(fd, stat.mode & 0o7777);
    fs.closeSync(fd);
    fd = undefined;
    if (before && !unchangedSince(file, before)) throw new ChangedOnDiskError('changed on disk since it was read');
    fs.renameSync(temp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  syncFolder(dir);
}

/** Flush the folder entry of the rename; some systems (and Windows) cannot, which only weakens the crash guarantee. */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Best effort.
  }
}
