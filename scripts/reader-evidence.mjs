// The smallest PDFs that show why no one drawing order of a mixed-direction line gives logical
// text in both pdf.js (Firefox) and PDFium (Chrome, Edge). Two lines, each drawn twice, with
// pdfkit's public API only (one text object per call, at the x where it prints):
//   rtl: "شركة Stability AI من" (an Arabic line with an English name of two words)
//   ltr: "the founder عماد مشتاق said" (an English line with an Arabic name of two words)
// - logical.pdf: the objects drawn in logical order (what dossier-press does);
// - visual.pdf: the same objects drawn left to right.
// - steered.pdf: as logical.pdf, but the right word of each two-word name is drawn after a space
//   glyph placed just left of the left word, then a TJ move to where the word prints (what
//   src/pdf/engine/hooks/pdfium-order.ts does): PDFium sorts a line's text objects by their
//   first glyph, so it reads the words in the order its reversal undoes; the print, pdf.js's
//   text (it reads no position of a space glyph) and poppler's (a space only ends a word) do
//   not change. The one object is written with addContent, as pdfkit's text() writes it but
//   for the move.
// - brackets-copied-as-typed.pdf, brackets-copied-as-shown.pdf: see drawBrackets below.
// - page-mostly-latin.pdf, page-mostly-arabic.pdf: see drawPageDirection below.
// - touching-steered.pdf, touching-echoes.pdf: see drawTouching below.
// - mixed-word-plain.pdf, mixed-word-parts.pdf: see drawMixedWord below.
// Run: node scripts/reader-evidence.mjs OUT_DIR, then extract the text with each reader
// (README, "Copy and paste": the figures are there).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit');
const fonts = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fonts');
const AR = path.join(fonts, 'NotoNaskhArabic-Regular.ttf');
const LA = path.join(fonts, 'NotoSans-Regular.ttf');
const SIZE = 16;

/** Pieces of one font in logical order, grouped in stretches of one direction. */
const LINES = [
  {
    dir: 'rtl',
    y: 100,
    stretches: [
      [[AR, 'شركة']],
      [
        [LA, ' Stability'],
        [LA, ' AI '],
      ],
      [[AR, 'من']],
    ],
  },
  {
    dir: 'ltr',
    y: 160,
    stretches: [
      [[LA, 'the founder ']],
      [
        [AR, 'عماد'],
        [LA, ' '],
        [AR, 'مشتاق'],
      ],
      [[LA, ' said']],
    ],
  },
];

function draw(file, order) {
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { CreationDate: new Date(0) } });
  doc.pipe(fs.createWriteStream(file));
  for (const line of LINES) {
    const pieces = [];
    // Place the stretches from the line's start edge; inside a stretch the pieces read in its direction.
    let edge = line.dir === 'rtl' ? 520 : 60;
    for (const stretch of line.stretches) {
      const widths = stretch.map(([font, text]) => doc.font(font).fontSize(SIZE).widthOfString(text));
      const total = widths.reduce((a, b) => a + b, 0);
      let x = line.dir === 'rtl' ? edge - total : edge;
      edge = line.dir === 'rtl' ? edge - total : edge + total;
      const rtlStretch = stretch.some(([font]) => font === AR);
      const placed = stretch.map(([font, text], k) => ({ font, text, w: widths[k] }));
      for (const p of rtlStretch ? [...placed].reverse() : placed) {
        pieces.push({ ...p, x });
        x += p.w;
      }
    }
    // pieces are in logical order stretch by stretch; inside an RTL stretch they were placed from the left
    const logical = line.stretches.flat();
    const byLogical = [...pieces].sort(
      (a, b) => logical.findIndex(([f, t]) => f === a.font && t === a.text) - logical.findIndex(([f, t]) => f === b.font && t === b.text),
    );
    const drawn = order === 'visual' ? [...pieces].sort((a, b) => a.x - b.x) : byLogical;
    // In steered.pdf, of the two words of the name, the right one is drawn after a space glyph
    // just left of the left one.
    const words = line.stretches[1].filter(([, t]) => t.trim() !== '').map(([, t]) => pieces.find((p) => p.text === t));
    const [first, second] = words.sort((a, b) => a.x - b.x);
    for (const p of drawn) {
      if (order === 'steered' && p === second) drawAfterSpace(doc, p, first.x - 0.1 * SIZE, line.y);
      else doc.font(p.font).fontSize(SIZE).text(p.text, p.x, line.y, { lineBreak: false });
    }
  }
  doc.end();
}

