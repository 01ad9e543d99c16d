import { getValue } from '../plist/ast';
import { joinKeyPath } from '../model';
import { valueSpan } from '../dps/locate';
import { settingsLabel } from '../dps/locate';
import { defineRule } from './define';

const KEY = 'OktaVerify.UserPrincipalName';

/**
 * MDM variables that name the Mac, not its user (Jamf, Kandji/Iru, Workspace ONE, Intune, Fleet, Mosyle spellings).
 * Matched on the variable's name, whatever its delimiters ($X, %X%, {{X}}).
 */
const DEVICE_VARIABLE =
  /^(hardwareuuid|udid|deviceudid|serialnumber|serial|deviceserialnumber|serial_number|computername|computer_name|devicename|device_name|hostname|host_name|macaddress|mac_address|wifimacaddress|ethernetmacaddress|deviceid|device_id|assettag|asset_tag|imei|meid|fleet_var_host_uuid|fleet_var_host_hardware_serial|hardware_serial|host_uuid|modelname|model)$/i;

/** The variable names in a value: `$SERIALNUMBER`, `%HardwareUUID%`, `{{serialnumber}}`, `${VAR}`. */
function variableNames(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/%([A-Za-z_][A-Za-z0-9_]*)%|\{\{\s*([^{}\s]+)\s*\}\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return out;
}

/**
 * OktaVerify.UserPrincipalName pre-fills the user's Okta username at registration. A device variable (the Mac's
 * hardware UUID or serial number) fills in something no Okta user is called, so the sign-in starts with a wrong name.
 */
export const userPrincipalNameDeviceVariable = defineRule({
  code: 'DPS444',
  name: 'user-principal-name-device-variable',
  severity: 'warning',
  summary: `${KEY} holds a device variable (hardware UUID, serial number, computer name) instead of a user variable.`,
  sources: ['oktaProfiles', 'oktaManagedAppConfig', 'fleetGuide'],
  check(ctx) {
    for (const { doc, item } of ctx.deployment.oktaSettings) {
      const v = getValue(item.dict, KEY);
      if (v?.kind !== 'string') continue;
      const device = variableNames(v.value).find((n) => DEVICE_VARIABLE.test(n.replace(/^FLEET_VAR_/i, 'fleet_var_')));
      if (!device) continue;
      ctx.report(doc, {
        code: this.code,
        message: `${KEY} in ${settingsLabel(item)} is "${v.value}": ${device} names the Mac, not its user, so Okta Verify pre-fills a username no Okta user has. Use your MDM's variable for the user's Okta username or email (Jamf $EMAIL or $USERNAME, Fleet $FLEET_VAR_HOST_END_USER_IDP_USERNAME, …).`,
        span: valueSpan(v),
        keyPath: joinKeyPath(item.keyPath, KEY),
        data: { variable: device },
      });
    }
  },
});
