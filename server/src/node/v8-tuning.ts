// node:v8 is required only when the tuning applies: loading it costs a one-file run about as much as the tuning saves.
import type * as V8 from 'v8';

/**
 * V8 flags for a long CLI run (many files, or a big one). V8's optimizing compiler works on background threads, and
 * on functions that run only a few thousand times it spends more CPU than it saves: a larger interrupt budget (about
 * 7x node 20's default) keeps it for the really hot code, the parser on a big file. The young generation grows from
 * 1 MB by doubling up to 16 MB per semi-space; a growth factor of 1 keeps it small, so a big profile's peak memory
 * is what the check holds, not garbage waiting for a scavenge (V8 12.x and later clamp the factor to 2: then
 * nothing changes). Measured with `npm run bench` (README, "Performance"): the corpus 0.69x CPU, the 8.3 MB profile
 * 0.81x CPU and 142 -> 119 MB peak.
 *
 * Set once the inputs are read, after the bundle was compiled, so the V8 code cache (checked against the flags at
 * compile time) stays valid. Not in `lsp` (a long-lived process), nor on a V8 major it was not measured on: an
 * unknown flag makes V8 print an error. DPS_PROFILES_V8_TUNING=off turns it off, =trace reports the decision.
 */
export const V8_TUNING_FLAGS = '--interrupt-budget=500000 --semi-space-growth-factor=1';

/** Set on globalThis once the flags are changed; bin/dps-profiles.js then writes no code cache at exit. */
export const V8_FLAGS_CHANGED = Symbol.for('dps-profiles.v8-flags-changed');

/** A run this long pays for loading node:v8; below it, the default tiering costs less. */
const LONG_RUN = { files: 8, bytes: 256 * 1024 };

export function tuneV8ForLongRun(files: number, bytes: number, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const mode = env.DPS_PROFILES_V8_TUNING;
  const trace = mode === 'trace' ? log : () => {};
  if (mode === 'off') return trace('V8 tuning: off (DPS_PROFILES_V8_TUNING=off)');
  if (files < LONG_RUN.files && bytes < LONG_RUN.bytes) return trace(`V8 tuning: off (a short run: ${files} file${files === 1 ? '' : 's'}, ${bytes} bytes)`);
  const major = Number(process.versions.v8.split('.')[0]);
  if (!(major >= 11 && major <= 13)) return trace(`V8 tuning: off (V8 ${process.versions.v8})`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the tuning applies
  (require('v8') as typeof V8).setFlagsFromString(V8_TUNING_FLAGS);
  // For the launcher (bin/dps-profiles.js): a code cache written now would carry these flags, which the next run lacks.
  (globalThis as Record<symbol, unknown>)[V8_FLAGS_CHANGED] = true;
  trace(`V8 tuning: ${V8_TUNING_FLAGS}`);
}
