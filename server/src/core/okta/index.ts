/**
 * Okta and Apple facts in one place: identifiers, hosts and domains, template
 * values, the sources the rules cite, the payload templates, and which macOS
 * has which key. Rules, features, the preview and the deployment model read
 * them from here; nothing here reads a deployment or reports a problem.
 */
export * from './identifiers';
export * from './template-values';
export * from './sources';
export * from './templates';
export * from './macos';
