import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileReadError, readRegularFile } from '../server/src/node/read-file';

// readRegularFile reads a file in one read of the size fstat gives; a file whose size fstat does not know (procfs)
// is read to its end, and still never past the limit.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dps-read-file-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('reads files of every size exactly, from empty to several chunks', () => {
  for (const size of [0, 1, 4095, 65536, 65537, 3 * 1024 * 1024 + 7]) {
    const file = path.join(dir, `f${size}`);
    const content = Buffer.alloc(size);
    for (let i = 0; i < size; i++) content[i] = (i * 31 + 7) & 0xff;
    fs.writeFileSync(file, content);
    const { bytes, stat } = readRegularFile(file, 64 * 1024 * 1024);
    assert.equal(stat.size, size);
    assert.ok(bytes.equals(content), `content of a ${size}-byte file`);
  }
});

test(
  'a regular file larger than fstat says (procfs reports size 0) is read to its end, within the limit',
  { skip: fs.existsSync('/proc/self/status') ? false : 'needs procfs' },
  () => {
    const { bytes, stat } = readRegularFile('/proc/self/status', 1024 * 1024);
    assert.equal(stat.size, 0);
    assert.ok(bytes.length > 0);
    assert.match(bytes.toString('latin1'), /^Name:/);
    assert.match(bytes.toString('latin1'), /\nPid:\s+\d+/);
    assert.throws(
      () => readRegularFile('/proc/self/status', 16),
      (e: unknown) => e instanceof FileReadError && /larger than the limit/.test(e.message),
    );
  },
);

test('a file over the limit, a folder and a missing file are refused', () => {
  const file = path.join(dir, 'big');
  fs.writeFileSync(file, Buffer.alloc(2048));
  assert.throws(() => readRegularFile(file, 1024), /larger than the limit of 1 KB/);
  assert.throws(() => readRegularFile(dir, 1024), /not a regular file/);
  assert.throws(
    () => readRegularFile(path.join(dir, 'missing'), 1024),
    (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
  );
});
