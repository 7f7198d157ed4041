#!/usr/bin/env node
/**
 * Makes fonts/NotoSansCJK{jp,sc,tc,kr}-Bold.subset.otf: the bold faces of Noto Sans CJK cut down
 * to the characters in everyday use in each language, so that bold CJK text prints bold without
 * shipping the whole 20 MB bold collection. Characters a subset lacks fall back, per character,
 * to the regular collection (src/typeset/fonts.ts), which has them all.
 *
 * Usage: node fonts/tools/make-cjk-bold.mjs [path/to/NotoSansCJK-Bold.ttc]
 *   The collection comes from Debian 12's fonts-noto-cjk 1:20220127+repack1-1 (Noto Sans CJK
 *   2.004, the package the regular collection was taken from):
 *     apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
 *     node fonts/tools/make-cjk-bold.mjs deb/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
 *   Needs hb-subset (HarfBuzz 6.0.0, Debian's libharfbuzz-bin). Same inputs, same bytes out.
 *
 * The character set of each face is its language's national standard character set, at the
 * level of everyday use, decoded here with Node's own WHATWG decoders (no list to download):
 *   - all faces: ASCII and Latin-1 (digits and Latin letters in CJK text are set in the CJK
 *     face, as the regular weight does), general punctuation, CJK symbols and punctuation,
 *     full-width and half-width forms, the dotted circle;
 *   - jp: JIS X 0208 non-kanji rows 1-8 (symbols, kana, Greek, Cyrillic, box drawing) and level 1
 *     kanji (rows 16-47, 2,965), plus the 34 Jōyō kanji (2010 list) outside level 1, and all of
 *     Hiragana and Katakana;
 *   - sc: GB 2312 non-Han rows 1-9 and level 1 hanzi (rows 16-55, 3,755);
 *   - tc: Big5 symbols (A140-A3BF) and level 1 常用字 (A440-C67E, 5,401);
 *   - kr: KS X 1001 non-Hangul symbol rows 1-12 and its 2,350 Hangul syllables (no Hanja: rare in
 *     Korean text, and the regular face has them).
 * Layout tables: hb-subset's default features, less those the engine never applies to
 * horizontal text (vertical forms, and the vertical metrics tables) and less locl: pdfkit shapes without a language, so the
 * glyph forms of a language come from the face's own cmap (the JP face maps 直 to its Japanese
 * form), exactly as with the regular collection; locl would only pull in other languages' forms.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FONTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';

/** Jōyō kanji (Cabinet notice of 2010) not in JIS X 0208 level 1 (checked against the joyo-kanji npm package, 0.2.1). */
const JOYO_OUTSIDE_JIS_LEVEL_1 = '曖彙鬱楷諧毀嗅惧憬錮傲刹恣摯𠮟羞箋踪緻嘲塡貪丼剝訃璧哺頰喩瘍拉辣慄籠';

/** The characters of a double-byte legacy encoding in rows [r1, r2] and cells [c1, c2] (inclusive). */
function decoded(encoding, r1, r2, c1, c2, lastCell = {}) {
  const out = [];
  for (let r = r1; r <= r2; r++) {
    for (let c = c1; c <= (lastCell[r] ?? c2); c++) {
      let ch;
      try {
        ch = new TextDecoder(encoding, { fatal: true }).decode(Uint8Array.of(r, c));
      } catch {
        continue; // an unassigned position
      }
      if ([...ch].length === 1) out.push(ch.codePointAt(0));
    }
  }
  return out;
}

const span = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const COMMON = [
  ...span(0x20, 0x7e),
  ...span(0xa0, 0xff),
  ...span(0x2010, 0x2027),
  ...span(0x2030, 0x203e),
  ...span(0x3000, 0x303f),
  ...span(0xff01, 0xffef),
  0x25cc, // the dotted circle a shaper sets under a mark that has no base
];

const FACES = {
  // EUC-JP: row n is byte 0xA0+n. Rows 1-8 non-kanji, 16-47 level 1 kanji.
  jp: [
    ...span(0x3041, 0x30ff), // all of Hiragana and Katakana, the combining voicing marks too
    ...span(0x31f0, 0x31ff),
    ...decoded('euc-jp', 0xa1, 0xa8, 0xa1, 0xfe),
    ...decoded('euc-jp', 0xb0, 0xcf, 0xa1, 0xfe),
    ...[...JOYO_OUTSIDE_JIS_LEVEL_1].map((c) => c.codePointAt(0)),
  ],
  // GB 2312 (EUC-CN, read by the WHATWG gbk decoder, so a few GBK additions in rows 6-9 come
  // too): rows 1-9 non-Han, 16-55 level 1 (row 55 ends at cell 89: 0xF9).
  sc: [...decoded('gbk', 0xa1, 0xa9, 0xa1, 0xfe), ...decoded('gbk', 0xb0, 0xd7, 0xa1, 0xfe, { 0xd7: 0xf9 })],
  // Big5: symbols A140-A3BF, level 1 A440-C67E (lead bytes A4-C5 whole, C6 up to 7E).
  tc: [...decoded('big5', 0xa1, 0xa3, 0x40, 0xfe, { 0xa3: 0xbf }), ...decoded('big5', 0xa4, 0xc6, 0x40, 0xfe, { 0xc6: 0x7e })],
  // KS X 1001 (EUC-KR): rows 1-12 symbols and jamo, 16-40 Hangul syllables.
  kr: [...decoded('euc-kr', 0xa1, 0xac, 0xa1, 0xfe), ...decoded('euc-kr', 0xb0, 0xc8, 0xa1, 0xfe)],
};

const FEATURES_DROPPED = ['locl', 'vert', 'vrt2', 'vkrn', 'vpal', 'vhal', 'valt'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cjk-bold-'));
const faceIndex = { jp: 0, kr: 1, sc: 2, tc: 3 }; // the order of NotoSansCJK-Bold.ttc's faces
for (const [lang, cps] of Object.entries(FACES)) {
  const set = [...new Set([...COMMON, ...cps])].sort((a, b) => a - b);
  const list = path.join(tmp, `${lang}.txt`);
  fs.writeFileSync(list, set.map((cp) => cp.toString(16)).join('\n') + '\n');
  const out = path.join(FONTS, `NotoSansCJK${lang}-Bold.subset.otf`);
  execFileSync('hb-subset', [
    `--face-index=${faceIndex[lang]}`,
    `--unicodes-file=${list}`,
    `--layout-features-=${FEATURES_DROPPED.join(',')}`,
    '--drop-tables+=VORG,vhea,vmtx',
    `--output-file=${out}`,
    source,
  ]);
  // The face index is the collection's order: check that it was the face meant.
  const made = createRequire(import.meta.url)('fontkit').openSync(out);
  if (made.postscriptName !== `NotoSansCJK${lang}-Bold`) throw new Error(`${out} is ${made.postscriptName}, not NotoSansCJK${lang}-Bold`);
  console.log(`${path.basename(out)}: ${set.length} characters asked, ${made.characterSet.length} kept, ${fs.statSync(out).size} bytes`);
}
fs.rmSync(tmp, { recursive: true });
