import { replaceValue } from '../edit';
import { joinKeyPath } from '../model';
import { valueSpan } from '../dps/locate';
import { describeTarget, extensionSettings, protocolVersionOf, targetsPsso1 } from '../dps/psso';
import { defineRule } from './define';

/**
 * Platform SSO 2.0 needs macOS 14: on a macOS 13 target, Okta Verify told to speak protocol 2.0 registers with a
 * protocol the Mac does not have. (A missing ProtocolVersion is fine on 13: Okta's macOS 13 setup predates the key.)
 */
export const psso1ProtocolVersion = defineRule({
  code: 'DPS419',
  name: 'psso1-protocol-version',
  severity: 'error',
  summary: 'On a macOS 13 target, PlatformSSO.ProtocolVersion must be 1.0 (or absent); 2.0 needs macOS 14.',
  sources: ['oktaMacos15', 'oktaVersions', 'oktaMacos14'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso1(d)) return;
    for (const { doc, item } of extensionSettings(d)) {
      const v = protocolVersionOf(item.dict);
      if (v?.kind !== 'string' || v.value.trim() !== '2.0') continue;
      ctx.report(doc, {
        code: this.code,
        message: `PlatformSSO.ProtocolVersion is "2.0", but Platform SSO 2.0 needs macOS 14 and the target is ${describeTarget(d.target)}. Set it to "1.0" for macOS 13 Macs, and keep a separate configuration for macOS 14 and later.`,
        span: valueSpan(v),
        keyPath: joinKeyPath(item.keyPath, 'PlatformSSO.ProtocolVersion'),
        fixes: [
          {
            title: 'Set PlatformSSO.ProtocolVersion to 1.0',
            edits: [replaceValue(v, { kind: 'string', value: '1.0' })],
            preferred: true,
            safe: d.target.source === 'setting',
          },
        ],
      });
    }
  },
});
