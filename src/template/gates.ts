/**
 * Gates a template passes for a dossier's language before it runs (render.ts calls them, so
 * `check` and `build` apply the same ones): every label key written as a literal, {{t "key"}},
 * is in labels.yaml for that language (or in English, which stands in for missing labels), and
 * every style class written in the markup, class="name", is defined in styles.yaml. Each
 * problem is reported at the template file's line and column, also inside branches this
 * dossier does not take (a release's "Changes since" section, a summary it lacks). Keys chosen
 * from data ({{t status}}) are checked as the template runs (render.ts, helper t).
 */
import { didYouMean, type Diagnostic } from '../diagnostics.js';
import { QR_HINT, qrSize, qrValueProblem } from './qr.js';

interface TemplateFile {
  file: string;
  ast: hbs.AST.Program;
}

type AnyNode = { type: string; loc?: hbs.AST.SourceLocation } & Record<string, unknown>;

/**
 * The nodes of each syntax tree, listed once: a template's files are checked when the template
 * is loaded and gated again for every dossier that uses it. (Compiling a template may replace a
 * literal helper name in a statement by a path; the statements listed stay those of the tree.)
 */
const listed = new WeakMap<hbs.AST.Program, readonly AnyNode[]>();

/** Every node of a template's syntax tree, in document order, without recursion. */
export function astNodes(ast: hbs.AST.Program): readonly AnyNode[] {
  let nodes = listed.get(ast);
  if (!nodes) listed.set(ast, (nodes = listNodes(ast)));
  return nodes;
}

function listNodes(ast: hbs.AST.Program): AnyNode[] {
  const nodes: AnyNode[] = [];
  const stack: unknown[] = [ast];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const node = v as AnyNode;
    if (typeof node.type === 'string') nodes.push(node);
    for (const [k, child] of Object.entries(node)) if (k !== 'loc' && child && typeof child === 'object') stack.push(child);
  }
  return nodes;
}

/** `label "x" is not in labels.yaml for "ar"`, with English as the stand-in where it is one. */
export function missingLabelMessage(key: string, lang: string): string {
  return `label "${key}" is not in labels.yaml for "${lang}"${lang.split('-')[0] === 'en' ? '' : ' (nor for "en", which stands in for missing labels)'}`;
}

export function missingLabelHint(key: string, labels: Record<string, string>): string {
  const guess = didYouMean(key, Object.keys(labels));
  return `${guess ? `did you mean "${guess}"? ` : ''}add "${key}" to the template's labels.yaml; a missing label would print as its key`;
}

/** A <qr> element written whole in the template's text, with no {{ }} inside it. */
const QR_TAG = /<qr\b([^<>{}]*)>/g;
const ATTR = /([a-z]+)\s*=\s*(["'])([^"']*)\2/g;

/** What is wrong with a <qr> written with literal attributes (one filled from data is checked as it is parsed: markup.ts). */
function literalQrProblem(attrText: string): string | undefined {
  const attrs = Object.fromEntries([...attrText.matchAll(ATTR)].map((m) => [m[1], m[3]]));
  const size = qrSize(attrs.size);
  return qrValueProblem(attrs.value) ?? (typeof size === 'string' ? size : undefined);
}

/** Line and column of `index` in a content statement that starts at line, col. */
function positionIn(text: string, index: number, line: number, col: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const nl = before.lastIndexOf('\n');
  return { line: line + before.split('\n').length - 1, col: nl < 0 ? col + before.length : before.length - nl };
}

const CLASS_ATTR = /\bclass\s*=\s*(["'])([^"'{}<>]*)\1/g;

export function templateGates(files: TemplateFile[], lang: string, labels: Record<string, string>, styles: Record<string, unknown>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const tf of files) {
    for (const node of astNodes(tf.ast)) {
      const line = node.loc?.start.line ?? 1;
      const col = (node.loc?.start.column ?? 0) + 1;
      if (node.type === 'MustacheStatement' || node.type === 'SubExpression') {
        const s = node as unknown as hbs.AST.MustacheStatement;
        const key = s.params[0] as hbs.AST.StringLiteral | undefined;
        if (
          s.path.type === 'PathExpression' &&
          (s.path as hbs.AST.PathExpression).original === 't' &&
          key?.type === 'StringLiteral' &&
          !Object.hasOwn(labels, key.value)
        ) {
          out.push({ file: tf.file, line, col, severity: 'error', message: missingLabelMessage(key.value, lang), hint: missingLabelHint(key.value, labels) });
        }
      } else if (node.type === 'ContentStatement') {
        const text = (node as unknown as { original: string }).original;
        for (const m of text.matchAll(QR_TAG)) {
          const problem = literalQrProblem(m[1]);
          if (problem) {
            out.push({
              file: tf.file,
              ...positionIn(text, m.index, line, col),
              severity: 'error',
              message: `<qr> ${problem}`,
              hint: QR_HINT,
            });
          }
        }
        for (const m of text.matchAll(CLASS_ATTR)) {
          // The whole value is one class: the typesetter looks it up as it is written.
          const cls = m[2].trim();
          if (cls && !Object.hasOwn(styles, cls)) {
            const before = text.slice(0, m.index);
            const nl = before.lastIndexOf('\n');
            const at = { line: line + before.split('\n').length - 1, col: nl < 0 ? col + before.length : before.length - nl };
            const guess = didYouMean(cls, Object.keys(styles));
            out.push({
              file: tf.file,
              ...at,
              severity: 'error',
              message: `style class "${cls}" is not defined in styles.yaml`,
              hint: `${guess ? `did you mean "${guess}"? ` : ''}define it in the template's styles.yaml (an empty "${cls}: {}" takes the element's style), or remove the class`,
            });
          }
        }
      }
    }
  }
  return out;
}
