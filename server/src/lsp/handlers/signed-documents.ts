import { SignedContentRequest, type DocumentParams, type SignedContent } from '../../protocol';
import type { Session } from '../session';

/** `dpsProfiles/signedContent`: a signed profile's embedded XML, shown read-only as a `dps-signed:` document (client/src/signed.ts). */
export class SignedDocumentsHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    this.session.connection.onRequest(SignedContentRequest, (params) => this.content(params));
  }

  async content(params: DocumentParams): Promise<SignedContent | null> {
    const loaded = await this.session.signed.load(params.uri);
    return loaded ? { text: loaded.text, signer: loaded.envelope.signer ?? null, verdict: loaded.verdict } : null;
  }
}
