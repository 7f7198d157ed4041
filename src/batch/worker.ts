/**
 * A worker thread of a batch build. It loads and checks the workspace once (workerData:
 * root and the dossier files of the batch), then builds each dossier it is sent and posts
 * the result back. Runs from the compiled dist/batch/worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkWorkspace, type CheckedWorkspace } from '../build.js';
import { runBuildTask, type BuildTask } from './task.js';

export interface WorkerData {
  root: string;
  files: string[];
}

const data = workerData as WorkerData;
let cw: CheckedWorkspace | undefined;

parentPort!.on('message', async (task: BuildTask) => {
  cw ??= checkWorkspace(data.root, data.files);
  parentPort!.postMessage(await runBuildTask(cw, task));
});
