/**
 * Hook: a word shaped by fontkit in one document is replayed, not shaped again, in the next.
 *
 * Replaces: pdfkit's EmbeddedFont.prototype.layoutRun (pdfkit/js/pdfkit.js) for runs without
 *   OpenType features (pdfmake passes none: its `fontFeatures` default is null), which is what
 *   EmbeddedFont.layoutCached calls for each word (text up to and with a space) it has not laid
 *   out yet in this document. Patched once per process on the class of the first embedded font
 *   the engine's PDFDocument provides (pdfkit does not export the class).
 * Why: pdfkit's layout cache lives in each document's font objects, so a long-lived process
 *   (the watch, batch workers) shaped every word of every build again: fontkit's GSUB/GPOS
 *   lookups were about a fifth of a warm rebuild.
 * What must stay as in a cold build: fontkit's result is not a function of the text alone. It
 *   reads the face's glyph cache, which shared-faces.ts empties per document: a glyph object
 *   keeps the code points it was first made with, the shaper reads them (GlyphInfo copies
 *   them; the Arabic shaper's joining types, default-ignorable glyphs, mark classes without
 *   GDEF), and pdfkit writes them into the ToUnicode map. And the order in which glyph objects
 *   come into being in a document decides which code points each keeps. So a shaped word is
 *   kept with every `getGlyph(id, codePoints)` call fontkit made while shaping it, in order,
 *   and the code points of the glyph each call returned. Replaying means making the same calls
 *   on this document's face: glyphs come into being in the same order and with the same code
 *   points as when shaping for real. If any call returns a glyph whose code points differ from
 *   what shaping saw (the document made that glyph earlier for other text), the word is shaped
 *   for real (and kept anew): fontkit could have decided differently. Everything else fontkit
 *   reads (tables, the run's text, its script and direction, which it derives from the text)
 *   is the same for the same face and text. The run handed back is a fresh GlyphRun holding
 *   this document's glyph objects and fresh positions, so nothing one document does to a run
 *   reaches another. The subset numbers glyphs when pdfkit encodes them for drawing, which
 *   happens as before.
 * Keyed by: the fontkit face object (faces are shared per process by shared-faces.ts; a face
 *   made afresh takes its cache with it when collected) and the text; pdfkit's scale
 *   (1000 / unitsPerEm) is checked too. At most MAX_WORDS words per face are kept.
 * Relies on: EmbeddedFont.layoutRun(text, features) returning `this.font.layout(text,
 *   features)` with every position's keys multiplied by `this.scale` and `advanceWidth` set to
 *   the glyph's advance times the scale; EmbeddedFont.layoutCached and layout reading only
 *   `glyphs`, `positions` and `advanceWidth` of a run; fontkit making every glyph object of a
 *   layout through `getGlyph` (glyphsForString, glyphForCodePoint, the GSUB result, the space
 *   of hideDefaultIgnorables), getGlyph returning the glyph in `_glyphs` when there is one (and
 *   doing nothing else), and a GlyphRun's `advanceWidth` summing its positions' xAdvance.
 * Guarded by: tests/render/warm-build.test.ts and tests/cli/watch.test.ts (warm builds byte for
 *   byte those of a cold build), tests/unit/shared-shaping.test.ts (a glyph made earlier with
 *   other code points forces shaping), tests/unit/engine-fingerprint.test.ts.
 */
import { embeddedFontClass } from './font-view.js';

interface Glyph {
  id: number;
  codePoints: number[];
}
interface Face {
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  /** fontkit's glyph cache (TTFFont.getGlyph), emptied per document by shared-faces.ts. */
  _glyphs: Record<number, Glyph | undefined>;
}
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface Run {
  glyphs: (Glyph | null)[];
  positions: Position[];
  features?: Record<string, unknown>;
}
interface Font {
  font: Face;
  scale: number;
  layoutRun(text: string, features?: unknown): Run;
}

/** One word as fontkit shaped it. */
interface Shaped {
  scale: number;
  /** The glyph id of each getGlyph call, in order. */
  ids: number[];
  /** The code points passed with each call (undefined: none passed). */
  passed: (number[] | undefined)[];
  /** The code points of the glyph each call returned (null: it returned no glyph). */
  seen: (number[] | null)[];
  /** For each glyph of the run, the call that returned it. */
  glyphCall: number[];
  /** xAdvance, yAdvance, xOffset, yOffset, advanceWidth of each glyph, scaled as pdfkit does. */
  positions: Float64Array;
  /** The GlyphRun's class and its other fields (script, language, direction, features). */
  proto: object;
  fields: Record<string, unknown>;
}

/** Words kept per face (some 500 bytes each); the oldest go first. bench-60 shapes about 2,400 over all its faces. */
const MAX_WORDS = 20_000;

const kept = new WeakMap<Face, Map<string, Shaped>>();
let installed = false;
let replayed = 0;
let shaped = 0;

