import type { SeveritySetting } from '../core';
import { ConfigError, loadCliConfig } from '../node/config';
import { displayPath } from '../node/discover';
import type { ConfigOverride } from '../node/overrides';
import * as path from '../node/path';
import { canonicalCode } from './args';
import type { CliEnvironment } from './command';

/** The settings of the config file, as every command reads them (its own flags go on top). */
export interface CliSettings {
  /** Canonical code → level. */
  severity: Record<string, SeveritySetting>;
  preferenceDomainFiles: Record<string, string>;
  targetMacOS?: string;
  /** Whether the Device Access SCEP certificate is among the checked files (`included`) or delivered elsewhere. */
  deviceAccessScep?: 'included' | 'external';
  /** `overrides` of the config file and the folder their globs are relative to. */
  overrides: ConfigOverride[];
  configDir?: string;
}

/**
 * Read `--config <file>` or the nearest config file. Warnings go to `fail`;
 * undefined (after saying why) when the file cannot be read or parsed, which
 * is a usage error. No file at all is the empty settings.
 */
export function readCliSettings(
  io: Pick<CliEnvironment, 'cwd'>,
  explicit: string | undefined,
  fail: (message: string) => void,
  verbose?: (message: string) => void,
): CliSettings | undefined {
  const settings: CliSettings = { severity: {}, preferenceDomainFiles: {}, overrides: [] };
  try {
    const loaded = loadCliConfig(io.cwd, explicit, (f) => displayPath(f, io.cwd), fail, verbose);
    if (!loaded) return settings;
    // Keys by canonical code, so a CLI flag by name still overrides the file's entry by code.
    for (const [key, level] of Object.entries(loaded.settings.severity)) {
      const code = canonicalCode(key);
      if (code) settings.severity[code] = level;
      else fail(`${loaded.shown}: unknown code or name "${key}" in "severity" is ignored`);
    }
    settings.preferenceDomainFiles = { ...loaded.settings.preferenceDomainFiles };
    settings.targetMacOS = loaded.settings.targetMacOS;
    settings.deviceAccessScep = loaded.settings.deviceAccessScep;
    settings.overrides = loaded.overrides;
    settings.configDir = path.dirname(loaded.file);
    return settings;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.message);
    return undefined;
  }
}
