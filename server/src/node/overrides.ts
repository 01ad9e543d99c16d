import * as path from './path';
import { applySeverities, overrideForPath, parseOverrides, type ConfigOverride, type Problem, type SeveritySetting } from '../core';
import { CASE_INSENSITIVE_PATHS } from './discover';

export { parseOverrides, type ConfigOverride };

/** The severities for one file: every matching override merged in order; undefined when none matches. */
export function overrideFor(overrides: readonly ConfigOverride[], configDir: string, file: string): Record<string, SeveritySetting> | undefined {
  return overrideForPath(overrides, path.relative(configDir, file).split(path.sep).join('/'), CASE_INSENSITIVE_PATHS);
}

/** Apply a file's override on top of the severities its problems already have ("off" drops them). */
export function applyOverride(problems: readonly Problem[], severity: Record<string, SeveritySetting> | undefined): Problem[] {
  return severity ? applySeverities(problems, severity) : [...problems];
}
