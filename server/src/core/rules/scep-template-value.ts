import { getDict, getValue } from '../plist/ast';
import { isPlaceholder } from '../dps/deployment';
import { keyPathOf } from '../model';
import { hasTemplateOrgVariable, isTemplateOrg, isTemplateValue, replaceCommentNear } from '../okta';
import { valueSpan } from '../dps/locate';
import { defineRule } from './define';

/** `YOUR_SCEP_SECRET_KEY_FROM_OKTA`, `REPLACE-WITH-THE-OKTA-SCEP-URL`: words in capitals joined by _ or -. */
const SHOUTED_TEMPLATE = /^[A-Z][A-Z0-9]*([_-][A-Z0-9]+){2,}$/;

/**
 * The Device Access SCEP URL and challenge come from the Okta Admin Console; a
 * template value left in either means the Mac asks a SCEP server that is not
 * there (or with a wrong secret), gets no certificate, and PSSO 2.0 registration fails.
 */
export const scepTemplateValue = defineRule({
  code: 'DPS452',
  name: 'scep-template-value',
  severity: 'error',
  summary: 'The Okta Device Access SCEP URL or Challenge still holds a template value.',
  sources: ['oktaScep', 'oktaScepStatic'],
  check(ctx) {
    const d = ctx.deployment;
    if (!d.isDps) return;
    for (const { doc, item } of d.deviceAccessScep) {
      const content = getDict(item.dict, 'PayloadContent');
      const url = getValue(content, 'URL');
      // A template's org variable ({{org}}) is a template value even though it looks like an MDM variable.
      if (url?.kind === 'string' && (!isPlaceholder(url.value) || hasTemplateOrgVariable(url.value))) {
        const path = url.value.replace(/^[a-z]+:\/\/[^/]*/i, '');
        const inValue =
          isTemplateOrg(url.value) ||
          path.split('/').some((segment) => SHOUTED_TEMPLATE.test(segment) || isTemplateValue(segment)) ||
          SHOUTED_TEMPLATE.test(url.value.trim());
        // A "replace … with your org" comment that names what the URL still holds is weaker evidence than the value
        // itself (it may have outlived the template): a warning.
        const comment = !inValue && replaceCommentNear(ctx.textOf(doc), url.span, url.value) !== undefined;
        if (inValue || comment) {
          ctx.report(doc, {
            code: this.code,
            ...(comment ? { severity: 'warning' as const } : {}),
            message: `The Device Access SCEP URL "${url.value}" is still a template value${comment ? ' (a comment beside it asks to replace it)' : ''}. Copy the SCEP URL Okta generated (Security > Device integrations > Device Access in the Admin Console).${comment ? ' If it already is, delete the comment.' : ''}`,
            span: valueSpan(url),
            keyPath: keyPathOf(url),
          });
        }
      }
      const challenge = getValue(content, 'Challenge');
      if (challenge?.kind === 'string') {
        const v = challenge.value.trim();
        if (!isPlaceholder(v) && (isTemplateValue(v) || SHOUTED_TEMPLATE.test(v))) {
          ctx.report(doc, {
            code: this.code,
            // The value is never quoted: what looks like a template may be a real secret.
            message: `The Device Access SCEP Challenge is still a template value (not shown: it may be a secret). Use your MDM's secret variable for Okta's static SCEP secret, or a dynamic challenge.`,
            span: valueSpan(challenge),
            keyPath: keyPathOf(challenge),
          });
        }
      }
    }
  },
});