/** `p.text` printed at p.x, its text object starting with a space glyph at `key`. */
function drawAfterSpace(doc, p, key, y) {
  doc.font(p.font).fontSize(SIZE);
  const font = doc._font;
  const [space] = font.encode(' ');
  const [glyphs, positions] = font.encode(p.text);
  const spaceWidth = doc.widthOfString(' ');
  const move = ((p.x - key - spaceWidth) * 1000) / SIZE;
  const ascent = (font.ascender / 1000) * SIZE;
  // pdfkit's own frame for text: y down from the top, the baseline an ascent below y.
  const kerned = glyphs.map((g, i) => `<${g}> ${-(positions[i].xAdvance - positions[i].advanceWidth)}`).join(' ');
  doc.page.fonts[font.id] ??= font.ref();
  doc.addContent(
    `q 1 0 0 -1 0 ${doc.page.height} cm BT 1 0 0 1 ${key} ${doc.page.height - y - ascent} Tm /${font.id} ${SIZE} Tf [<${space[0]}> ${-move} ${kerned}] TJ ET Q`,
  );
}

/**
 * Brackets: the Arabic line "قال (GPU) ثم", printed right to left, each bracket as its mirror
 * image (the "(" that opens the parenthesis, on the right, is drawn with the glyph of ")").
 * Drawn in logical order, and the two bracket glyphs copied out either as the characters they
 * stand for (`copied: 'logical'`, what dossier-press does: ")" drawn, "(" copied) or as the
 * glyphs they show (`copied: 'shape'`). pdf.js reads the drawn order and reverses no
 * single-bracket item; PDFium sorts by position and mirrors brackets in right-to-left runs.
 */
function drawBrackets(file, copied) {
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { CreationDate: new Date(0) } });
  doc.pipe(fs.createWriteStream(file));
  // Logical order: [font, text as typed, glyph drawn].
  const pieces = [
    [AR, 'قال ', 'قال '],
    [LA, '(', ')'],
    [LA, 'GPU', 'GPU'],
    [LA, ')', '('],
    [AR, ' ثم', ' ثم'],
  ];
  const widths = pieces.map(([font, , drawn]) => doc.font(font).fontSize(SIZE).widthOfString(drawn));
  // Right to left from x = 520, but "GPU" (a left-to-right run) reads left to right inside.
  const xs = [];
  let edge = 520;
  for (let i = 0; i < pieces.length; i++) xs.push((edge -= widths[i]));
  for (let i = 0; i < pieces.length; i++) {
    const [font, typed, drawn] = pieces[i];
    doc.font(font).fontSize(SIZE).text(drawn, xs[i], 100, { lineBreak: false });
    if (copied === 'logical' && typed !== drawn) {
      // The glyph drawn, copied out as the character typed: pdfkit's ToUnicode is by glyph.
      const f = doc._font;
      const [[gid]] = f.encode(drawn);
      f.unicode[parseInt(gid, 16)] = [typed.codePointAt(0)];
    }
  }
  doc.end();
}

/**
 * poppler's page direction: the same Arabic line with an English name and a year, drawn the same
 * way (logical order, each piece where it prints), under a second line that gives the page more
 * Latin letters than Arabic ones (`majority: 'latin'`) or more Arabic ones (`'arabic'`).
 * pdftotext decides the order of a line's parts by the page's count of letters alone
 * (TextOutputDev.cc: primaryLR = lrCount >= 0, then reorderText line by line): on the mostly
 * Latin page the Arabic line's parts come out left to right, whatever the line or its marks.
 */
function drawPageDirection(file, majority) {
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { CreationDate: new Date(0) } });
  doc.pipe(fs.createWriteStream(file));
  // "تأسست Stability AI في 2019": words in visual order (left to right), each drawn alone, a
  // space's width apart, then drawn in logical order.
  const visual = [
    [LA, '2019', 4],
    [AR, 'في', 3],
    [LA, 'Stability', 1],
    [LA, 'AI', 2],
    [AR, 'تأسست', 0],
  ];
  placeAndDraw(doc, visual, 100);
  // The second line: English, or Arabic (visual order: its last word on the left).
  const second =
    majority === 'latin'
      ? 'The company was founded in London by a group of researchers.'.split(' ').map((w, k) => [LA, w, k])
      : 'وقد أعلنت الشركة عن ذلك في بيان رسمي نشرته على موقعها'
          .split(' ')
          .map((w, k) => [AR, w, k])
          .reverse();
  placeAndDraw(doc, second, 160);
  doc.end();
}

/** Words given in visual order as [font, text, logical index], placed left to right from x = 60, drawn in logical order. */
function placeAndDraw(doc, visual, y) {
  let x = 60;
  const placed = visual.map(([font, text, k]) => {
    const w = doc.font(font).fontSize(SIZE).widthOfString(text);
    const p = { font, text, k, x };
    x += w + doc.widthOfString(' ');
    return p;
  });
  for (const p of placed.sort((a, b) => a.k - b.k)) doc.font(p.font).fontSize(SIZE).text(p.text, p.x, y, { lineBreak: false });
}

