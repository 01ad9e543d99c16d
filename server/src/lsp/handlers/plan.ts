import { deploymentOptionsOf, planChange } from '../../core';
import { PlanRequest, type PlanParams, type PlanResponse } from '../../protocol';
import { baseNameOfUri } from '../document-filter';
import type { Session } from '../session';

/**
 * `dpsProfiles/plan`: the preview's "Changes since HEAD" view. The client
 * reads the document's text at HEAD through VS Code's git extension; here the
 * deployment (the document's folder, as the diagnostics see it) is planned
 * twice, with that text and with the editor's, and the core says what the
 * change does to Macs in the field. Files are named by base name: they share one folder.
 */
export class PlanHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    this.session.connection.onRequest(PlanRequest, (params) => this.plan(params));
  }

  async plan(params: PlanParams): Promise<PlanResponse | null> {
    const document = this.session.documents.get(params.uri);
    if (!document || typeof params.baseLabel !== 'string' || (params.baseText !== null && typeof params.baseText !== 'string')) return null;
    const settings = await this.session.settings.for(params.uri);
    if (!this.session.serves(document, settings)) return null;
    const others =
      settings.deploymentScope === 'file'
        ? []
        : (await this.session.deployments.members(params.uri, this.session.openTexts(), settings.preferenceDomainFiles)).filter((m) => m.uri !== params.uri);
    const input = (uri: string, text: string) => ({
      documentId: baseNameOfUri(uri),
      fileName: baseNameOfUri(uri),
      text,
      ...this.session.signed.inputExtras(uri),
    });
    const siblings = others.map((m) => input(m.uri, m.text));
    const subject = baseNameOfUri(params.uri);
    const after = [...siblings, { documentId: subject, fileName: subject, text: document.getText() }];
    const before = params.baseText === null ? siblings : [...siblings, { documentId: subject, fileName: subject, text: params.baseText }];
    const plan = planChange(before, after, {
      grouping: 'all',
      base: params.baseLabel,
      head: 'the editor',
      ...deploymentOptionsOf(settings),
    });
    return { plan };
  }
}
