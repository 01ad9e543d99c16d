import type { Connection } from 'vscode-languageserver';
import { normalizeSettings, withProjectSettings, type DpsSettings, type SeveritySetting } from '../core';
import { describeError } from './log';
import { pathSeverityOf, type ProjectConfigs } from './project-config';

export const CONFIG_SECTION = 'dpsProfiles';

/**
 * The `dpsProfiles.*` settings per document: pulled from the client
 * (`workspace/configuration`) when it can be asked, else the ones it pushed
 * (initializationOptions, didChangeConfiguration); then the project's
 * `.dps-profiles.json` on top, for the keys it sets (`project-config.ts`).
 */
export class SettingsStore {
  pullsConfiguration = false;
  /** Settings pushed by the client (or given at initialize); used when we cannot pull. */
  private pushed: DpsSettings = normalizeSettings(undefined).settings;
  /** Pulled settings per document URI; cleared whenever the configuration changes. */
  private readonly byUri = new Map<string, Promise<DpsSettings>>();
  /** Bumped on every configuration change so checks started with old settings are dropped. */
  generation = 0;

  /** The project config files; set by the session (none in a bare store). */
  project: ProjectConfigs | undefined;
  /** Whether the files' names ignore case (macOS, Windows disks), for the globs of the config's `overrides`. */
  caseInsensitivePaths = false;

  constructor(private readonly connection: Connection) {}

  read(raw: unknown, origin: string): DpsSettings {
    const { settings, warnings } = normalizeSettings(raw);
    for (const warning of warnings) this.connection.console.warn(`${origin}: ${warning}`);
    return settings;
  }

  /** Settings handed over at initialize (clients that cannot be asked). */
  setInitial(raw: unknown): void {
    if (raw !== undefined) this.pushed = this.read(raw, 'initializationOptions');
  }

  /** The configuration changed: pulled settings are asked again, pushed ones replaced. */
  changed(settings: unknown): void {
    this.generation++;
    this.project?.invalidate();
    if (this.pullsConfiguration) {
      this.byUri.clear();
    } else if (settings && typeof settings === 'object') {
      // Without a section the user has no dpsProfiles settings left: defaults apply.
      this.pushed = this.read((settings as Record<string, unknown>)[CONFIG_SECTION], 'settings');
    }
  }

  /** A project config file changed (a watcher saw it): read it again, and drop checks made with the old one. */
  projectChanged(): void {
    this.generation++;
    this.project?.invalidate();
  }

  async for(uri: string): Promise<DpsSettings> {
    const [editor, project] = await Promise.all([this.editorFor(uri), this.project?.for(uri)]);
    return project ? withProjectSettings(editor, project.settings, project.keys, pathSeverityOf(project, uri, this.caseInsensitivePaths)) : editor;
  }

  /** The severities of the project config's `overrides` for a file, applied to a result as the CLI does (the workspace scan). */
  async pathSeverityFor(uri: string): Promise<Record<string, SeveritySetting> | undefined> {
    const project = await this.project?.for(uri);
    return project ? pathSeverityOf(project, uri, this.caseInsensitivePaths) : undefined;
  }

  private editorFor(uri: string): Promise<DpsSettings> {
    if (!this.pullsConfiguration) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: CONFIG_SECTION }).then(
        (raw) => this.read(raw, `settings for ${uri}`),
        (error: unknown) => {
          this.connection.console.error(`Could not read settings: ${describeError(error)}`);
          return this.pushed;
        },
      );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
