import { domainFromFileName, type DpsSettings } from '../core';

/** The last path segment of a URI, decoded (works for file:, untitled: and virtual schemes). */
export function baseNameOfUri(uri: string): string {
  let pathPart = uri;
  try {
    pathPart = new URL(uri).pathname;
  } catch {
    // Not a URL: treat the whole string as a path.
  }
  const last = pathPart.slice(pathPart.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Which open documents the server validates: every `mobileconfig` document, and
 * a plist/xml document whose base name is a known or configured preference file.
 */
export function shouldCheck(languageId: string, uri: string, settings: DpsSettings): boolean {
  if (languageId === 'mobileconfig') return true;
  return domainFromFileName(baseNameOfUri(uri), settings.preferenceDomainFiles) !== undefined;
}