/**
 * A steered name touched by the text beside it, in two Arabic lines: "مؤسس Stability AI، ثم"
 * (the comma after the name) and "التمويل الذي قدمته وLightspeed Venture Partners في أكتوبر" (the prefix before
 * it), one word or sign per text object. `echoes` false: steered as pdfium-order.ts steered
 * before the echoes (each word right of the leftmost after a space glyph keyed left of it);
 * PDFium reads a space next to the comma and after the prefix. `echoes` true: the first line
 * steered the other way ("AI" where it prints, after a space glyph that repeats a lone space
 * glyph drawn just before it, "Stability" after a space glyph keyed right of "AI" and a move
 * back), the second with a lone space glyph where "Lightspeed " ends: PDFium drops each repeat
 * and deletes the space read before it. The print is the same (nothing is drawn where a space
 * glyph is); so are pdf.js's and poppler's text.
 */
function drawTouching(file, echoes) {
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { CreationDate: new Date(0) } });
  doc.pipe(fs.createWriteStream(file));
  const w = (font, text) => doc.font(font).fontSize(SIZE).widthOfString(text);
  const word = (font, text, x, y) => doc.font(font).fontSize(SIZE).text(text, x, y, { lineBreak: false });
  // One text object of `font` at `key`: glyph runs (strings) and TJ moves (numbers, thousandths of an em).
  const object = (font, key, y, parts) => {
    doc.font(font).fontSize(SIZE);
    const f = doc._font;
    doc.page.fonts[f.id] ??= f.ref();
    const tj = parts
      .map((p) =>
        typeof p === 'number'
          ? String(p)
          : f
              .encode(p)[0]
              .map((g) => `<${g}>`)
              .join(' '),
      )
      .join(' ');
    const ascent = (f.ascender / 1000) * SIZE;
    doc.addContent(`q 1 0 0 -1 0 ${doc.page.height} cm BT 1 0 0 1 ${key} ${doc.page.height - y - ascent} Tm /${f.id} ${SIZE} Tf [${tj}] TJ ET Q`);
  };
  const move = (from, to) => (-(to - from) * 1000) / SIZE;
  const sw = w(LA, ' ');
  const em = SIZE;
  // "مؤسس Stability AI، ثم", right to left from x = 520, drawn in logical order.
  let y = 100;
  const xMu = 520 - w(AR, 'مؤسس');
  const xA = xMu - w(AR, ' ') - w(LA, 'AI');
  const xS = xA - w(LA, 'Stability ');
  const xComma = xS - w(AR, '،');
  const xThumma = xComma - w(AR, ' ') - w(AR, 'ثم');
  word(AR, 'مؤسس', xMu, y);
  if (!echoes) {
    word(LA, 'Stability ', xS, y);
    const key = xS - 0.1 * em;
    object(LA, key, y, [' ', move(key + sw, xA), 'AI']);
  } else {
    const key = xA + 0.1 * em;
    object(LA, key, y, [' ', move(key + sw, xS), 'Stability ']);
    object(LA, xA - sw - 0.02, y, [' ']);
    object(LA, xA - sw, y, [' ', 'AI']);
  }
  word(AR, '،', xComma, y);
  word(AR, 'ثم', xThumma, y);
  // "التمويل الذي قدمته وLightspeed Venture Partners في أكتوبر".
  y = 160;
  let x = 520;
  for (const text of ['التمويل', 'الذي', 'قدمته']) {
    x -= w(AR, text);
    word(AR, text, x, y);
    x -= w(AR, ' ');
  }
  const xWaw = x - w(AR, 'و');
  const xP = xWaw - w(LA, 'Partners');
  const xV = xP - w(LA, 'Venture ');
  const xL = xV - w(LA, 'Lightspeed ');
  word(AR, 'و', xWaw, y);
  word(LA, 'Lightspeed ', xL, y);
  for (const [text, xt, k] of [
    ['Venture ', xV, 1],
    ['Partners', xP, 2],
  ]) {
    const key = xL - k * 0.1 * em;
    object(LA, key, y, [' ', move(key + sw, xt), text]);
  }
  if (echoes) object(LA, xL + w(LA, 'Lightspeed'), y, [' ']);
  x = xL - w(AR, ' ');
  for (const text of ['في', 'أكتوبر']) {
    x -= w(AR, text);
    word(AR, text, x, y);
    x -= w(AR, ' ');
  }
  doc.end();
}

/**
 * A left-to-right word of letters and digits or signs in an Arabic line: "تقاطع Web3+AI في".
 * `parts` false: the word is one text object; PDFium reads its runs (Web, 3, +, AI) and its
 * reversal puts them in the reverse order ("AI3+Web"). `parts` true: each run is a text object
 * of its own, as pdfium-order.ts draws it: "AI" where it prints, "3+" and "Web" keyed at
 * steps right of where "AI" starts, "Web" rightmost, each after a lead space glyph, with a move
 * back to where the run prints, and a lone space glyph drawn just left of the lead (an echo).
 * Each run's echo and lead are a space glyph of a code of its own (a second subset entry of the
 * space glyph): PDFium drops the lead as a repeat of its echo and deletes the echo's space too,
 * and a text object with the same codes as one drawn near it would be dropped whole. The
 * objects are drawn in the word's order; the print, pdf.js's and poppler's text do not change.
 */
