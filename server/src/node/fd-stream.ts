import { fstatSync, statSync, writeSync } from 'fs';
import type * as Tty from 'tty';

/** What the CLI writes to: `write` and, for colours, `isTTY`. */
export interface FdStream {
  write(chunk: string): boolean;
  readonly isTTY: boolean;
}

/**
 * Standard output or error, written with `fs.writeSync` on the descriptor instead of through `process.stdout`:
 * - the stream behind `process.stdout` loads node's whole stream stack, about 3 ms of every run (a one-file check is
 *   ~170 ms), for a report written in one piece;
 * - a reader that goes away (`dps-profiles check … | head`) ends the output quietly. node's stream threw an unhandled
 *   EPIPE error with a stack trace there.
 * A descriptor in non-blocking mode (shared with a process that set it) is waited on, never dropped.
 * `isTTY` is worked out on first use (only the stylish format asks), with `tty` only for a character device that is
 * not /dev/null.
 * On Windows node's own streams stay: a console needs them to show Unicode.
 */
export function fdStream(fd: 1 | 2, nodeStream: () => NodeJS.WriteStream): FdStream {
  if (process.platform === 'win32') {
    return {
      write: (chunk) => nodeStream().write(chunk),
      get isTTY() {
        return nodeStream().isTTY === true;
      },
    };
  }
  let closed = false;
  return {
    write(chunk) {
      if (closed || chunk.length === 0) return true;
      const bytes = Buffer.from(chunk, 'utf8');
      for (let at = 0; at < bytes.length;) {
        try {
          at += writeSync(fd, bytes, at, bytes.length - at);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') waitMs(1);
          else if (code === 'EPIPE') {
            closed = true;
            return true;
          } else throw e;
        }
      }
      return true;
    },
    get isTTY() {
      // A pipe, a file or /dev/null (`> /dev/null` in a script that wants the exit code) is no terminal; only another
      // character device needs the tty module's answer.
      if (!isCharacterDeviceOtherThanNull(fd)) return false;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- tty loads net and the stream stack: only when asked
      return (require('tty') as typeof Tty).isatty(fd);
    },
  };
}

function isCharacterDeviceOtherThanNull(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    const devNull = statSync('/dev/null', { throwIfNoEntry: false });
    return !(devNull && devNull.isCharacterDevice() && devNull.rdev === st.rdev);
  } catch {
    return false;
  }
}

/** A synchronous pause: the CLI's writes are synchronous, and a full pipe drains while we wait. */
function waitMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
