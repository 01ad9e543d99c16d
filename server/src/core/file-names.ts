import { domainFromFileName } from './model';

/** A file a folder search picks up: a profile, or a preference plist we know by name (the CLI's and the server's one test). */
export function isProfileFileName(baseName: string, preferenceDomainFiles?: Readonly<Record<string, string>>): boolean {
  return baseName.toLowerCase().endsWith('.mobileconfig') || domainFromFileName(baseName, preferenceDomainFiles) !== undefined;
}
