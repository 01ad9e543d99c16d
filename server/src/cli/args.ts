import { canonicalCode, MACOS_VERSION_PATTERN, SEVERITY_LEVELS, type SeveritySetting } from '../core';
import { hasFlag, lastValue, UsageError, type ParsedOptions } from './command';

/** Argument values the commands share. */

/** `CODE=level` or `name=level` → [canonical code, level]. */
export function parseSeverity(value: string): [string, SeveritySetting] {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--severity expects CODE=level, e.g. DPS302=off (got "${value}")`);
  const key = value.slice(0, eq).trim();
  const level = value
    .slice(eq + 1)
    .trim()
    .toLowerCase();
  if (!(SEVERITY_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--severity ${key}: level must be one of ${SEVERITY_LEVELS.join(', ')} (got "${level}")`);
  }
  const code = canonicalCode(key);
  if (!code) throw new UsageError(`--severity: unknown code or name "${key}"`);
  return [code, level as SeveritySetting];
}

export { canonicalCode };

/** The checker's settings a command line may give (`--severity`, `--target-macos`, `--deployment` / `--per-file`), parsed once for every command. */
export function parseCheckOptions(parsed: ParsedOptions): {
  severity: Record<string, SeveritySetting>;
  targetMacOS?: string;
  grouping: 'folder' | 'all' | 'file';
} {
  const severity: Record<string, SeveritySetting> = {};
  for (const value of parsed.given.get('--severity') ?? []) {
    const [code, level] = parseSeverity(value);
    severity[code] = level;
  }
  const target = lastValue(parsed, '--target-macos');
  if (target !== undefined && !MACOS_VERSION_PATTERN.test(target)) throw new UsageError(`--target-macos must be a version such as 14.5 (got "${target}")`);
  if (hasFlag(parsed, '--per-file') && hasFlag(parsed, '--deployment')) throw new UsageError('--deployment and --per-file exclude each other');
  const grouping = hasFlag(parsed, '--per-file') ? 'file' : hasFlag(parsed, '--deployment') ? 'all' : 'folder';
  return { severity, ...(target !== undefined ? { targetMacOS: target } : {}), grouping };
}
