import type { DictEntry } from '../plist/ast';
import { entriesWhere, isLiteralSecret, reportSecret, USE_MDM_SECRET } from '../dps/secrets';
import { defineRule } from './define';

/** OAuth client secrets (`ClientSecret`, `client_secret`…) in any dictionary, for example an app's managed configuration. */
const CLIENT_SECRET_KEY = /^client[_-]?secret$/i;

// Every such key is 12 or 13 characters long: the length rules out nearly every key before the expression runs.
const isClientSecret = (entry: DictEntry): boolean =>
  (entry.key.length === 12 || entry.key.length === 13) && CLIENT_SECRET_KEY.test(entry.key) && !!entry.value && isLiteralSecret(entry.value);

export const clientSecretLiteral = defineRule({
  code: 'DPS496',
  name: 'client-secret-literal',
  severity: 'warning',
  summary: 'An OAuth client secret is written in the profile.',
  sources: ['appleTopLevel'],
  check(ctx) {
    // Okta's DPS app is a public client; another identity provider's app (XCreds with Auth0 or OneLogin) may need its
    // secret, so the remark is made only in an Okta DPS deployment.
    const advice = ctx.deployment.isDps
      ? `${USE_MDM_SECRET} A public client (such as Okta's Desktop Password Sync app) needs no secret at all.`
      : USE_MDM_SECRET;
    for (const doc of ctx.deployment.documents) {
      for (const entry of entriesWhere(doc.root, isClientSecret)) {
        reportSecret(ctx, this.code, doc, entry.value!, `The ${entry.key}`, advice);
      }
    }
  },
});
