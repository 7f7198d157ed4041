// fontkit ships no types; we use only openSync and coverage/layout queries.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    codePoints: number[];
  }
  export interface Font {
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: string[]): { glyphs: Glyph[] };
  }
  export function openSync(path: string, postscriptName?: string): unknown;
  export function create(buffer: Buffer, postscriptName?: string): unknown;
}
