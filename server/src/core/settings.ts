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

export const DEFAULT_SETTINGS: Readonly<DpsSettings> = Object.freeze({
  severity: {},
  validate: 'onType',
  preferenceDomainFiles: {},
});

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

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
        if (typeof value === 'string' && SEVERITIES.has(value)) settings.severity[code] = value as SeveritySetting;
        else warnings.push(`severity for ${code} must be one of error, warning, info, hint, off`);
      }
    } else warnings.push('"severity" must be an object of code → severity');
  }
  if (r.validate !== undefined) {
    if (r.validate === 'onType' || r.validate === 'onSave') settings.validate = r.validate;
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
    if (typeof r.targetMacOS === 'string' && /^\d+(\.\d+){0,2}$/.test(r.targetMacOS)) settings.targetMacOS = r.targetMacOS;
    else warnings.push('"targetMacOS" must be a version such as "14.5"');
  }
  if (r.deploymentScope !== undefined) {
    if (r.deploymentScope === 'folder' || r.deploymentScope === 'file') settings.deploymentScope = r.deploymentScope;
    else warnings.push('"deploymentScope" must be "folder" or "file"');
  }
  if (r.deviceAccessScep !== undefined && r.deviceAccessScep !== '') {
    if (r.deviceAccessScep === 'included' || r.deviceAccessScep === 'external') settings.deviceAccessScep = r.deviceAccessScep;
    else warnings.push('"deviceAccessScep" must be "included" or "external"');
  }
  if (r.inlayHints !== undefined) {
    const enabled = typeof r.inlayHints === 'object' && r.inlayHints !== null ? (r.inlayHints as Record<string, unknown>).enabled : undefined;
    if (typeof enabled === 'boolean') settings.inlayHints = { enabled };
    else warnings.push('"inlayHints.enabled" must be true or false');
  }
  return { settings, warnings };
}