/** Patches the class of `font` (pdfkit's EmbeddedFont) once per process; false if `font` is of another class. */
export function installSharedShaping(font: object): boolean {
  if (installed) return true;
  const proto = embeddedFontClass<Font>(font, ['layoutRun']);
  if (!proto) return false; // a standard font: nothing to share
  installed = true;
  const layoutRun = proto.layoutRun;
  proto.layoutRun = function (this: Font, text: string, features?: unknown): Run {
    if (features !== undefined) return layoutRun.call(this, text, features);
    const face = this.font;
    let words = kept.get(face);
    if (!words) kept.set(face, (words = new Map()));
    const known = words.get(text);
    if (known && known.scale === this.scale) {
      const run = replay(face, known);
      if (run) {
        replayed++;
        return run;
      }
    }
    const { run, record } = shapeRecording(this, face, text, layoutRun);
    shaped++;
    if (record) {
      if (words.size >= MAX_WORDS) for (const old of [...words.keys()].slice(0, MAX_WORDS / 4)) words.delete(old);
      words.set(text, record);
    }
    return run;
  };
  return true;
}

/** How many words were replayed and shaped in this process (for tests and the bench). */
export function shapingCounts(): { replayed: number; shaped: number } {
  return { replayed, shaped };
}

/** The getGlyph calls of the word being shaped, while it is. */
interface Recording {
  face: Face;
  ids: number[];
  passed: (number[] | undefined)[];
  seen: (number[] | null)[];
  returned: (Glyph | null)[];
}
let recording: Recording | undefined;
/** Faces whose getGlyph notes its calls while a word is shaped (an own property, set once per face). */
const noting = new WeakSet<Face>();

function noteCalls(face: Face): void {
  if (noting.has(face)) return;
  noting.add(face);
  const getGlyph = face.getGlyph;
  face.getGlyph = function (this: Face, id: number, codePoints?: number[]) {
    const g = getGlyph.call(this, id, codePoints);
    const r = recording;
    if (r && r.face === this) {
      r.ids.push(id);
      r.passed.push(codePoints && codePoints.slice());
      r.seen.push(g && g.codePoints.slice());
      r.returned.push(g);
    }
    return g;
  };
}

/** Shapes for real, noting fontkit's getGlyph calls on the face. */
function shapeRecording(font: Font, face: Face, text: string, layoutRun: Font['layoutRun']): { run: Run; record?: Shaped } {
  noteCalls(face);
  const r: Recording = { face, ids: [], passed: [], seen: [], returned: [] };
  const { ids, passed, seen, returned } = r;
  recording = r;
  let run: Run;
  try {
    run = layoutRun.call(font, text);
  } finally {
    recording = undefined;
  }
  const glyphCall = run.glyphs.map((g) => returned.lastIndexOf(g));
  // A glyph fontkit did not get through getGlyph: this word cannot be replayed faithfully.
  if (glyphCall.some((k) => k < 0) || run.positions.length !== run.glyphs.length) return { run };
  const positions = new Float64Array(run.positions.length * 5);
  run.positions.forEach((p, i) => positions.set([p.xAdvance, p.yAdvance, p.xOffset, p.yOffset, p.advanceWidth], i * 5));
  const record: Shaped = {
    scale: font.scale,
    ids,
    passed,
    seen,
    glyphCall,
    positions,
    proto: Object.getPrototypeOf(run) as object,
    fields: fieldsOf(run),
  };
  return { run, record };
}

const sameCodePoints = (a: number[] | null, b: number[] | null): boolean => {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Makes the shaped word's getGlyph calls on this document's face; undefined if a glyph differs from what shaping saw. */
function replay(face: Face, s: Shaped): Run | undefined {
  const got: (Glyph | null)[] = new Array(s.ids.length);
  const made = face._glyphs;
  for (let k = 0; k < s.ids.length; k++) {
    // A glyph this document already has is what getGlyph would return, with no side effect.
    let g: Glyph | null | undefined = made[s.ids[k]!];
    if (!g) {
      const p = s.passed[k];
      g = face.getGlyph(s.ids[k]!, p && p.slice());
    }
    if (!sameCodePoints(g ? g.codePoints : null, s.seen[k]!)) return undefined;
    got[k] = g;
  }
  const n = s.glyphCall.length;
  const glyphs: (Glyph | null)[] = new Array(n);
  const positions: Position[] = new Array(n);
  for (let i = 0; i < n; i++) {
    glyphs[i] = got[s.glyphCall[i]!]!;
    const o = i * 5;
    const q = s.positions;
    positions[i] = { xAdvance: q[o]!, yAdvance: q[o + 1]!, xOffset: q[o + 2]!, yOffset: q[o + 3]!, advanceWidth: q[o + 4]! };
  }
  const run = Object.create(s.proto) as Run;
  for (const [key, value] of Object.entries(s.fields))
    (run as unknown as Record<string, unknown>)[key] = key === 'glyphs' ? glyphs : key === 'positions' ? positions : value;
  if (run.features) run.features = { ...run.features };
  return run;
}

/** A run's own fields in their order, glyphs and positions as placeholders (filled per replay). */
function fieldsOf(run: Run): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(run)) fields[key] = key === 'features' ? { ...(value as object) } : value;
  fields.glyphs = undefined;
  fields.positions = undefined;
  return fields;
}
