import {
  analyseDocument,
  LineIndex,
  parseDocument,
  reuseTreeAcrossWhitespace,
  textChange,
  type DeploymentInput,
  type DocumentAnalysis,
  type ParsedDocument,
  type PlistNode,
  type ProfileDocument,
} from '../core';

interface Entry {
  stamp: string;
  key: string;
  parsed: ParsedDocument;
  /** How long the parse took (ms). */
  parseMs: number;
  analysed?: DocumentAnalysis;
}

/**
 * Each document's own analysis (parse, model, structure, schema), kept per
 * document while its stamp (editor version or file stamp) and the options that
 * shape it hold. An edit re-analyses only the edited document; the deployment
 * rules then run over the cached models of the others. Editor features take the
 * parse alone, so they never wait for the document's schema checks.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The parse each entry replaced: completion's text without the element being typed is often the version before. */
  private readonly previous = new Map<string, ParsedDocument>();
  /** Line indexes of versions not parsed (yet): completion converts positions without parsing. */
  private readonly lineIndexes = new Map<string, { stamp: string; index: LineIndex }>();

  /** `onParse` hears of each parse made (the server logs it with `DPS_PROFILES_TIMING=1`). */
  constructor(private readonly onParse?: (uri: string, stamp: string, ms: number) => void) {}

  /** The parse and model of this stamp of the document. */
  parsed(
    uri: string,
    stamp: string,
    key: string,
    input: () => DeploymentInput,
    options: { preferenceDomainFiles?: Readonly<Record<string, string>> },
  ): ParsedDocument {
    return this.entry(uri, stamp, key, input, options).parsed;
  }

  /** The parse with the document's own checks. */
  analysed(
    uri: string,
    stamp: string,
    key: string,
    input: () => DeploymentInput,
    options: { preferenceDomainFiles?: Readonly<Record<string, string>> },
  ): DocumentAnalysis {
    const entry = this.entry(uri, stamp, key, input, options);
    entry.analysed ??= analyseDocument(entry.parsed);
    return entry.analysed;
  }

  /** Whether the parse of this stamp is kept already. */
  hasParse(uri: string, stamp: string, key: string): boolean {
    const entry = this.entries.get(uri);
    return !!entry && entry.stamp === stamp && entry.key === key;
  }

  /** The line index of this stamp of the document's text: its parse's when parsed, else one made for it. */
  lineIndex(uri: string, stamp: string, key: string, text: string): LineIndex {
    if (this.hasParse(uri, stamp, key)) return this.entries.get(uri)!.parsed.lineIndex;
    const known = this.lineIndexes.get(uri);
    if (known?.stamp === stamp) return known.index;
    // After a keystroke: the index of the version before, with the change applied (a big file is not scanned again).
    const before = known?.index ?? (this.entries.get(uri)?.key === key ? this.entries.get(uri)?.parsed.lineIndex : undefined);
    const change = before ? textChange(before.text, text) : undefined;
    const index =
      before && change && change.inserted <= text.length / 2
        ? LineIndex.afterEdit(before, text, change.start, change.removed, change.inserted)
        : new LineIndex(text);
    this.lineIndexes.set(uri, { stamp, index });
    return index;
  }

  /** A parse of exactly this text kept for the document (its current or previous stamp), if there is one. */
  private recentParse(uri: string, text: string, key: string): ParsedDocument | undefined {
    const current = this.entries.get(uri);
    if (current?.key === key && current.parsed.text === text) return current.parsed;
    const before = this.previous.get(uri);
    return current?.key === key && before?.text === text ? before : undefined;
  }

  /**
   * A kept tree standing for this text: a parse of exactly this text, else a parse without problems of a text that
   * differs from it only by whitespace between elements (its offsets mapped by `treeOffset`). Completion takes it
   * instead of parsing the new version after a keystroke.
   */
  treeFor(
    uri: string,
    text: string,
    key: string,
  ): { root: PlistNode | undefined; document: ProfileDocument; treeOffset?: (offset: number) => number } | undefined {
    const exact = this.recentParse(uri, text, key);
    if (exact) return exact;
    const current = this.entries.get(uri);
    if (current?.key !== key) return undefined;
    for (const kept of [current.parsed, this.previous.get(uri)]) {
      if (!kept || kept.problems.length > 0) continue;
      const reused = reuseTreeAcrossWhitespace(kept.text, kept.root, text);
      if (reused) return { root: reused.root, document: kept.document, treeOffset: reused.treeOffset };
    }
    return undefined;
  }

  /** How long the document's latest parse took (ms), if it was parsed. */
  lastParseMs(uri: string): number | undefined {
    return this.entries.get(uri)?.parseMs;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.previous.delete(uri);
    this.lineIndexes.delete(uri);
  }

  private entry(
    uri: string,
    stamp: string,
    key: string,
    input: () => DeploymentInput,
    options: { preferenceDomainFiles?: Readonly<Record<string, string>> },
  ): Entry {
    let entry = this.entries.get(uri);
    if (!entry || entry.stamp !== stamp || entry.key !== key) {
      if (entry?.key === key) this.previous.set(uri, entry.parsed);
      else this.previous.delete(uri);
      const started = performance.now();
      const parsed = parseDocument(input(), options);
      entry = { stamp, key, parsed, parseMs: performance.now() - started };
      this.onParse?.(uri, stamp, entry.parseMs);
      this.entries.set(uri, entry);
      this.lineIndexes.delete(uri);
    }
    return entry;
  }
}
