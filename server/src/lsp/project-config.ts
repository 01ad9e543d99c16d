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
 * The `.dps-profiles.json` that applies to a document: the one at the top of its workspace folder, which is the file
 * the CLI uses when it runs from there (a pre-commit hook, CI), so both check with the same settings; a document
 * outside any workspace folder takes the one in its own folder. Read through the file provider, so github.dev finds
 * it too. One file per workspace, as in the CLI: subfolders differ through its per-path `overrides`
 * (`pathSeverityOf`), not through files of their own. Kept until a watcher event or a settings change (`invalidate`).
 */
export class ProjectConfigs {
  private readonly byFolder = new Map<string, Promise<ProjectConfig | undefined>>();

  constructor(
    private readonly files: FileProvider,
    private readonly workspaceFolders: () => readonly string[],
    private readonly warn: (message: string) => void,
  ) {}

  for(documentUri: string): Promise<ProjectConfig | undefined> {
    const folder = this.configFolderOf(documentUri);
    if (folder === undefined) return Promise.resolve(undefined);
    let found = this.byFolder.get(folder);
    if (!found) {
      found = this.read(`${folder}/${CONFIG_FILE_NAME}`).catch(() => undefined);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  /** The workspace folder holding the document (the innermost), else the document's own folder. */
  private configFolderOf(documentUri: string): string | undefined {
    const own = parentOf(documentUri);
    if (own === undefined) return undefined;
    const roots = this.workspaceFolders()
      .map((f) => f.replace(/\/+$/, ''))
      .filter((f) => own === f || own.startsWith(f + '/'))
      .sort((a, b) => b.length - a.length);
    return roots[0] ?? own;
  }

  invalidate(): void {
    this.byFolder.clear();
  }

  private async read(uri: string): Promise<ProjectConfig | undefined> {
    if (!(await this.files.stat(uri))) return undefined;
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
