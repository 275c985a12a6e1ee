import { lstatSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

/** Stats a batch of regular files off the main thread: sizes in order, -1 when a file vanished or is unreadable. */
parentPort?.on('message', (paths: string[]) => {
  const sizes = new Float64Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    try {
      const stats = lstatSync(paths[i]!, { throwIfNoEntry: false });
      sizes[i] = stats ? stats.size : -1;
    } catch {
      sizes[i] = -1;
    }
  }
  parentPort!.postMessage(sizes, [sizes.buffer]);
});
