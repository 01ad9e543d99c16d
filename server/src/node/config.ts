import * as fs from 'fs';
import * as path from 'path';
import { normalizeSettings, type DpsSettings } from '../core/settings';
import { errnoText } from './errno';

/** The project config file: the `DpsSettings` shape as JSON. */
export const CONFIG_FILE_NAME = '.dps-profiles.json';

const KNOWN_KEYS = new Set(['$schema', 'severity', 'validate', 'preferenceDomainFiles', 'targetMacOS']);

export class ConfigError extends Error {}

export interface LoadedConfig {
  file: string;
  settings: DpsSettings;
  /** Values the normaliser dropped; worth telling the user, never fatal. */
  warnings: string[];
}

/** The nearest config file from `startDir` upward, or undefined. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here; keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Read and normalise a config file. Unreadable files and bad JSON throw ConfigError. */
export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
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
  return { file, settings, warnings };
}

/**
 * The settings a CLI command runs with: `--config <file>` (relative to cwd) or the nearest config file.
 * Warnings go to `warn`, prefixed with the file as shown to the user. Undefined when there is no file;
 * a ConfigError when it cannot be read or parsed.
 */
export function loadCliConfig(cwd: string, explicit: string | undefined, show: (file: string) => string, warn: (message: string) => void): (LoadedConfig & { shown: string }) | undefined {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  if (file === undefined) return undefined;
  const loaded = loadConfigFile(file);
  const shown = show(file);
  for (const w of loaded.warnings) warn(`${shown}: ${w}`);
  return { ...loaded, shown };
}
