/** The synthetic documents the fuzz tests mutate (test/fuzz.test.ts, test/fast-parse-differential.test.ts). */

export const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

// Synthetic documents written for this test: a Platform SSO profile with every
// scalar type, a bare preference plist, and a CRLF file with comments and entities.
export const SYNTHETIC: Record<string, string> = {
  'psso-profile': `${HEAD}<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadType</key><string>com.apple.extensiblesso</string>
			<key>PayloadIdentifier</key><string>org.example.fuzz.sso</string>
			<key>PayloadUUID</key><string>0F0E0D0C-0B0A-4908-8706-050403020100</string>
			<key>PayloadVersion</key><integer>1</integer>
			<key>ExtensionIdentifier</key><string>com.okta.mobile.auth-service-extension</string>
			<key>TeamIdentifier</key><string>B7F62B65BN</string>
			<key>Type</key><string>Redirect</string>
			<key>URLs</key><array><string>https://fuzz.example.com/oauth2/v1/token</string></array>
			<key>PlatformSSO</key>
			<dict>
				<key>AuthenticationMethod</key><string>Password</string>
				<key>UseSharedDeviceKeys</key><true/>
				<key>TokenToUserMapping</key><dict><key>AccountName</key><string>preferred_username</string></dict>
			</dict>
		</dict>
		<dict>
			<key>PayloadType</key><string>com.apple.security.scep</string>
			<key>PayloadIdentifier</key><string>org.example.fuzz.scep</string>
			<key>PayloadUUID</key><string>1F0E0D0C-0B0A-4908-8706-050403020100</string>
			<key>PayloadVersion</key><integer>1</integer>
			<key>PayloadContent</key>
			<dict>
				<key>URL</key><string>https://scep.example.com/</string>
				<key>Keysize</key><integer>2048</integer>
				<key>Challenge</key><data>
				AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
				</data>
			</dict>
		</dict>
	</array>
	<key>PayloadDisplayName</key><string>Fuzz — profil d’essai ✓</string>
	<key>PayloadIdentifier</key><string>org.example.fuzz</string>
	<key>PayloadType</key><string>Configuration</string>
	<key>PayloadUUID</key><string>2F0E0D0C-0B0A-4908-8706-050403020100</string>
	<key>PayloadVersion</key><integer>1</integer>
	<key>RemovalDate</key><date>2030-01-02T03:04:05Z</date>
	<key>DurationUntilRemoval</key><real>3600.5</real>
</dict>
</plist>
`,
  'preference-plist': `${HEAD}<plist version="1.0"><dict><key>OktaVerify.OrgUrl</key><string>https://fuzz.example.com</string><key>PasswordSyncClientID</key><string>0oa0000000000000fuzz</string><key>Flags</key><array><true/><false/><integer>-3</integer><integer>0x1F</integer></array></dict></plist>\n`,
  'crlf-comments-entities': `${HEAD}<plist version="1.0">\r\n<dict>\r\n\t<key>A &amp; B</key>\r\n\t<!-- between key and value -->\r\n\t<string>&lt;tag&gt; &#x2713; <![CDATA[<raw>]]></string>\r\n\t<key>Empty</key>\r\n\t<string/>\r\n</dict>\r\n</plist>\r\n`,
};
