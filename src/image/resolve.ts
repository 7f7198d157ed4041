/**
 * Finds and reads an image a template or a dossier names: `src` is a relative path, looked up
 * in the template's folder first, then in the workspace's assets/ folder, and nowhere else.
 * Refused before anything is read: URLs and data: URIs (a build never fetches, and data belongs
 * in files), absolute paths, any `..` step, backslashes; after: a file whose real path (links
 * resolved) leaves the folder it was found in, anything but a regular file, a file over
 * LIMITS.imageBytes. Then the bytes are checked by their format (raster.ts, svg.ts), and the
 * file's extension must agree with what the bytes are.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { isInside } from '../workspace/files.js';
import { LIMITS } from '../workspace/limits.js';
import { ImageProblem, type ImageAsset, type ImageFormat } from './problem.js';
import { inspectJpeg, inspectPng, isJpeg, isPng } from './raster.js';
import { inspectSvg } from './svg.js';

/** Where images are looked for, in order. */
export interface ImageRoots {
  /** The template's folder (a workspace's templates/<name>/ or a built-in one). */
  templateDir?: string;
  /** The workspace root: its assets/ folder is searched, and names are shown relative to it. */
  workspaceRoot: string;
}

/** A problem said in a whole sentence (the reference, or the file by its name). */
export class ImageRefProblem extends ImageProblem {}

const PT_PER_PX = 0.75;
const EXTENSIONS: Record<string, ImageFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.svg': 'svg' };
const FORMAT_NAMES: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', svg: 'SVG' };

/** Checks the form of a src value; throws ImageRefProblem. */
export function checkSrc(src: string): void {
  const fix = 'name a file in the template folder or in the workspace assets/ folder by its relative path, e.g. src="logo.png"';
  if (!src.trim()) throw new ImageRefProblem('src is empty', fix);
  if (/^[a-z]:[\\/]/i.test(src)) throw new ImageRefProblem(`src "${src}" is an absolute path or uses \\`, fix);
  if (/^[a-z][a-z0-9+.-]*:/i.test(src)) {
    throw new ImageRefProblem(
      /^data:/i.test(src) ? 'src is a data: URI; images must be files' : `src "${src}" is a URL; a build never fetches anything`,
      `save the image into the workspace assets/ folder and ${fix.replace(/^name/, 'name it')}`,
    );
  }
  if (path.isAbsolute(src) || src.startsWith('/') || src.includes('\\')) throw new ImageRefProblem(`src "${src}" is an absolute path or uses \\`, fix);
  if (src.split('/').some((part) => part === '..')) throw new ImageRefProblem(`src "${src}" steps out of its folder with ".."`, fix);
  if (src.includes('\0')) throw new ImageRefProblem('src holds a NUL character', fix);
}

/** The folders searched for `src`, in order, each with the name it is shown by. */
function candidates(src: string, roots: ImageRoots): { base: string; file: string }[] {
  const out: { base: string; file: string }[] = [];
  if (roots.templateDir) out.push({ base: roots.templateDir, file: path.join(roots.templateDir, src) });
  const assets = path.join(roots.workspaceRoot, 'assets');
  out.push({ base: assets, file: path.join(assets, src) });
  return out;
}

function shownName(file: string, roots: ImageRoots): string {
  const rel = path.relative(roots.workspaceRoot, file);
  const inside = rel && !rel.startsWith('..') && !path.isAbsolute(rel);
  const name = inside ? rel : roots.templateDir ? path.join(`(template ${path.basename(roots.templateDir)})`, path.relative(roots.templateDir, file)) : file;
  return name.split(path.sep).join('/');
}

/** Reads and checks the image `src` names. Throws ImageProblem (ImageRefProblem for the reference). */
export function resolveImage(src: string, roots: ImageRoots): ImageAsset {
  checkSrc(src);
  const found = candidates(src, roots).find((c) => {
    try {
      fs.lstatSync(c.file);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) {
    const where = candidates(src, roots).map((c) => shownName(c.file, roots));
    throw new ImageRefProblem(`image "${src}" is not in ${where.join(' nor in ')}`, 'put the file there, or correct the name (names are case-sensitive)');
  }
  const shown = shownName(found.file, roots);
  if (!isInside(found.base, found.file)) {
    throw new ImageRefProblem(
      `image ${shown} is a link to a file outside ${found.base === roots.templateDir ? 'the template folder' : 'assets/'}`,
      'copy the image itself into the folder instead of linking to it',
    );
  }
  try {
    return readImage(found.file, shown);
  } catch (e) {
    // The checks say what is wrong with the file ("is an animated PNG"): name the file.
    if (e instanceof ImageProblem && !(e instanceof ImageRefProblem)) throw new ImageRefProblem(`image ${shown} ${e.message}`, e.hint);
    throw e;
  }
}

function readImage(file: string, shown: string): ImageAsset {
  const found = { file };
  const stat = fs.statSync(found.file);
  if (!stat.isFile()) throw new ImageRefProblem(`image ${shown} is not a regular file`, 'name an image file');
  const ext = path.extname(found.file).toLowerCase();
  const named = EXTENSIONS[ext];
  if (!named) {
    throw new ImageRefProblem(
      `image ${shown} is not a PNG, JPEG or SVG file (by its name)`,
      'convert it to PNG (pictures with sharp edges, transparency), JPEG (photographs) or SVG (drawings), e.g. with an image editor',
    );
  }
  if (stat.size > LIMITS.imageBytes) {
    throw new ImageProblem(
      `is ${(stat.size / 1048576).toFixed(1)} MiB; at most ${LIMITS.imageBytes / 1048576} MiB are allowed for one image`,
      'scale it down or compress it (JPEG quality 85 is plenty for print)',
    );
  }
  if (named === 'svg' && stat.size > LIMITS.svgBytes) {
    throw new ImageProblem(
      `is an SVG of ${(stat.size / 1048576).toFixed(1)} MiB; at most ${LIMITS.svgBytes / 1048576} MiB are allowed (drawing long SVG paths is slow)`,
      'simplify the drawing (in Inkscape: Path > Simplify), or export it as a PNG',
    );
  }
  const bytes = fs.readFileSync(found.file);
  const actual: ImageFormat | undefined = isPng(bytes) ? 'png' : isJpeg(bytes) ? 'jpeg' : named === 'svg' ? 'svg' : undefined;
  if (!actual)
    throw new ImageProblem(
      `is not a ${FORMAT_NAMES[named]} file: its bytes are not an image this tool reads`,
      'check it is the file you meant, or export it again',
    );
  if (actual !== named) {
    throw new ImageProblem(
      `is named .${ext.slice(1)} but is a ${FORMAT_NAMES[actual]} file`,
      `rename it to ${path.basename(found.file, ext)}.${actual === 'jpeg' ? 'jpg' : actual} (and its src)`,
    );
  }
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  if (actual === 'svg') {
    const svg = inspectSvg(bytes);
    return { format: 'svg', file: found.file, shown, sha256, bytes, svg: svg.svg, widthPt: svg.width * PT_PER_PX, heightPt: svg.height * PT_PER_PX, pixels: 0 };
  }
  const info = actual === 'png' ? inspectPng(bytes) : inspectJpeg(bytes);
  return {
    format: actual,
    file: found.file,
    shown,
    sha256,
    bytes,
    widthPt: info.width * PT_PER_PX,
    heightPt: info.height * PT_PER_PX,
    pixels: info.width * info.height,
  };
}
