/**
 * The cff-index hook (src/pdf/engine/hooks/cff-index.ts) must write the bytes fontkit's own
 * CFF INDEX encoding writes. The oracle is fontkit itself: the same subsets of CFF faces (a
 * CJK face of the collection, whose subroutine indexes are large, and a small one-face OTF)
 * encoded before the hook is armed and after it has patched the class.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FONTS_DIR } from '../../src/typeset/fonts.js';
import { cffIndexPatched, installCffIndex } from '../../src/pdf/engine/hooks/cff-index.js';
import { pdfkitMainPath } from '../../src/pdf/engine/pin.js';

interface Subset {
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}
interface Face {
  createSubset(): Subset;
  glyphForCodePoint(cp: number): { id: number };
}
// fontkit as pdfkit loads it (the hook patches the classes of that copy).
const fontkit = createRequire(createRequire(pdfkitMainPath()).resolve('fontkit'))('fontkit') as {
  create(b: Buffer, name?: string): Face;
};

const FACES: [string, string | undefined, string][] = [
  ['NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular', '人工智能，“开源”。模型的训练数据'],
  ['NotoSansCJK-Regular.ttc', 'NotoSansCJKjp-Regular', 'ショート・ステーション（東京）'],
  ['NotoSansCJKtc-Bold.subset.otf', undefined, '臺灣'],
];

/** A fresh face's subset of the glyphs of `text`, encoded. */
function encoded(file: string, name: string | undefined, text: string): Buffer {
  const face = fontkit.create(fs.readFileSync(path.join(FONTS_DIR, file)), name);
  const subset = face.createSubset();
  for (const ch of text) subset.includeGlyph(face.glyphForCodePoint(ch.codePointAt(0)!).id);
  return Buffer.from(subset.encode());
}

describe('CFF INDEX encoding', () => {
  it('writes the bytes fontkit writes', () => {
    expect(cffIndexPatched()).toBe(false);
    const before = FACES.map(([file, name, text]) => encoded(file, name, text));
    installCffIndex();
    const after = FACES.map(([file, name, text]) => encoded(file, name, text));
    expect(cffIndexPatched()).toBe(true);
    after.forEach((bytes, k) => expect(bytes.equals(before[k]!), FACES[k]!.join(' ')).toBe(true));
  });
});
