/**
 * A worker thread of a batch build. It loads and checks the workspace as soon as it starts
 * (workerData: root and the dossier files of the batch), while the main thread does the same
 * to report diagnostics, then builds the dossiers it claims from the batch's shared list
 * (pool.ts), posting each result back. Runs from the compiled dist/batch/worker.js.
 */
import { workerData } from 'node:worker_threads';
import { checkWorkspace } from '../build.js';
import { serveTasks } from './pool.js';
import { runBuildTask, type BuildTask } from './task.js';

export interface WorkerData {
  root: string;
  files: string[];
}

const data = workerData as WorkerData;
const cw = checkWorkspace(data.root, data.files);

serveTasks((task: BuildTask) => runBuildTask(cw, task));
