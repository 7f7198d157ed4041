// bidi-js 1.1.0 ships ESM-style typings (`export default function bidiFactory()`) for a CommonJS/UMD bundle whose
// module.exports IS that factory. Under "module": "NodeNext" TypeScript then types the default import as the
// module namespace ("not callable"). This declaration describes what Node actually returns for
// `import bidiFactory from 'bidi-js'`.
declare module 'bidi-js' {
  import type { Bidi } from 'bidi-js/src/bidi.js';
  function bidiFactory(): Bidi;
  export = bidiFactory;
}
