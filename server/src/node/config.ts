import { existsSync, statSync } from 'fs';
import { homedir } from 'os';
import * as path from './path';
import { CONFIG_FILE_NAME, CONFIG_KEYS, normalizeSettings, type DpsSettings } from '../core';
import { errnoText } from './errno';
import { parseOverrides, type ConfigOverride } from './overrides';
import { LIMITS, readRegularFile } from './read-file';

/** The project config file: the `DpsSettings` shape as JSON. */
export { CONFIG_FILE_NAME };

const KNOWN_KEYS = new Set(CONFIG_KEYS);

export class ConfigError extends Error {}

export interface LoadedConfig {
  file: string;
  settings: DpsSettings;
  /** Values the normaliser dropped; worth telling the user, never fatal. */
  warnings: string[];
  /** Per-path severities (node/overrides.ts), globs relative to the file's folder. */
  overrides: ConfigOverride[];
}

/**
 * The nearest config file from `startDir` upward, or undefined. The search
 * stops at the repository root (the folder holding `.git`) or the user's home
 * folder, whichever comes first: a `.dps-profiles.json` in `/tmp` or another
 * shared folder above the project must never change how it is checked.
 * `searched` receives every folder looked in.
 */
export function findConfigFile(startDir: string, home: string = homedir(), searched: string[] = []): string | undefined {
  let dir = path.resolve(startDir);
  const stopAtHome = home ? path.resolve(home) : undefined;
  for (;;) {
    searched.push(dir);
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; keep climbing.
    }
    if (dir === stopAtHome || existsSync(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Read and normalise a config file. Unreadable files and bad JSON throw ConfigError. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readRegularFile(file, LIMITS.settingsBytes).bytes.toString('utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${errnoText(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const { settings, warnings } = normalizeSettings(raw);
  // A misspelt key would otherwise be ignored without a word.
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) warnings.push(`unknown setting "${key}" is ignored`);
  }
  const overrides = parseOverrides((raw as { overrides?: unknown } | null)?.overrides, warnings);
  return { file, settings, warnings, overrides };
}

/**
 * The settings a CLI command runs with: `--config <file>` (relative to cwd) or the nearest config file.
 * Warnings go to `warn`, prefixed with the file as shown to the user; `verbose` (when given) hears which
 * file was used or where it was looked for. Undefined when there is no file; a ConfigError when it cannot
 * be read or parsed.
 */
export function loadCliConfig(
  cwd: string,
  explicit: string | undefined,
  show: (file: string) => string,
  warn: (message: string) => void,
  verbose?: (message: string) => void,
): (LoadedConfig & { shown: string }) | undefined {
  const searched: string[] = [];
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd, homedir(), searched);
  if (file === undefined) {
    verbose?.(`no ${CONFIG_FILE_NAME} found (looked in ${searched.map(show).join(', ')}; the search stops at the repository root or the home folder)`);
    return undefined;
  }
  const loaded = loadConfigFile(file);
  const shown = show(file);
  verbose?.(`settings from ${shown}${explicit !== undefined ? ' (--config)' : ''}`);
  for (const w of loaded.warnings) warn(`${shown}: ${w}`);
  return { ...loaded, shown };
}
