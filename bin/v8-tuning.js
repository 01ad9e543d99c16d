'use strict';
// V8 flags for a long `check` (many files, or a big one), decided by the launcher before the bundle is compiled.
//
// Why these flags: V8's optimizing compiler works on background threads, and on functions that run only a few
// thousand times it spends more CPU than it saves; a larger interrupt budget (about 7x node 20's default) keeps it for
// the really hot code, the parser on a big file. The young generation grows from 1 MB by doubling up to 16 MB per
// semi-space; a growth factor of 1 keeps it small, so a big profile's peak memory is what the check holds, not garbage
// waiting for a scavenge (V8 12.x and later clamp the factor to 2: then nothing changes). Measured with `npm run bench`
// (README, "Performance").
//
// Why before compiling: V8 stamps a code cache with the flags in force, and refuses it to a run with other flags. A
// long run sets the flags first and uses a code cache of its own (bin/dps-profiles.js keeps one per kind of run), made
// by an earlier long run with the same flags: it holds the bytecode of everything such a run uses (the schema
// validators of every payload type, the rules for them), which a one-file run's cache leaves out and a long run would
// otherwise compile as it goes.
//
// The guess looks only at the command line: `check` with 8 or more files among its operands (a folder's entries count
// as files), a folder with subfolders or a glob, or named files of 256 KB and more. A wrong guess costs only speed.
// Not for `lsp` (a long-lived process), `simulate` or `plan`, nor on a V8 major it was not measured on (an unknown
// flag makes V8 print an error).
// DPS_PROFILES_V8_TUNING=off turns it off, =trace reports the decision on stderr.
//
// Not every V8 flag may change once node runs: `--single-threaded-gc` set here made V8 abort in a full collection
// (on the 8.3 MB profile of `npm run bench`), and the young generation's largest size (`--max-semi-space-size`) is fixed at start, so setting it here
// does nothing. Run the CLI's tests and `npm run bench` with any new flag (README, "Performance", "Not done").

const V8_TUNING_FLAGS = '--interrupt-budget=500000 --semi-space-growth-factor=1';

/** A run this long pays for loading node:v8 (a few ms); below it, the default tiering costs less. */
const LONG_RUN = { files: 8, bytes: 256 * 1024 };

/**
 * Sets the flags when this run looks long; returns whether it did. `args` are the CLI's arguments (argv after the
 * script), `stat` is fs.statSync-like (returns undefined for a missing path).
 */
function tuneV8ForThisRun(args, env, stat, trace) {
  const mode = env.DPS_PROFILES_V8_TUNING;
  const log = mode === 'trace' ? trace : () => {};
  if (mode === 'off') return off(log, 'DPS_PROFILES_V8_TUNING=off');
  const major = Number(process.versions.v8.split('.')[0]);
  if (!(major >= 11 && major <= 13)) return off(log, `V8 ${process.versions.v8}`);
  const run = longRun(args, stat);
  if (!run.long) return off(log, run.why);
  require('v8').setFlagsFromString(V8_TUNING_FLAGS);
  log(`V8 tuning: ${V8_TUNING_FLAGS} (${run.why})`);
  return true;
}

function off(log, why) {
  log(`V8 tuning: off (${why})`);
  return false;
}

/** Whether the run looks long, and why ("8 files", "a folder", …) or why not ("a short run: …", "not a check"). */
function longRun(args, stat, list = listOrUndefined) {
  const command = args.indexOf('check');
  if (command < 0) return { long: false, why: 'not a check' };
  let files = 0;
  let bytes = 0;
  for (const arg of args.slice(command + 1)) {
    // Options and their values: a value that names no file is skipped by the stat below.
    if (arg.startsWith('-')) continue;
    const s = stat(arg);
    if (s === undefined) {
      if (/[*?]/.test(arg)) return { long: true, why: 'a glob' };
      continue;
    }
    if (s.isDirectory()) {
      // A folder's own entries count as files (their sizes unread); a subfolder may hold any number: long.
      const entries = list(arg);
      if (entries === undefined || entries.some((e) => e.isDirectory())) return { long: true, why: 'a folder tree' };
      files += entries.length;
    } else if (s.isFile()) {
      files++;
      bytes += s.size;
    }
    if (files >= LONG_RUN.files) return { long: true, why: `${files} files` };
    if (bytes >= LONG_RUN.bytes) return { long: true, why: `${bytes} bytes` };
  }
  return { long: false, why: `a short run: ${files} file${files === 1 ? '' : 's'}, ${bytes} bytes` };
}

function listOrUndefined(dir) {
  try {
    return require('fs').readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

module.exports = { V8_TUNING_FLAGS, LONG_RUN, tuneV8ForThisRun, longRun };
