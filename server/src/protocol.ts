/**
 * Custom requests between the VS Code client and the language server, declared
 * once (as vscode-eslint's `customMessages.ts`): the method name with its params
 * and result types. Client and server import these; no method string appears
 * anywhere else. The client bundle takes only these declarations and types.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { CertificateSummary, SignatureVerdict, Plan, Timeline } from './core';

/** A request about one document, named by its URI. */
export interface DocumentParams {
  uri: string;
}

/** What the status bar shows: the target macOS of the document's deployment and the deployment itself. */
export interface DeploymentInfo {
  target: string;
  targetSource: 'setting' | 'inferred' | 'default';
  reason: string;
  psso: '1.0' | '2.0';
  isDps: boolean;
  folder: string | null;
  members: number;
}

/** `dpsProfiles/deploymentInfo { uri }` → the status bar's facts, or null for a document the server does not serve. */
export const DeploymentInfoRequest = new RequestType<DocumentParams, DeploymentInfo | null, void>('dpsProfiles/deploymentInfo');

export interface SimulateParams extends DocumentParams {
  /** A scenario from the webview; checked by the server (`parseScenario`), so any value is accepted. */
  scenario?: unknown;
}

export interface SimulateResponse {
  timeline: Timeline;
  /** Scenario fields the server could not use (the webview sends only valid ones; other clients may not). */
  scenarioErrors: string[];
}

/** `dpsProfiles/simulate { uri, scenario }` → the deployment preview of the document's deployment. */
export const SimulateRequest = new RequestType<SimulateParams, SimulateResponse | null, void>('dpsProfiles/simulate');

export interface SignedContent {
  /** The embedded XML of the signed profile. */
  text: string;
  signer: CertificateSummary | null;
  verdict: SignatureVerdict;
}

/** `dpsProfiles/signedContent { uri }` (a `dps-signed:` URI) → the embedded XML shown read-only, or null. */
export const SignedContentRequest = new RequestType<DocumentParams, SignedContent | null, void>('dpsProfiles/signedContent');

export interface PlanParams extends DocumentParams {
  /** The document's text at the base revision (the client reads it through the git extension), or null when the file is new there. */
  baseText: string | null;
  /** What the base is called in the view ("HEAD"). */
  baseLabel: string;
}

export interface PlanResponse {
  plan: Plan;
}

/** `dpsProfiles/plan { uri, baseText, baseLabel }` → what changing the document from its base text does to Macs in the field. */
export const PlanRequest = new RequestType<PlanParams, PlanResponse | null, void>('dpsProfiles/plan');

/*
 * Files, asked by the server and answered by the client (VS Code for the Web only). A server in a
 * web worker cannot read files, and github.dev's workspace is virtual (`vscode-vfs:`), so the
 * client answers through VS Code's file system API, with the desktop server's bounds
 * (`limits.ts`). The node server reads the disk itself and never sends these.
 */

export interface ProfilesInParams {
  folderUri: string;
  preferenceDomainFiles: Record<string, string>;
}

/** `dpsProfiles/files/profilesIn` → the profile files directly in a folder, as URIs in name order. */
export const ProfilesInRequest = new RequestType<ProfilesInParams, string[], void>('dpsProfiles/files/profilesIn');

export interface FindProfilesParams {
  folderUris: string[];
  preferenceDomainFiles: Record<string, string>;
}

/** `dpsProfiles/files/findProfiles` → every profile file under the folders (bounded), as URIs. */
export const FindProfilesRequest = new RequestType<FindProfilesParams, { uris: string[]; truncated: boolean }, void>('dpsProfiles/files/findProfiles');

/** `dpsProfiles/files/stat` → a readable file's stamp and size within the size bound, or null. */
export const StatFileRequest = new RequestType<DocumentParams, { stamp: string; size: number } | null, void>('dpsProfiles/files/stat');

/** `dpsProfiles/files/read` → a file's bytes in base64 (within the size bound), or null. */
export const ReadFileRequest = new RequestType<DocumentParams, { base64: string } | null, void>('dpsProfiles/files/read');