function drawMixedWord(file, parts) {
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { CreationDate: new Date(0) } });
  doc.pipe(fs.createWriteStream(file));
  const w = (font, text) => doc.font(font).fontSize(SIZE).widthOfString(text);
  const word = (font, text, x, y) => doc.font(font).fontSize(SIZE).text(text, x, y, { lineBreak: false });
  const y = 100;
  let x = 520 - w(AR, 'تقاطع');
  word(AR, 'تقاطع', x, y);
  // PDFium's runs: its class of digits and signs takes "3+" as one.
  const runs = ['Web', '3+', 'AI'];
  const xWord = x - w(LA, ' ') - w(LA, runs.join(''));
  if (!parts) word(LA, runs.join(''), xWord, y);
  else {
    doc.font(LA).fontSize(SIZE);
    const f = doc._font;
    doc.page.fonts[f.id] ??= f.ref();
    const [[space]] = f.encode(' ');
    const gid = parseInt(space, 16);
    // The space glyph's second subset entry number `n`: the same glyph, its own code.
    const entry = (n) => {
      f.subset.glyphs.push(f.subset.glyphs[gid]);
      const id = f.subset.glyphs.length - 1;
      f.widths[id] = f.widths[gid] + n;
      f.unicode[id] = [0x20];
      return [`0000${id.toString(16)}`.slice(-4), f.widths[id]];
    };
    const ascent = (f.ascender / 1000) * SIZE;
    const ty = doc.page.height - y - ascent;
    // Where each run prints: the pen positions of the whole word as pdfkit draws it (kerned).
    const [hex, pos] = f.encode(runs.join(''));
    const pen = [0];
    for (const p of pos) pen.push(pen[pen.length - 1] + p.xAdvance);
    const first = runs.map((_, i) => runs.slice(0, i).join('').length); // one glyph a letter here
    const at = first.map((g) => xWord + (pen[g] * SIZE) / 1000);
    const lastWidth = xWord + (pen[pen.length - 1] * SIZE) / 1000 - at[runs.length - 1];
    const step = Math.min(0.1 * SIZE, lastWidth / runs.length);
    runs.forEach((run, i) => {
      const key = at[runs.length - 1] + (runs.length - 1 - i) * step;
      const [code, width] = entry(20 + i);
      const glyphs = hex
        .slice(first[i], first[i] + run.length)
        .map((g, j) => `<${g}> ${pos[first[i] + j].advanceWidth - pos[first[i] + j].xAdvance}`)
        .join(' ');
      doc.addContent(`q 1 0 0 -1 0 ${doc.page.height} cm BT /${f.id} ${SIZE} Tf 1 0 0 1 ${key - 0.02} ${ty} Tm [<${code}>] TJ ET Q`);
      doc.addContent(
        `q 1 0 0 -1 0 ${doc.page.height} cm BT /${f.id} ${SIZE} Tf 1 0 0 1 ${key} ${ty} Tm [<${code}> ${width + ((key - at[i]) * 1000) / SIZE} ${glyphs}] TJ ET Q`,
      );
    });
  }
  // The spaces between the words as glyphs of their own, as the engine draws them.
  word(LA, ' ', xWord - w(LA, ' '), y);
  word(LA, ' ', xWord + w(LA, runs.join('')), y);
  x = xWord - w(LA, ' ') - w(AR, 'في');
  word(AR, 'في', x, y);
  doc.end();
}

const out = process.argv[2] ?? '.';
fs.mkdirSync(out, { recursive: true });
draw(path.join(out, 'logical.pdf'), 'logical');
draw(path.join(out, 'visual.pdf'), 'visual');
draw(path.join(out, 'steered.pdf'), 'steered');
drawBrackets(path.join(out, 'brackets-copied-as-typed.pdf'), 'logical');
drawBrackets(path.join(out, 'brackets-copied-as-shown.pdf'), 'shape');
drawPageDirection(path.join(out, 'page-mostly-latin.pdf'), 'latin');
drawPageDirection(path.join(out, 'page-mostly-arabic.pdf'), 'arabic');
drawTouching(path.join(out, 'touching-steered.pdf'), false);
drawTouching(path.join(out, 'touching-echoes.pdf'), true);
drawMixedWord(path.join(out, 'mixed-word-plain.pdf'), false);
drawMixedWord(path.join(out, 'mixed-word-parts.pdf'), true);
