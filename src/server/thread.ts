/** Body of a compute thread of the server's engine: runs one task per message, in order, and
 *  replies with its outcome and the task's id. */

import { parentPort } from 'node:worker_threads';
import { runTask, TaskState, type Task } from './tasks.js';

const state = new TaskState();

parentPort?.on('message', (message: { id: number; task: Task }) => {
  void runTask(state, message.task).then((outcome) => parentPort?.postMessage({ id: message.id, outcome }));
});
