import type { TNode } from '../../src/node.js';

/** The tree as plain data, positions dropped: what the template means. */
export function plain(node: TNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'intrinsic':
      return { [node.name]: plain(node.arg) };
  }
}
