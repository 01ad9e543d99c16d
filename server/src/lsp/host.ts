import type { SignatureVerdict, SignedEnvelope } from '../core';

/**
 * What the language server needs from its platform, so the session and its
 * handlers never touch `fs` themselves: a node build plugs in the disk
 * (`node/file-provider.ts`, `node/signed.ts`); a browser build can plug in a
 * provider that asks the client for files. All of it is async for that reason.
 */

/** Changes whenever a file's content may have (mtime and size on disk, a version elsewhere). */
export interface FileStamp {
  stamp: string;
  size: number;
}

/** Other files of a deployment, read from where they live. URIs in, URIs out. */
export interface FileProvider {
  /** The profile files directly in a folder (not below it), as URIs in name order; [] when it cannot be read. */
  profilesIn(folderUri: string, preferenceDomainFiles: Readonly<Record<string, string>>): Promise<string[]>;
  /** Every profile file under the folders (bounded: see node/findProfiles), as URIs. */
  findProfiles(folderUris: readonly string[], preferenceDomainFiles: Readonly<Record<string, string>>): Promise<{ uris: string[]; truncated: boolean }>;
  /** Stamp of a readable regular file within the size limit, or undefined. */
  stat(uri: string): Promise<FileStamp | undefined>;
  readFile(uri: string): Promise<Uint8Array | undefined>;
  /** A folder URI as the user knows it (a path on disk). */
  displayPath(folderUri: string): string;
  /** File names ignore case (macOS and Windows disks): globs match accordingly. */
  readonly caseInsensitive?: boolean;
}

export interface SignedDocument {
  text: string;
  envelope: SignedEnvelope;
  verdict: SignatureVerdict;
}

/** Signed profiles, served as read-only `dps-signed:` documents whose text is the embedded XML. */
export interface SignedProfiles {
  /** The embedded text and verdict for a `dps-signed:` (or `file:`) URI. */
  load(uri: string): Promise<SignedDocument | undefined>;
  /** What a check input of this document needs beyond its text (nothing for ordinary documents). */
  inputExtras(uri: string): { signedEnvelope?: SignedEnvelope; signature?: SignatureVerdict };
  /** An open `file:` document holding a signed profile's raw bytes (its problems belong to the `dps-signed:` view). */
  isRawSignedDocument(uri: string, text: string): boolean;
  /** Unwrap and verify signed bytes; undefined when they are not a signed profile. */
  unwrap(bytes: Uint8Array): Promise<SignedDocument | undefined>;
  /** The `dps-signed:` URI of a file URI. */
  signedUriOf(fileUri: string): string;
}

export interface ServerHost {
  files: FileProvider;
  signed: SignedProfiles;
  /** URI of the extension root, where docs/rules/ lives, for the diagnostics' links. */
  extensionRoot: string;
  /** Log each check's duration (for the benchmark). */
  timing?: boolean;
}
