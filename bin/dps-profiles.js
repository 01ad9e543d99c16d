#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/cli.js by `npm install` (prepare) or `npm run build`.
//
// It runs the bundle through a V8 code cache: the bytecode V8 compiled for dist/cli.js in an earlier
// run is kept in a cache folder ($XDG_CACHE_HOME/dps-profiles, else a private folder in the OS temp
// dir), keyed by the bundle's hash and the node version, so a run skips most of the compiling.
// V8 itself rejects stale data (another V8, other flags); then the cache is written anew. The cache
// never makes a run fail: any error there and the bundle simply compiles as usual.
// DPS_PROFILES_CODE_CACHE=off turns it off; =trace reports what it did on stderr.
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
/** What node's CommonJS loader puts around a module (`Module.wrap`): the bundle runs as it would under `require`. */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n});';
if (!fs.existsSync(cli)) {
  process.stderr.write('dps-profiles: dist/cli.js is missing; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
// A long check gets V8 flags of its own (bin/v8-tuning.js), set before the bundle is compiled so that its code cache,
// one per kind of run, carries them.
const tuned = require('./v8-tuning.js').tuneV8ForThisRun(process.argv.slice(2), process.env, statOrUndefined, (line) =>
  process.stderr.write('dps-profiles: ' + line + '\n'),
);
const mode = process.env.DPS_PROFILES_CODE_CACHE;
if (mode === 'off') require(cli);
else runWithCodeCache(cli, tuned ? 'tuned' : 'default', mode === 'trace' ? (m) => process.stderr.write('dps-profiles: code cache: ' + m + '\n') : () => {});

/** Whether this was a `check` that checked profiles: exit code 0 or 1 (2 is a usage or input error), no --help or --version. */
function checkedProfiles(args, code) {
  return (code === 0 || code === 1) && args.includes('check') && !args.some((a) => a === '--help' || a === '-h' || a === '--version');
}

function statOrUndefined(p) {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** `kind`: the V8 flags of this run ('default' or 'tuned'); each kind has a cache of its own. */
function runWithCodeCache(file, kind, trace) {
  const vm = require('vm');
  const Module = require('module');
  // Memory touched for the first time is slow (page faults: ~14 us per 4 KB page on the machines measured), so the
  // bundle is read once into a buffer that already holds the CommonJS wrapper around it: one flat string is made of
  // it (`Module.wrap` would make a two-part string that V8 copies once more to compile), and the same buffer then
  // takes the code cache: 176 fewer page faults a run, ~2.5 ms here (README, "Performance").
  const { bytes, wrapped: wrappedBytes, buffer } = readWrapped(file);
  // The build stamps the bundle's SHA-256 on its last line once it has checked that every byte is ASCII: a stamped
  // bundle needs no second look (1-2 ms a run).
  const stamp = /\/\/# dps-bundle-sha256=([0-9a-f]{64})\s*$/.exec(bytes.toString('latin1', Math.max(0, bytes.length - 120)));
  const { isAscii } = require('buffer');
  // The build keeps the bundle ASCII (scripts/build.mjs asserts it), so Latin-1 reads it exactly, and faster;
  // a bundle that is not (a --watch build with a stray character) is read as UTF-8, as require would.
  const ascii = stamp !== null || (typeof isAscii === 'function' && isAscii(bytes));
  const wrapped = ascii ? wrappedBytes.toString('latin1') : wrappedBytes.toString('utf8');
  const cache = cacheFile(file, bytes, stamp && stamp[1], kind, trace);
  let cachedData;
  if (cache) {
    try {
      cachedData = readInto(cache, buffer);
    } catch {
      // none yet
    }
  }
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const rejected = cachedData === undefined || script.cachedDataRejected === true;
  trace(cachedData === undefined ? 'none' : rejected ? 'rejected by V8' : 'used ' + cache);
  // At exit, so the functions this run compiled are in the cache too. V8 stamps the data with the flags in force,
  // which are this kind's: the next run of the kind accepts it.
  if (cache && rejected)
    process.once('exit', (code) => {
      // The cache holds only what the run that wrote it compiled: a run that checked nothing (--help, a usage error,
      // another command) would leave one that every later check compiles around. It waits for a real check.
      if (!checkedProfiles(process.argv.slice(2), code)) return trace('not written: this run checked no profile');
      // A long run's cache serves later long runs over any payload types: the bundle compiles what they need first.
      const compileAhead = globalThis[Symbol.for('dps-profiles.before-code-cache')];
      if (kind === 'tuned' && typeof compileAhead === 'function') {
        try {
          compileAhead();
          trace('compiled every payload validator first');
        } catch (e) {
          trace('could not compile ahead: ' + (e && e.message));
        }
      }
      writeAtomically(cache, script, trace);
    });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}

/** The file read into a buffer between the wrapper's two parts: `wrapped` is that, `bytes` the file's part, `buffer` all the room. */
function readWrapped(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    // Twice the room: the code cache is read into it next, and a long run's cache is larger than the bundle. Pages
    // never written cost nothing; a fresh buffer for the cache would be written, and so touched, all through.
    const buffer = Buffer.allocUnsafeSlow(2 * (WRAPPER_HEAD.length + size + WRAPPER_TAIL.length));
    buffer.write(WRAPPER_HEAD, 0, 'latin1');
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buffer, WRAPPER_HEAD.length + read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    // A file that shrank while read ends where the reading did.
    const end = WRAPPER_HEAD.length + read;
    buffer.write(WRAPPER_TAIL, end, 'latin1');
    return { bytes: buffer.subarray(WRAPPER_HEAD.length, end), wrapped: buffer.subarray(0, end + WRAPPER_TAIL.length), buffer };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file's bytes, in `spare` when they fit (its pages are already touched; V8 copies what it keeps), else a new buffer. */
function readInto(file, spare) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const into = size <= spare.length ? spare : Buffer.allocUnsafeSlow(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, into, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return into.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** The cache file for this bundle and node, in a folder only this user can write; undefined when there is none. */
function cacheFile(file, bytes, stampedHash, kind, trace) {
  try {
    const os = require('os');
    const xdg = process.env.XDG_CACHE_HOME;
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = xdg && path.isAbsolute(xdg) ? path.join(xdg, 'dps-profiles') : path.join(os.tmpdir(), 'dps-profiles-' + (uid ?? os.userInfo().username));
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Cached bytecode is code: never read it from a folder someone else owns or can write to.
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
      trace('not used: ' + dir + ' is not a private folder of this user');
      return undefined;
    }
    // One slot per installed bundle (its path) and kind of run, holding the cache of its current content and node. The build
    // stamps the bundle's SHA-256 on its last line (scripts/build.mjs); without a stamp, hash it here.
    const contentHash = stampedHash || require('crypto').createHash('sha256').update(bytes).digest('hex');
    const slot = fnv1a(path.resolve(file) + (kind === 'default' ? '' : '\0' + kind));
    const key = fnv1a(contentHash + '\0' + process.version + '\0' + process.arch) + contentHash.slice(0, 24);
    return path.join(dir, 'cli-' + slot + '-' + key + '.v8cache');
  } catch (e) {
    trace('not used: ' + (e && e.message));
    return undefined;
  }
}

/** A 32-bit FNV-1a hash as 8 hex digits: names a slot, never trusted for content (the SHA-256 is). */
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Write to a temporary name and rename, so a concurrent run never reads half a file; drop this slot's older caches. */
function writeAtomically(file, script, trace) {
  const tmp = file + '.' + process.pid + '.tmp';
  try {
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, file);
    trace('written ' + file);
    const dir = path.dirname(file);
    const slot = path.basename(file).split('-').slice(0, 2).join('-') + '-';
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(slot) && name.endsWith('.v8cache') && name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch (e) {
    trace('not written: ' + (e && e.message));
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more to do: the run itself succeeded
    }
  }
}
