// Worker-thread entry for `pixl edit`: sets up one runner, then edits each job it is posted.
import { parentPort, workerData } from "node:worker_threads";
import type { EditJob, EditWorkerSetup } from "./edit-batch.js";
import { createEditRunner } from "./edit-runner.js";

const port = parentPort;
if (port) {
  const runner = await createEditRunner(workerData as EditWorkerSetup);
  port.on("message", (job: EditJob) => {
    void runner.edit(job).then((result) => port.postMessage(result));
  });
}
