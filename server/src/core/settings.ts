import type { DeploymentOptions } from './check';
import { CODES } from './codes';
import type { SeveritySetting } from './problem';

/**
 * Settings shared by the VS Code client, the language server and the CLI's
 * config file (`.dps-profiles.json`). One shape, one normaliser: bad values
 * are dropped, never fatal.
 */
export interface DpsSettings {
  /** Per-code (or per-name) severity overrides. */
  severity: Record<string, SeveritySetting>;
  validate: 'onType' | 'onSave';
  /** Extra base file name → preference domain (e.g. "okta.plist" → "com.okta.mobile"). */
  preferenceDomainFiles: Record<string, string>;
  /** The macOS version the deployment targets, e.g. "14.5"; inferred when absent (an empty string means absent). */
  targetMacOS?: string;
  /**
   * What is checked together as one deployment: every profile in the document's
   * folder (default), or each file on its own. Used by the language server.
   */
  deploymentScope?: 'folder' | 'file';
  /**
   * Where the Okta Device Access SCEP certificate comes from: `external` (delivered outside the checked
   * profiles, e.g. Intune's delegated SCEP or a Kandji/Iru SCEP library item) or `included` (it must be among
   * them). Absent: undecided, and a missing certificate is a warning.
   */
  deviceAccessScep?: 'included' | 'external';
  /** Inlay hints in the editor (durations, Key Usage names, the org host of SSO URLs); on unless turned off. */
  inlayHints?: { enabled: boolean };
}

/*
 * The settings vocabulary, defined once: the normaliser below, the CLI's flags (`cli/args.ts`), the config file
 * (`node/config.ts`, `node/overrides.ts`) and package.json's `dpsProfiles.*` settings (`test/settings-vocabulary.test.ts`
 * checks they match) all use these.
 */
/** What a code's severity can be set to. */
export const SEVERITY_LEVELS: readonly SeveritySetting[] = ['error', 'warning', 'info', 'hint', 'off'];
export const VALIDATE_MODES = ['onType', 'onSave'] as const;
export const DEPLOYMENT_SCOPES = ['folder', 'file'] as const;
export const DEVICE_ACCESS_SCEP_CHOICES = ['included', 'external'] as const;
/** A macOS version as the settings and the CLI take it: `14`, `14.5`, `14.5.1`. */
export const MACOS_VERSION_PATTERN = /^\d+(\.\d+){0,2}$/;
/** Every key of `DpsSettings`: the client's `dpsProfiles.<key>` settings and the keys of `.dps-profiles.json`. */
export const SETTING_KEYS = [
  'severity',
  'validate',
  'preferenceDomainFiles',
  'targetMacOS',
  'deploymentScope',
  'deviceAccessScep',
  'inlayHints',
] as const satisfies readonly (keyof DpsSettings)[];
/** Every key `.dps-profiles.json` may hold: the settings, its `$schema`, and the per-path `overrides`. */
export const CONFIG_KEYS: readonly string[] = ['$schema', ...SETTING_KEYS, 'overrides'];
// Fails to compile when a key of DpsSettings is missing from SETTING_KEYS.
const _everySettingKey: Exclude<keyof DpsSettings, (typeof SETTING_KEYS)[number]> extends never ? true : never = true;

const oneOf = <T extends string>(choices: readonly T[], value: unknown): value is T => (choices as readonly unknown[]).includes(value);

