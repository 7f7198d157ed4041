/**
 * Writes a file so that readers only ever see the old or the new complete version: write to a
 * temporary file in the same folder, flush, then rename over the target. A failed build never
 * touches the PDF a previous good build wrote.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(target: string, data: Buffer | string): void {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
