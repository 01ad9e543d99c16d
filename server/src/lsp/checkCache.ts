import type { CheckResult } from '../core/check';

interface Entry {
  version: number;
  settingsKey: string;
  result: CheckResult;
}

/**
 * One check result per open document, reused while the document version and the
 * settings are unchanged (a save without edits, a re-publish). Editor features
 * read the latest result from here instead of parsing again.
 */
export class CheckCache {
  private readonly entries = new Map<string, Entry>();

  get(uri: string, version: number, settingsKey: string, compute: () => CheckResult): CheckResult {
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.settingsKey === settingsKey) return entry.result;
    const result = compute();
    this.entries.set(uri, { version, settingsKey, result });
    return result;
  }

  /** The result for exactly this version, if it was checked. */
  peek(uri: string, version: number): CheckResult | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.version === version ? entry.result : undefined;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
