/**
 * A worker thread of a batch build. It loads and checks the workspace as soon as it starts
 * (workerData: root and the dossier files of the batch), while the main thread does the same
 * to report diagnostics, then builds each dossier it is sent and posts the result back.
 * Runs from the compiled dist/batch/worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkWorkspace } from '../build.js';
import { runBuildTask, type BuildTask } from './task.js';

export interface WorkerData {
  root: string;
  files: string[];
}

const data = workerData as WorkerData;
const cw = checkWorkspace(data.root, data.files);

// Tasks sent while the check ran wait in the port until this listener is added.
parentPort!.on('message', async (task: BuildTask) => {
  parentPort!.postMessage(await runBuildTask(cw, task));
});