export function normalizeSettings(raw: unknown): { settings: DpsSettings; warnings: string[] } {
  const warnings: string[] = [];
  const settings: DpsSettings = { severity: {}, validate: 'onType', preferenceDomainFiles: {} };
  if (raw === undefined || raw === null) return { settings, warnings };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push('settings must be an object; using defaults');
    return { settings, warnings };
  }
  const r = raw as Record<string, unknown>;
  if (r.severity !== undefined) {
    if (typeof r.severity === 'object' && r.severity !== null && !Array.isArray(r.severity)) {
      for (const [code, value] of Object.entries(r.severity as Record<string, unknown>)) {
        if (oneOf(SEVERITY_LEVELS, value)) settings.severity[code] = value;
        else warnings.push(`severity for ${code} must be one of ${SEVERITY_LEVELS.join(', ')}`);
      }
    } else warnings.push('"severity" must be an object of code → severity');
  }
  if (r.validate !== undefined) {
    if (oneOf(VALIDATE_MODES, r.validate)) settings.validate = r.validate;
    else warnings.push('"validate" must be "onType" or "onSave"');
  }
  if (r.preferenceDomainFiles !== undefined) {
    if (typeof r.preferenceDomainFiles === 'object' && r.preferenceDomainFiles !== null && !Array.isArray(r.preferenceDomainFiles)) {
      for (const [file, domain] of Object.entries(r.preferenceDomainFiles as Record<string, unknown>)) {
        if (typeof domain === 'string') settings.preferenceDomainFiles[file] = domain;
        else warnings.push(`preferenceDomainFiles["${file}"] must be a string`);
      }
    } else warnings.push('"preferenceDomainFiles" must be an object of file name → domain');
  }
  if (r.targetMacOS !== undefined && r.targetMacOS !== '') {
    if (typeof r.targetMacOS === 'string' && MACOS_VERSION_PATTERN.test(r.targetMacOS)) settings.targetMacOS = r.targetMacOS;
    else warnings.push('"targetMacOS" must be a version such as "14.5"');
  }
  if (r.deploymentScope !== undefined) {
    if (oneOf(DEPLOYMENT_SCOPES, r.deploymentScope)) settings.deploymentScope = r.deploymentScope;
    else warnings.push('"deploymentScope" must be "folder" or "file"');
  }
  if (r.deviceAccessScep !== undefined && r.deviceAccessScep !== '') {
    if (oneOf(DEVICE_ACCESS_SCEP_CHOICES, r.deviceAccessScep)) settings.deviceAccessScep = r.deviceAccessScep;
    else warnings.push('"deviceAccessScep" must be "included" or "external"');
  }
  if (r.inlayHints !== undefined) {
    const enabled = typeof r.inlayHints === 'object' && r.inlayHints !== null ? (r.inlayHints as Record<string, unknown>).enabled : undefined;
    if (typeof enabled === 'boolean') settings.inlayHints = { enabled };
    else warnings.push('"inlayHints.enabled" must be true or false');
  }
  return { settings, warnings };
}

/** The checker's options from the editor's settings: one mapping for every check the server runs. */
export function deploymentOptionsOf(settings: DpsSettings): DeploymentOptions {
  return {
    severities: settings.severity,
    preferenceDomainFiles: settings.preferenceDomainFiles,
    targetMacOS: settings.targetMacOS,
    deviceAccessScep: settings.deviceAccessScep,
  };
}

/** The project config file, beside the profiles (the CLI finds it from its working folder, the editor at the top of the workspace folder). */
export const CONFIG_FILE_NAME = '.dps-profiles.json';

/** The keys of `.dps-profiles.json` that decide how profiles are checked: the CLI reads them, and the editor takes them over its own settings. */
export const PROJECT_SETTING_KEYS = ['severity', 'preferenceDomainFiles', 'targetMacOS', 'deviceAccessScep'] as const satisfies readonly (keyof DpsSettings)[];

/** A code as the catalog spells it, from its code in any case or its rule name; undefined for neither. */
export function canonicalCode(key: string): string | undefined {
  const lower = key.toLowerCase();
  return CODES.find((c) => c.code.toLowerCase() === lower || c.name === lower)?.code;
}

/**
 * The editor's settings with a project config file's on top, for the keys the file sets (`fileKeys`): the file is the
 * team's shared setting, the one CI checks with, so the editor agrees with the CLI. Severities merge per code (the
 * file's entry wins, whether either side names the code or the rule), then the file's matching `overrides`.
 */
export function withProjectSettings(
  editor: DpsSettings,
  project: DpsSettings,
  fileKeys: ReadonlySet<string>,
  /** The file's `overrides` that match the document (`overrideForPath`), applied last as the CLI does. */
  pathSeverity?: Record<string, SeveritySetting>,
): DpsSettings {
  const merged: DpsSettings = { ...editor };
  if (fileKeys.has('severity') || pathSeverity) {
    const severity: Record<string, SeveritySetting> = {};
    const layers = [editor.severity, fileKeys.has('severity') ? project.severity : {}, pathSeverity ?? {}];
    for (const layer of layers) for (const [key, level] of Object.entries(layer)) severity[canonicalCode(key) ?? key] = level;
    merged.severity = severity;
  }
  if (fileKeys.has('preferenceDomainFiles')) merged.preferenceDomainFiles = { ...editor.preferenceDomainFiles, ...project.preferenceDomainFiles };
  if (fileKeys.has('targetMacOS')) merged.targetMacOS = project.targetMacOS;
  if (fileKeys.has('deviceAccessScep')) merged.deviceAccessScep = project.deviceAccessScep;
  return merged;
}
