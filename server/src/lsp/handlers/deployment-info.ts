import { formatVersion } from '../../core';
import { DeploymentInfoRequest, type DeploymentInfo, type DocumentParams } from '../../protocol';
import type { Session } from '../session';

/** `dpsProfiles/deploymentInfo`: what the status bar shows, the target macOS of the document's deployment and the deployment itself. */
export class DeploymentInfoHandler {
  constructor(private readonly session: Session) {}

  register(): void {
    this.session.connection.onRequest(DeploymentInfoRequest, (params) => this.deploymentInfo(params));
  }

  async deploymentInfo(params: DocumentParams): Promise<DeploymentInfo | null> {
    const ctx = await this.session.checkedContext(params.uri);
    if (!ctx) return null;
    const target = ctx.result.deployment.target;
    return {
      target: formatVersion(target.version),
      targetSource: target.source,
      reason: target.reason,
      psso: target.psso,
      isDps: ctx.result.deployment.isDps,
      folder: ctx.folder ?? null,
      members: ctx.members,
    };
  }
}
