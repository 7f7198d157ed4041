/**
 * What `--watch` watches: the workspace's input folders, each without recursion (root for the
 * definitions, sources/, claims/, templates/ and the folders below it, the built-in templates),
 * plus the folder of any input lying elsewhere (a definition given as FILE outside the root, a
 * snapshot in a subfolder of sources/). The output folder, .git and node_modules are never
 * among them, so a build's own writes cannot start another build.
 *
 * Node's fs.watch without recursion is reliable on Linux (inotify), macOS and Windows; its
 * recursive mode on Linux is young (Node 20) and would walk .git and node_modules. Events only
 * say "something changed here": what changed is found by comparing each watched file's size,
 * time and inode with the previous scan, so a burst (an editor's temporary file and rename,
 * a `git checkout` of many files) is seen as its net effect, and a file created and removed
 * within it (vim's "4913" probe) is no change at all.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A folder watched, and which of its entries are inputs. */
export interface WatchedFolder {
  dir: string;
  accept: (name: string) => boolean;
}

const YAML = /\.ya?ml$/;

/** Never inputs: hidden files (swap files, our own temporary files), backups, emacs auto-saves. */
export function isScratchName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /^#.*#$/.test(name) || /\.(swp|swx|tmp)$/.test(name) || name === '4913';
}

const yamlFile = (name: string) => YAML.test(name) && !isScratchName(name);
const anyFile = (name: string) => !isScratchName(name);

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A folder and the folders below it (not hidden), a few levels deep: a template folder and its partials. */
function foldersBelow(dir: string, depth = 3): string[] {
  if (!isFolder(dir)) return [];
  const out = [dir];
  if (depth === 0) return out;
  let names: fs.Dirent[] = [];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of names) if (e.isDirectory() && !isScratchName(e.name)) out.push(...foldersBelow(path.join(dir, e.name), depth - 1));
  return out;
}

/**
 * The folders holding a workspace's inputs. `files`: inputs known by name (definitions given on
 * the command line, every file a dossier was built from): those outside the usual folders are
 * watched by name in their own folder. `output`: the output folder, whose PDFs are never
 * inputs, wherever it lies (even --out sources).
 */
export function inputFolders(root: string, templateRoots: string[], files: Iterable<string>, output?: string): WatchedFolder[] {
  const folders: WatchedFolder[] = [
    { dir: root, accept: yamlFile },
    { dir: path.join(root, 'sources'), accept: anyFile },
    { dir: path.join(root, 'claims'), accept: yamlFile },
  ];
  for (const base of templateRoots) for (const dir of foldersBelow(base)) folders.push({ dir, accept: anyFile });
  const covered = new Map(folders.map((f) => [f.dir, f]));
  const named = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    const own = covered.get(dir);
    if (own?.accept(path.basename(file))) continue;
    if (!named.has(dir)) named.set(dir, new Set());
    named.get(dir)!.add(path.basename(file));
  }
  for (const [dir, names] of named) {
    const own = covered.get(dir);
    // A folder watched already whose filter refuses a named input (a snapshot called .notes) takes it too.
    if (own) {
      const before = own.accept;
      own.accept = (name) => before(name) || names.has(name);
    } else folders.push({ dir, accept: (name) => names.has(name) });
  }
  // The builds write <id>.pdf (through temporary files, which are scratch names) into the output folder.
  const out = output === undefined ? undefined : folders.find((f) => f.dir === output);
  if (out) {
    const before = out.accept;
    out.accept = (name) => before(name) && !name.endsWith('.pdf');
  }
  return folders;
}

/** path -> "size:mtime:inode" of every input file in the folders. */
export type Scan = Map<string, string>;

export function scanInputs(folders: WatchedFolder[]): Scan {
  const scan: Scan = new Map();
  for (const { dir, accept } of folders) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue; // not there (yet): its parent's watcher sees it come
    }
    for (const name of names) {
      if (!accept(name)) continue;
      const p = path.join(dir, name);
      try {
        const st = fs.statSync(p);
        if (st.isFile()) scan.set(p, `${st.size}:${st.mtimeMs}:${st.ino}`);
      } catch {
        // removed between the listing and now: the next scan sees it gone
      }
    }
  }
  return scan;
}

/** Files added, removed or changed from one scan to the next, sorted. */
export function changedFiles(before: Scan, after: Scan): string[] {
  const changed = new Set<string>();
  for (const [p, sig] of after) if (before.get(p) !== sig) changed.add(p);
  for (const p of before.keys()) if (!after.has(p)) changed.add(p);
  return [...changed].sort();
}

/**
 * fs.watch on each folder (no recursion); any event calls `poke`. Folders are added and
 * dropped as the workspace changes (a claims/ folder made after the start is watched from the
 * next round on; its files are then new to the scan).
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();

  constructor(private readonly poke: () => void) {}

  watch(folders: WatchedFolder[]): void {
    const wanted = new Set(folders.map((f) => f.dir).filter(isFolder));
    for (const [dir, w] of this.watchers) {
      if (wanted.has(dir)) continue;
      w.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = fs.watch(dir, { persistent: true }, () => this.poke());
        // A folder removed or unreadable: forget it; the next round looks again.
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
          this.poke();
        });
        this.watchers.set(dir, w);
      } catch {
        // gone since the check above: its parent's watcher reports it
      }
    }
  }

  get size(): number {
    return this.watchers.size;
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

/**
 * Calls `fire` once a burst of pokes is over: `quietMs` after the last one, or `maxMs` after
 * the first when they keep coming.
 */
export class Debouncer {
  private timer: NodeJS.Timeout | undefined;
  private first = 0;

  constructor(
    private readonly fire: () => void,
    private readonly quietMs = 100,
    private readonly maxMs = 1000,
  ) {}

  poke(): void {
    const now = Date.now();
    if (!this.timer) this.first = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.first + this.maxMs - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, wait);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
