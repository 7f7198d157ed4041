/**
 * The <qr value="https://..." size="25mm"/> element: a QR code of a web address, with the
 * address printed as text beside it (a QR code cannot be read aloud by a screen reader, nor
 * copied, nor checked by eye). Its value comes from data (a source's archive_url), so it is
 * checked here, where the markup is parsed: `check` and `build` refuse the same values, at the
 * place in the template that writes <qr>.
 */
import { MM } from './settings.js';

/** Longest address encoded: past 300 characters (version 13, 69 modules a side) a code of 25 mm has modules of one point (0.35 mm), the smallest a phone reads well. */
export const QR_MAX_LENGTH = 300;
/** Largest side of the code, in points: the default, and the range allowed. */
export const QR_SIZE_DEFAULT = 25 * MM; // holds the longest address allowed (69 modules) at a point a module
export const QR_SIZE_MIN = 12 * MM;
export const QR_SIZE_MAX = 80 * MM;

const UNITS: Record<string, number> = { pt: 1, mm: MM, cm: 10 * MM, in: 72 };

/** Why a value may not be a QR code's, or undefined when it may. */
export function qrValueProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return 'needs value="..." with an http or https address';
  if ([...value].length > QR_MAX_LENGTH) return `value is ${[...value].length} characters long; at most ${QR_MAX_LENGTH} are encoded`;
  // Printable ASCII only: an address with spaces, control or non-ASCII characters is a
  // different address to every reader (percent-encode it in the source's archive_url).
  if (!/^[\x21-\x7e]+$/.test(value))
    return `value "${shorten(value)}" must be an address of printable ASCII characters, without spaces (percent-encode the others)`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `value "${shorten(value)}" is not a web address`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `value "${shorten(value)}" must be an http or https address, not ${url.protocol}`;
  if (!url.hostname) return `value "${shorten(value)}" has no host name`;
  return undefined;
}

export const QR_HINT = `a QR code encodes an http or https address of at most ${QR_MAX_LENGTH} printable ASCII characters, in a size between 12mm and 80mm; a value filled from data (a source's archive_url) is fixed in the data`;

/** The error correction level of every code: M restores 15 % of the code, enough for a creased handout. */
export const QR_ECC_LEVEL = 'M';

/**
 * Bytes a code of each version holds at level M in byte mode (ISO/IEC 18004 table 7), versions
 * 1 to 13: an address of QR_MAX_LENGTH ASCII characters fits in version 13.
 */
const BYTES_AT_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331];

/**
 * Modules on a side of the code of an address (ASCII, at most QR_MAX_LENGTH long). pdfmake
 * picks the smallest version that holds the data; this says which, before any layout, so a
 * size too small for the address is refused by `check` as by `build`.
 */
export function qrModules(value: string): number {
  const version = BYTES_AT_M.findIndex((n) => value.length <= n) + 1;
  if (version === 0) throw new Error(`qrModules: ${value.length} bytes is over version 13`);
  return 17 + 4 * version;
}

/** The size attribute in points, or a problem. */
export function qrSize(attr: string | undefined): number | string {
  if (attr === undefined) return QR_SIZE_DEFAULT;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$/.exec(attr);
  if (!m) return `size="${shorten(attr)}" must be a length with its unit: mm, cm, in or pt (e.g. 25mm)`;
  const points = Number(m[1]) * UNITS[m[2]];
  if (points < QR_SIZE_MIN - 1e-9 || points > QR_SIZE_MAX + 1e-9) return `size="${attr}" must lie between 12mm and 80mm`;
  return points;
}

function shorten(s: string): string {
  const chars = [...s];
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}...` : s;
}
