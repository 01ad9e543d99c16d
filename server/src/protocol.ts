/**
 * Custom requests between the VS Code client and the language server: one
 * definition for both sides (the client bundle imports only these types and names).
 */

/** `dpsProfiles/deploymentInfo { uri }` → what the status bar shows. */
export const DEPLOYMENT_INFO_REQUEST = 'dpsProfiles/deploymentInfo';

export interface DeploymentInfo {
  target: string;
  targetSource: 'setting' | 'inferred' | 'default';
  reason: string;
  psso: '1.0' | '2.0';
  isDps: boolean;
  folder: string | null;
  members: number;
}
