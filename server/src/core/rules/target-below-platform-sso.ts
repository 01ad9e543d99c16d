import { formatVersion } from '../version';
import { payloadAnchor } from '../dps/psso';
import { settingsAnchor } from '../dps/locate';
import { keyPathIn } from '../dps/locate';
import { defineRule } from './define';

/** Platform SSO arrived in macOS 13; on anything older the Okta SSO payload sets up nothing. */
export const targetBelowPlatformSso = defineRule({
  code: 'DPS408',
  name: 'target-below-platform-sso',
  severity: 'error',
  summary: 'The target macOS is older than 13, where Platform SSO (and so Desktop Password Sync) does not exist.',
  sources: ['oktaDps', 'appleExtensibleSso', 'applePssoGuide'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps || d.target.version[0] >= 13) return;
    const first = d.oktaSso[0];
    const settings = d.oktaSettings[0];
    const doc = first?.doc ?? settings?.doc;
    if (!doc) return;
    const why = d.target.source === 'setting' ? 'from the setting' : d.target.reason;
    ctx.report(doc, {
      code: this.code,
      message: `The target is macOS ${formatVersion(d.target.version)} (${why}), but Platform SSO needs macOS 13 or later (Platform SSO 2.0: 14): Desktop Password Sync cannot work there. Raise the target, or keep these Macs out of the deployment's scope.`,
      span: first ? payloadAnchor(first.item) : settingsAnchor(settings.item),
      keyPath: first ? keyPathIn(first.item, 'ExtensionIdentifier') : settings.item.keyPath || undefined,
      data: { target: formatVersion(d.target.version) },
    });
  },
});
