import { parentPort } from 'node:worker_threads';
import { statRange, type StatRequest } from './file-size.js';

/** Stats a batch of regular files off the main thread: sizes in order, -1 when a file vanished or is unreadable. */
parentPort?.on('message', ({ root, rels }: StatRequest) => {
  const sizes = new Float64Array(rels.length);
  statRange(root, rels, sizes, 0, rels.length);
  parentPort!.postMessage(sizes, [sizes.buffer]);
});
