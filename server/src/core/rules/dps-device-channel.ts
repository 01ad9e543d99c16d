import { getEntry } from '../plist/ast';
import { replaceValue } from '../edit';
import type { ProfileDocument } from '../model';
import { valueSpan } from '../dps/locate';
import { scepUrlIsOkta } from '../dps/deployment';
import { defineRule } from './define';

/**
 * The SSO extension payload and the Device Access certificate belong on the
 * device channel: UseSharedDeviceKeys works only there, and the certificate must
 * land in the System keychain. MDM installs a profile without PayloadScope on
 * the device channel, so only an explicit User scope is wrong.
 */
export const dpsDeviceChannel = defineRule({
  code: 'DPS412',
  name: 'dps-device-channel',
  severity: 'error',
  summary: 'A profile holding the Okta SSO payload or the Device Access SCEP payload must not have PayloadScope User.',
  sources: ['oktaProfiles', 'oktaScep', 'applePlatformSso', 'appleTopLevel'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    const what = new Map<ProfileDocument, Set<string>>();
    const add = (doc: ProfileDocument, label: string) => (what.get(doc) ?? what.set(doc, new Set()).get(doc)!).add(label);
    for (const { doc } of d.oktaSso) add(doc, 'the Okta SSO extension payload');
    for (const { doc } of d.deviceAccessScep) add(doc, 'the Okta Device Access SCEP certificate');
    // --fix changes the scope only of a file that is part of the DPS deployment beyond doubt: it holds the Okta SSO
    // payload, or a SCEP payload whose own URL is Okta's (not one merely named "Okta").
    const certain = new Set<ProfileDocument>(d.oktaSso.map((l) => l.doc));
    for (const { doc, item } of d.deviceAccessScep) if (scepUrlIsOkta(item, d.orgHost)) certain.add(doc);
    for (const [doc, labels] of what) {
      const scope = getEntry(doc.profileDict, 'PayloadScope')?.value;
      // macOS reads PayloadScope without regard to case: `user` is a user-scope profile too.
      if (scope?.kind !== 'string' || scope.value.trim().toLowerCase() !== 'user') continue;
      ctx.report(doc, {
        code: this.code,
        message: `PayloadScope is ${scope.value.trim()}, but ${[...labels].join(' and ')} must be installed at computer level (device channel): set PayloadScope to System. PlatformSSO.UseSharedDeviceKeys works only on the device channel, and the Device Access certificate must be in the System keychain.`,
        span: valueSpan(scope),
        keyPath: 'PayloadScope',
        fixes: [
          { title: 'Set PayloadScope to System', edits: [replaceValue(scope, { kind: 'string', value: 'System' })], preferred: true, safe: certain.has(doc) },
        ],
      });
    }
  },
});
