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

/**
 * `dpsProfiles/files { files }` (client → server notification, VS Code for the Web only): the
 * workspace's profiles as the client read them through VS Code's file system API, because a
 * server in a web worker cannot read files. `base64: null` means the file is gone.
 */
export const FILES_NOTIFICATION = 'dpsProfiles/files';

export interface ProvidedFile {
  uri: string;
  base64: string | null;
  /** Changes whenever the content may have (mtime and size). */
  stamp: string;
}

/** How much of a workspace is read for checks across files: the same on the desktop and the web. */
export const PROFILE_SCAN_LIMITS = { maxFiles: 2000, maxFileBytes: 5 * 1024 * 1024 } as const;
