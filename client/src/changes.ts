/**
 * The preview's "Changes since HEAD" view: the document's text at HEAD comes
 * from VS Code's built-in git extension (`vscode.git`, API version 1,
 * `repository.show(ref, path)`), the server plans the change
 * (`dpsProfiles/plan`), and the core's renderer (every value escaped) makes
 * the HTML. Nothing is checked out; the view is read-only.
 */
import { extensions, type Disposable, type Event, type Uri } from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { renderPlanFragment, type Plan, escapeHtml } from '../../server/src/core/render';
import { PlanRequest } from '../../server/src/protocol';

export const BASE_REF = 'HEAD';

/** The few parts of the git extension's API (extensions/git/src/api/git.d.ts) this view uses. */
interface GitRepository {
  readonly rootUri: Uri;
  readonly state: { readonly HEAD: { readonly commit?: string } | undefined; readonly onDidChange: Event<void> };
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: Event<'uninitialized' | 'initialized'>;
  readonly onDidOpenRepository: Event<GitRepository>;
  getRepository(uri: Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** What the view shows: a plan, or why there is none. */
export type ChangesResult = { plan: Plan } | { message: string };

export class ChangesSinceHead {
  private api: GitApi | undefined;
  private readonly watched = new Set<GitRepository>();
  private readonly disposables: Disposable[] = [];
  /** HEAD text of a file at a commit, so typing does not run git on every keystroke. */
  private cache: { key: string; text: string | null } | undefined;

  /** `onChange` runs when git learns something new (a repository opened, HEAD moved). */
  constructor(private readonly onChange: () => void) {}

  private async gitApi(): Promise<GitApi | undefined> {
    if (this.api) return this.api;
    const extension = extensions.getExtension<GitExtension>('vscode.git');
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    if (!exports?.enabled) return undefined;
    this.api = exports.getAPI(1);
    this.disposables.push(
      this.api.onDidOpenRepository(() => this.onChange()),
      this.api.onDidChangeState(() => this.onChange()),
    );
    return this.api;
  }

  private async baseText(repository: GitRepository, uri: Uri): Promise<string | null> {
    const key = `${uri.toString()}@${repository.state.HEAD?.commit ?? ''}`;
    if (this.cache?.key === key) return this.cache.text;
    let text: string | null;
    try {
      text = await repository.show(BASE_REF, uri.fsPath);
    } catch {
      text = null; // not in HEAD: a new file
    }
    this.cache = { key, text };
    return text;
  }

  async compute(client: LanguageClient, uri: Uri): Promise<ChangesResult> {
    if (uri.scheme !== 'file') return { message: 'Only files on disk have a git history.' };
    let api: GitApi | undefined;
    try {
      api = await this.gitApi();
    } catch (error) {
      return { message: `The git extension is not available: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!api) return { message: 'The built-in git extension is disabled, so there is no HEAD to compare with.' };
    const repository = api.getRepository(uri);
    if (!repository) return { message: api.state === 'initialized' ? 'This file is not in a git repository.' : 'Waiting for the git extension…' };
    if (!this.watched.has(repository)) {
      this.watched.add(repository);
      this.disposables.push(repository.state.onDidChange(() => this.onChange()));
    }
    if (!repository.state.HEAD?.commit) return { message: 'The repository has no commit yet.' };
    const baseText = await this.baseText(repository, uri);
    const response = await client.sendRequest(PlanRequest, { uri: uri.toString(), baseText, baseLabel: BASE_REF });
    return response ? { plan: response.plan } : { message: 'DPS Profiles does not check this file.' };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.watched.clear();
  }
}

/** The section the preview shows under the timeline. */
export function renderChangesSection(result: ChangesResult): string {
  const body = 'plan' in result ? renderPlanFragment(result.plan) : `<p class="empty">${escapeHtml(result.message)}</p>`;
  return `<section class="changes" id="changes-since-head"><h2>Changes since ${escapeHtml(BASE_REF)}</h2>${body}</section>`;
}
