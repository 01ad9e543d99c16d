import {
  CONFIG_FILE_NAME,
  normalizeSettings,
  overrideForPath,
  parseOverrides,
  PROJECT_SETTING_KEYS,
  type ConfigOverride,
  type DpsSettings,
  type SeveritySetting,
} from '../core';
import type { FileProvider } from './host';

/** A project config file as the editor applies it: its settings and which of the keys it sets. */
export interface ProjectConfig {
  uri: string;
  settings: DpsSettings;
  keys: ReadonlySet<string>;
  /** The per-path severities; globs relative to the file's folder. */
  overrides: readonly ConfigOverride[];
}

/** The severities of a config's `overrides` that match a document, as the CLI applies them. */
export function pathSeverityOf(config: ProjectConfig, documentUri: string, caseInsensitive: boolean): Record<string, SeveritySetting> | undefined {
  if (config.overrides.length === 0) return undefined;
  const folder = config.uri.slice(0, config.uri.lastIndexOf('/') + 1);
  if (!documentUri.startsWith(folder)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(documentUri.slice(folder.length));
  } catch {
    return undefined;
  }
  return overrideForPath(config.overrides, relative, caseInsensitive);
}

const APPLIED: ReadonlySet<string> = new Set(PROJECT_SETTING_KEYS);

/**
 * The `.dps-profiles.json` that applies to a document: the nearest one from the document's folder up to its
 * workspace folder (outside any workspace folder, its own folder only), read through the file provider, so github.dev
 * finds it too. The CLI looks from its working folder up to the repository root; run from the workspace folder, as a
 * pre-commit hook or CI does, both find the same file. Kept per folder until a watcher event, a save or a settings
 * change (`invalidate`). Its per-path `overrides` apply as in the CLI (`pathSeverityOf`).
 */
export class ProjectConfigs {
  private readonly byFolder = new Map<string, Promise<ProjectConfig | undefined>>();

  constructor(
    private readonly files: FileProvider,
    private readonly workspaceFolders: () => readonly string[],
    private readonly warn: (message: string) => void,
  ) {}

  for(documentUri: string): Promise<ProjectConfig | undefined> {
    const folder = parentOf(documentUri);
    if (folder === undefined) return Promise.resolve(undefined);
    let found = this.byFolder.get(folder);
    if (!found) {
      found = this.find(folder).catch(() => undefined);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  invalidate(): void {
    this.byFolder.clear();
  }

  private async find(start: string): Promise<ProjectConfig | undefined> {
    const root = this.workspaceFolders()
      .map((f) => f.replace(/\/+$/, ''))
      .filter((f) => start === f || start.startsWith(f + '/'))
      .sort((a, b) => b.length - a.length)[0];
    for (let folder: string | undefined = start; folder !== undefined; folder = folder === root || root === undefined ? undefined : parentOf(folder)) {
      const uri = `${folder}/${CONFIG_FILE_NAME}`;
      if (!(await this.files.stat(uri))) continue;
      return this.read(uri);
    }
    return undefined;
  }

  private async read(uri: string): Promise<ProjectConfig | undefined> {
    const bytes = await this.files.readFile(uri);
    if (!bytes) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
    } catch (e) {
      this.warn(`${uri} is not valid JSON and is ignored: ${(e as Error).message}`);
      return undefined;
    }
    const { settings, warnings } = normalizeSettings(raw);
    const keys = new Set(raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw).filter((k) => APPLIED.has(k)) : []);
    const overrides = parseOverrides((raw as { overrides?: unknown } | null)?.overrides, warnings);
    for (const w of warnings) this.warn(`${uri}: ${w}`);
    return { uri, settings, keys, overrides };
  }
}

/** The folder of a hierarchical URI (`file:///a/b/c.x` → `file:///a/b`); undefined at the top or for URIs without one. */
function parentOf(uri: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)$/i.exec(uri);
  if (!m) return undefined;
  const path = m[2].replace(/\/+$/, '');
  const cut = path.lastIndexOf('/');
  if (cut < 0 || path === '') return undefined;
  return m[1] + path.slice(0, cut);
}
