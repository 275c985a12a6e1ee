import { parentPort } from 'node:worker_threads';
import { regularFileSize } from './file-size.js';

/** Stats a batch of regular files off the main thread: sizes in order, -1 when a file vanished or is unreadable. */
parentPort?.on('message', (paths: string[]) => {
  const sizes = new Float64Array(paths.length);
  for (let i = 0; i < paths.length; i++) sizes[i] = regularFileSize(paths[i]!);
  parentPort!.postMessage(sizes, [sizes.buffer]);
});
