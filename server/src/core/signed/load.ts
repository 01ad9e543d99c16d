import type * as Cms from './cms';

/**
 * The loading boundary of the CMS code (pkijs + asn1js). Nothing else in the core imports
 * envelope.ts or verify.ts at run time, so a bundle can leave cms.ts out and load it on the first
 * signed file: scripts/build.mjs makes `require('./cms')` below an external `./cms.js` for the CLI.
 * Any other bundle of the core (the language server, the tests) carries cms.ts inline, initialised
 * on first use. A shell or a test may inject its own loader.
 */
export type CmsModule = typeof Cms;

// eslint-disable-next-line @typescript-eslint/no-require-imports
let loader: () => CmsModule = () => require('./cms') as CmsModule;
let loaded: CmsModule | undefined;

export function setCmsLoader(load: () => CmsModule): void {
  loader = load;
  loaded = undefined;
}

function cms(): CmsModule {
  return (loaded ??= loader());
}

export const openSignedProfile: CmsModule['openSignedProfile'] = (bytes) => cms().openSignedProfile(bytes);
export const verifySignedProfile: CmsModule['verifySignedProfile'] = (bytes, options) => cms().verifySignedProfile(bytes, options);
export const parsePemCertificates: CmsModule['parsePemCertificates'] = (pem) => cms().parsePemCertificates(pem);
export const parsePemBundle: CmsModule['parsePemBundle'] = (pem) => cms().parsePemBundle(pem);
export const isCertificate: CmsModule['isCertificate'] = (der) => cms().isCertificate(der);
