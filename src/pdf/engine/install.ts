/**
 * The hooks that patch prototypes, installed once per process: those on classes pdfmake makes
 * deep inside its layout (TextBreaker and TextInlines in DocMeasure, ElementWriter under PageElementWriter),
 * which the engine's subclasses (document.ts) cannot reach. Each leaves pdfmake's behaviour
 * unchanged for inputs the engine did not make. The pins are checked first.
 */
import { installBodyPlacement } from './hooks/body-placement.js';
import { installInlineMeasure } from './hooks/inline-measure.js';
import { installLineBreaks } from './hooks/line-breaks.js';
import { installLineOrder } from './hooks/line-order.js';
import { installSharedFaces } from './hooks/shared-faces.js';
import { checkPins } from './pin.js';

let installed = false;

export function installPrototypeHooks(): void {
  if (installed) return;
  checkPins();
  // Before anything loads pdfkit: it keeps the fontkit module object it first gets.
  installSharedFaces();
  installLineBreaks();
  installInlineMeasure();
  installLineOrder();
  installBodyPlacement();
  installed = true;
}
