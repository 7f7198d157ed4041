/**
 * `npm run engine:fingerprints`: records the fingerprints of every function the hooks rely on
 * (fingerprints.ts) into fingerprints.json. Run it only after re-reading the hooks it names.
 */
import fs from 'node:fs';
import { currentFingerprints, FINGERPRINTS_FILE, hooksToReread } from './fingerprints.js';

const current = currentFingerprints();
const missing = Object.entries(current)
  .filter(([, h]) => h === 'missing')
  .map(([id]) => id);
if (missing.length) {
  console.error(`not found in the installed packages: ${missing.join(', ')}\nfix their locations in src/pdf/engine/fingerprints.ts first`);
  process.exit(1);
}
let before: ReturnType<typeof hooksToReread> = [];
try {
  before = hooksToReread(current);
} catch {
  // no fingerprints recorded yet
}
fs.writeFileSync(FINGERPRINTS_FILE, `${JSON.stringify(current, null, 2)}\n`);
console.log(`recorded ${Object.keys(current).length} fingerprints in src/pdf/engine/fingerprints.json`);
for (const h of before) console.log(`  changed for hook ${h.hook} (${h.file}): ${h.changed.join(', ')}`);
