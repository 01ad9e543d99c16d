import { getArray } from '../plist/ast';
import { indentUnit, insertArrayItem } from '../edit';
import { DEFAULT_CLIENT_ID, DEFAULT_ORG, newUuid, renderTemplate, templateById } from '../okta';
import { keyPathIn } from '../dps/locate';
import { describeTarget, filesAreWholeDeployment, payloadAnchor, targetSeverity, targetsPsso2 } from '../dps/psso';
import type { Fix } from '../problem';
import type { ProfileDocument } from '../model';
import { defineRule } from './define';

/**
 * PSSO 2.0 needs the Okta Device Access certificate: Okta Verify uses it to
 * reach the Device Access endpoints and to identify the Mac. Nothing in the SSO
 * payload points at it, so the rule looks for it anywhere in the deployment.
 */
export const psso2DeviceAccessScep = defineRule({
  code: 'DPS414',
  name: 'psso2-device-access-scep',
  severity: 'error',
  summary: 'For Platform SSO 2.0 (macOS 14 and later) the deployment needs an Okta Device Access SCEP certificate payload.',
  sources: ['oktaScep', 'oktaMacos14', 'oktaScepStatic', 'appleScep'],
  check(ctx) {
    const d = ctx.deployment;
    if (!targetsPsso2(d) || d.oktaSso.length === 0) return;
    // Delivered another way (Intune delegated SCEP, a Kandji/Iru SCEP library item): nothing to find here.
    if (d.deviceAccessScepDelivery === 'external') return;
    const orgHost = d.orgHost;
    if (d.deviceAccessScep.length > 0) return;
    // Report once, in the first profile that can take the certificate.
    const where = d.oktaSso.find((s) => s.doc.profileDict && getArray(s.doc.profileDict, 'PayloadContent')) ?? d.oktaSso[0];
    const attestation = new Set(d.attestationScep.map((s) => s.item));
    const others = d.scep.filter((s) => !attestation.has(s.item));
    const notRecognised = others.length
      ? ` The SCEP payload${others.length > 1 ? 's' : ''} in the deployment ${others.length > 1 ? 'do' : 'does'} not look like the Device Access certificate (SCEP URL not on ${orgHost ?? 'the Okta org'}, and no Okta or Device Access name).`
      : '';
    const attested = d.attestationScep.length
      ? ` The user-scope SCEP payload${d.attestationScep.length > 1 ? 's' : ''} on the Okta host ${d.attestationScep.length > 1 ? 'are' : 'is'} Okta's management-attestation certificate, which Okta keeps separate from the Device Access certificate (that one is delivered at computer level).`
      : '';
    // Decided only when the checked files are known to be the whole deployment (--deployment, or the setting) and the target is not just assumed.
    const decided = filesAreWholeDeployment(d);
    const severity = decided ? targetSeverity(d) : 'warning';
    const lead = decided ? 'No Okta Device Access SCEP certificate in the deployment' : 'No Okta Device Access SCEP certificate among the checked files';
    const how = decided
      ? ''
      : ' If it is delivered another way (Intune\'s delegated SCEP, a Kandji/Iru SCEP library item), set "deviceAccessScep": "external" in .dps-profiles.json (VS Code: dpsProfiles.deviceAccessScep); if these files are the whole deployment, check them with --deployment or set it to "included".';
    ctx.report(where.doc, {
      code: this.code,
      severity,
      message: `${lead}; Platform SSO 2.0 needs one (set it up in the Okta Admin Console under Security > Device integrations > Device Access) and it must be delivered at computer level. The target is ${describeTarget(d.target)}.${notRecognised}${attested}${how}`,
      span: payloadAnchor(where.item),
      keyPath: keyPathIn(where.item, 'ExtensionIdentifier'),
      data: { decided },
      related: [
        ...others.map((s) => ({
          documentId: s.doc.documentId,
          span: s.item.dict.openTag,
          message: `SCEP payload${s.item.displayName ? ` "${s.item.displayName}"` : ''} not recognised as the Device Access certificate`,
        })),
        ...d.attestationScep.map((s) => ({
          documentId: s.doc.documentId,
          span: s.item.dict.openTag,
          message: `SCEP payload${s.item.displayName ? ` "${s.item.displayName}"` : ''} in a user-scope profile: management attestation, not Device Access`,
        })),
      ],
      fixes: templateFix(ctx.textOf(where.doc), where.doc, orgHost),
    });
  },
});

/** The Device Access SCEP template the editor's completion also inserts; the admin fills in the SCEP URL. */
function templateFix(text: string, doc: ProfileDocument, orgHost: string | undefined): Fix[] {
  const content = getArray(doc.profileDict, 'PayloadContent');
  if (!content) return [];
  const lines = renderTemplate(templateById('device-access-scep').lines, { uuid: newUuid, org: orgHost ?? DEFAULT_ORG, clientId: DEFAULT_CLIENT_ID }, false);
  return [
    {
      title: 'Add an Okta Device Access SCEP payload (fill in the SCEP URL and challenge)',
      edits: [
        insertArrayItem(
          text,
          content,
          lines.map((l) => l.replace(/\t/g, indentUnit(text, content))),
        ),
      ],
      // It adds placeholders the admin must replace.
      safe: false,
    },
  ];
}
