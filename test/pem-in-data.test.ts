import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkText } from '../server/src/core';

// DPS494 finds a PEM private key inside a <data> value by searching the base64 for the key header's three possible
// encodings before decoding anything (server/src/core/rules/embedded-private-key.ts). These cases pin that the search
// misses no alignment and keeps the 1 MB bound.

function profileWithData(base64: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadType</key><string>com.example.settings</string>
      <key>PayloadIdentifier</key><string>com.example.settings.1</string>
      <key>PayloadUUID</key><string>8F1C0B55-3D7A-4E59-9C1B-2B9A1C5D7E01</string>
      <key>PayloadVersion</key><integer>1</integer>
      <key>Blob</key>
      <data>
${base64.replace(/(.{64})/g, '$1\n')}
      </data>
    </dict>
  </array>
  <key>PayloadDisplayName</key><string>Data</string>
  <key>PayloadIdentifier</key><string>com.example.data</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>0B6E7A0C-2F49-4D2B-8E1A-6C3F5B7D9A10</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;
}

const reported = (base64: string) => checkText(profileWithData(base64), { documentId: 'data.mobileconfig' }).problems.some((p) => p.code === 'DPS494');
const pem = (kind: string) => `-----BEGIN ${kind}PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END ${kind}PRIVATE KEY-----\n`;

test('a PEM private key in <data> is found at every byte alignment, whatever kind of key', () => {
  for (const kind of ['', 'RSA ', 'EC ', 'ENCRYPTED ']) {
    for (let pad = 0; pad < 6; pad++) {
      const bytes = Buffer.concat([randomBytes(pad), Buffer.from(pem(kind), 'latin1'), randomBytes(pad % 3)]);
      assert.ok(reported(bytes.toString('base64')), `${kind || 'PKCS#8 '}key after ${pad} bytes`);
    }
  }
});

test('data without a private key is not reported, nor a certificate or public key', () => {
  assert.ok(!reported(randomBytes(3000).toString('base64')));
  assert.ok(!reported(Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64')));
  assert.ok(!reported(Buffer.from('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n').toString('base64')));
});

test('only the first megabyte of a data value is looked at', () => {
  const filler = Buffer.alloc(800 * 1024, 0x41); // 800 KB of bytes: about 1.07 MB of base64
  const late = Buffer.concat([filler, Buffer.from(pem('RSA '), 'latin1')]).toString('base64');
  assert.ok(!reported(late), 'a key past the first megabyte of base64 is not looked for');
  const early = Buffer.concat([Buffer.from(pem('RSA '), 'latin1'), filler]).toString('base64');
  assert.ok(reported(early));
});
