import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBytes, looksSigned, verifySignedProfile, type SignatureVerdict, type SignedEnvelope } from '../core';
import type { SignedProfiles } from '../lsp/host';

/**
 * Signed profiles for the language server: the editor shows a signed file as a
 * read-only document under the `dps-signed:` scheme whose text is the embedded
 * XML; the server reads the file, unwraps and verifies it here, and checks that
 * text with the envelope and verdict so the signature problems appear too.
 */

export const SIGNED_SCHEME = 'dps-signed';

export interface SignedDocument {
  text: string;
  envelope: SignedEnvelope;
  verdict: SignatureVerdict;
  mtimeMs: number;
}

/** `file:///a/b.mobileconfig` ↔ `dps-signed:/a/b.mobileconfig` (the client's `uri.with({ scheme })`). */
export function signedUriOf(fileUri: string): string {
  const url = new URL(fileUri);
  return `${SIGNED_SCHEME}:${url.host ? `//${url.host}` : ''}${url.pathname}`;
}

export function fileOfSignedUri(uri: string): string | undefined {
  if (!uri.startsWith(`${SIGNED_SCHEME}:`)) return undefined;
  try {
    const url = new URL(uri);
    return fileURLToPath(`file://${url.host}${url.pathname}`);
  } catch {
    return undefined;
  }
}

export function isSignedUri(uri: string): boolean {
  return uri.startsWith(`${SIGNED_SCHEME}:`);
}

/**
 * An open `file:` document that holds a signed profile's raw bytes: VS Code
 * opens DER as text when it sees no NUL byte early on. Its problems belong to
 * the `dps-signed:` view, so its (mangled) text is not checked as XML.
 */
export function isRawSignedDocument(uri: string, text: string): boolean {
  // A DER SEQUENCE byte decodes to '0'; an XML profile never starts with it, so other documents cost no read.
  if (!uri.startsWith('file:') || text.charCodeAt(0) !== 0x30) return false;
  try {
    const fd = openSync(fileURLToPath(uri), 'r');
    try {
      const head = Buffer.alloc(128);
      return looksSigned(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Unwrap and verify a signed profile already in memory; undefined when it is not one or holds no readable text. */
export async function unwrapSigned(bytes: Uint8Array, mtimeMs = 0): Promise<SignedDocument | undefined> {
  if (!looksSigned(bytes)) return undefined;
  const decoded = decodeBytes(bytes);
  if (!decoded.signed || decoded.text === undefined) return undefined;
  return { text: decoded.text, envelope: decoded.signed, verdict: await verifySignedProfile(bytes), mtimeMs };
}

/** Signed files read from disk, re-read when their mtime changes. */
export class SignedDocuments implements SignedProfiles {
  private readonly cache = new Map<string, SignedDocument>();

  /** For a `dps-signed:` (or `file:`) URI: the embedded text and verdict, or undefined. */
  async load(uri: string): Promise<SignedDocument | undefined> {
    const file = isSignedUri(uri) ? fileOfSignedUri(uri) : uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    if (!file) return undefined;
    const key = signedUriOf(pathToFileURL(file).href);
    try {
      const stat = statSync(file);
      const cached = this.cache.get(key);
      if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
      const loaded = await unwrapSigned(readFileSync(file), stat.mtimeMs);
      if (loaded) this.cache.set(key, loaded);
      else this.cache.delete(key);
      return loaded;
    } catch {
      this.cache.delete(key);
      return undefined;
    }
  }

  isRawSignedDocument(uri: string, text: string): boolean {
    return isRawSignedDocument(uri, text);
  }

  unwrap(bytes: Uint8Array): Promise<SignedDocument | undefined> {
    return unwrapSigned(bytes);
  }

  signedUriOf(fileUri: string): string {
    return signedUriOf(fileUri);
  }

  /** What a check input of this document needs beyond its text (nothing for ordinary documents). */
  inputExtras(uri: string): { signedEnvelope?: SignedEnvelope; signature?: SignatureVerdict } {
    if (!isSignedUri(uri)) return {};
    const file = fileOfSignedUri(uri);
    const loaded = file ? this.cache.get(signedUriOf(pathToFileURL(file).href)) : undefined;
    return loaded ? { signedEnvelope: loaded.envelope, signature: loaded.verdict } : {};
  }
}
