import { decodeBytes, looksSigned, verifySignedProfile, type SignatureVerdict, type SignedEnvelope } from '../core';
import type { FileProvider, SignedDocument, SignedProfiles } from '../lsp/host';

/**
 * Signed profiles for a server in a web worker: the bytes come from the client
 * (`ClientFileProvider`), the unwrapping and the signature check are the core's
 * (WebCrypto, which workers have). Views of files on virtual file systems carry
 * the file's scheme in the query (`dps-signed://github/o/r/p.mobileconfig?vscode-vfs`,
 * made the same way by the client's `signed.ts`); `file:` views have none, as on node.
 */
export const SIGNED_SCHEME = 'dps-signed';

export function signedViewUriOf(fileUri: string): string {
  const url = new URL(fileUri);
  const scheme = url.protocol.slice(0, -1);
  const authority = url.host ? `//${url.host}` : scheme === 'file' ? '' : '//';
  return `${SIGNED_SCHEME}:${authority}${url.pathname}${scheme === 'file' ? '' : `?${scheme}`}`;
}

export function fileUriOfSignedView(uri: string): string | undefined {
  if (!uri.startsWith(`${SIGNED_SCHEME}:`)) return undefined;
  try {
    const url = new URL(uri);
    const scheme = decodeURIComponent(url.search.slice(1)) || 'file';
    if (!/^[a-z][a-z0-9+.-]*$/i.test(scheme)) return undefined;
    return `${scheme}://${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

export class WebSignedDocuments implements SignedProfiles {
  private readonly cache = new Map<string, SignedDocument & { stamp: string }>();

  constructor(private readonly files: FileProvider) {}

  async load(uri: string): Promise<SignedDocument | undefined> {
    const fileUri = uri.startsWith(`${SIGNED_SCHEME}:`) ? fileUriOfSignedView(uri) : uri;
    if (!fileUri) return undefined;
    const key = signedViewUriOf(fileUri);
    const stat = await this.files.stat(fileUri);
    const cached = this.cache.get(key);
    if (stat && cached && cached.stamp === stat.stamp) return cached;
    const bytes = stat ? await this.files.readFile(fileUri) : undefined;
    const loaded = bytes ? await this.unwrap(bytes) : undefined;
    if (loaded && stat) this.cache.set(key, { ...loaded, stamp: stat.stamp });
    else this.cache.delete(key);
    return loaded;
  }

  inputExtras(uri: string): { signedEnvelope?: SignedEnvelope; signature?: SignatureVerdict } {
    const loaded = this.cache.get(uri);
    return loaded ? { signedEnvelope: loaded.envelope, signature: loaded.verdict } : {};
  }

  /**
   * The worker cannot read the file synchronously, so this looks at the text the editor decoded:
   * DER opens with a SEQUENCE ('0') and, within its first bytes, the OID's 06 09 2A prefix survives
   * UTF-8 decoding. An XML profile never starts that way.
   */
  isRawSignedDocument(_uri: string, text: string): boolean {
    return text.charCodeAt(0) === 0x30 && text.slice(0, 64).includes('\u0006\t*');
  }

  async unwrap(bytes: Uint8Array): Promise<SignedDocument | undefined> {
    if (!looksSigned(bytes)) return undefined;
    const decoded = decodeBytes(bytes);
    if (!decoded.signed || decoded.text === undefined) return undefined;
    return { text: decoded.text, envelope: decoded.signed, verdict: await verifySignedProfile(bytes) };
  }

  signedUriOf(fileUri: string): string {
    return signedViewUriOf(fileUri);
  }
}
