import { analyseDocument, parseDocument, type DeploymentInput, type DocumentAnalysis, type ParsedDocument } from '../core';

interface Entry {
  stamp: string;
  key: string;
  parsed: ParsedDocument;
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

  delete(uri: string): void {
    this.entries.delete(uri);
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
      entry = { stamp, key, parsed: parseDocument(input(), options) };
      this.entries.set(uri, entry);
    }
    return entry;
  }
}
