/**
 * `dossier init [DIR]`: a new workspace that checks and builds at once: sources/ with one
 * example source (an example text written for it, about an invented town, so that no quote is
 * put in a real publication's or person's mouth), claims/ with two claims quoting it, one
 * dossier definition, schemas/ for editors, and a .gitignore. Never replaces a file: if any of
 * them exists, nothing is written (see new-files.ts).
 */
import path from 'node:path';
import { handleInterrupts } from '../io/interrupt.js';
import { jsonSchemaDocument, type FileKind } from '../workspace/spec.js';
import { createFiles, creating, refuseInTheWay, shown, todayUtc, type NewFile } from './new-files.js';

export const EXAMPLE_SOURCE = 'example-desk-note';
export const EXAMPLE_DOSSIER = 'example-briefing';

const modeline = (schema: string) => `# yaml-language-server: $schema=${schema}\n`;

const SNAPSHOT = `EXAMPLE SOURCE. This text was written for the example workspace that dossier init creates.
It is not an article: Port Ellery is a town invented for this example, and nothing here is
about real people, places or events.

Port Ellery will run its harbour ferry every thirty minutes from the first of June, the town
council said on Monday.

The council said the new timetable would cost the town 40,000 euros a year.
`;

function sourceYaml(accessed: string): string {
  return `${modeline('../schemas/source.schema.json')}# An example source made by dossier init; its text is ${EXAMPLE_SOURCE}.txt beside this file.
# Add your own with: dossier source add FILE --id ID --title TITLE --publisher PUBLISHER --language LANG
id: "${EXAMPLE_SOURCE}"
title: "Example: the harbour ferry of an invented town (written for dossier init)"
publisher: "Example Desk"
language: "en"
accessed: "${accessed}"
`;
}

const CLAIMS = `${modeline('../schemas/claims.schema.json')}# Example claims. Every quote must occur word for word in the snapshot of its source
# (sources/${EXAMPLE_SOURCE}.txt); dossier check verifies them.
- id: example-ferry-every-thirty-minutes
  statement: "Port Ellery, an invented town, will run its harbour ferry every thirty minutes from 1 June."
  tags: [example]
  confidence: moderate
  evidence:
    - source: ${EXAMPLE_SOURCE}
      quote: "will run its harbour ferry every thirty minutes from the first of June"

- id: example-timetable-cost
  statement: "The new ferry timetable will cost Port Ellery 40,000 euros a year, its council says."
  tags: [example]
  evidence:
    - source: ${EXAMPLE_SOURCE}
      quote: "the new timetable would cost the town 40,000 euros a year"
`;

function dossierYaml(date: string): string {
  return `${modeline('schemas/dossier.schema.json')}# An example dossier definition: dossier build writes out/${EXAMPLE_DOSSIER}.pdf.
id: ${EXAMPLE_DOSSIER}
title: "Example briefing"
language: en
version: 0.1.0
date: "${date}"
summary: >-
  An example made by dossier init. Its only source is a text written for the example,
  about an invented town. Replace the source, the claims and this definition with your own.
sections:
  - title: "The example"
    select:
      tags: [example]
`;
}

const GITIGNORE = `# Written by dossier build and dossier release when run with this folder as the current one
# (--root .); when run from the folder above, ignore out/ and releases/ there.
/out/
/releases/
# Temporary files of a write that was cut short (the next run removes them)
.*.tmp
.tmp-*
`;

/** The files of a new workspace in dir, in the order they are written. */
export function initFiles(dir: string, date: string): NewFile[] {
  const at = (...p: string[]) => path.resolve(dir, ...p);
  const schemas = (['source', 'claims', 'dossier'] as FileKind[]).map((kind) => ({
    path: at('schemas', `${kind}.schema.json`),
    data: `${JSON.stringify(jsonSchemaDocument(kind), null, 2)}\n`,
    what: 'the schema',
  }));
  return [
    ...schemas,
    { path: at('sources', `${EXAMPLE_SOURCE}.txt`), data: SNAPSHOT, what: 'the example snapshot' },
    { path: at('sources', `${EXAMPLE_SOURCE}.yaml`), data: sourceYaml(date), what: 'the example source' },
    { path: at('claims', 'example.yaml'), data: CLAIMS, what: 'the example claims' },
    { path: at(`${EXAMPLE_DOSSIER}.yaml`), data: dossierYaml(date), what: 'the example dossier' },
    { path: at('.gitignore'), data: GITIGNORE, what: 'the .gitignore' },
  ];
}

export async function initCommand(dirArg: string | undefined): Promise<void> {
  handleInterrupts();
  const dir = dirArg ?? 'dossiers';
  await creating(async () => {
    const files = initFiles(dir, todayUtc());
    refuseInTheWay(files, `dossier init never overwrites a file: move it away, or make the workspace in another folder (dossier init DIR)`);
    await createFiles(files);
    const root = dirArg === undefined ? '' : ` --root ${shown(path.resolve(dir))}`;
    const lines = [
      `created a workspace in ${shown(path.resolve(dir))}/:`,
      ...files.map((f) => `  ${shown(f.path)}`),
      `next: dossier check${root}`,
      `      dossier build${root}          (writes out/${EXAMPLE_DOSSIER}.pdf)`,
      `      dossier source add FILE --id ID --title TITLE --publisher PUBLISHER --language LANG${root}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
