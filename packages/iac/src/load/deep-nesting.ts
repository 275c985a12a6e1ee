type CstNode = { type: string; offset?: number; value?: CstNode; items?: CstItem[] };
type CstItem = { key?: CstNode | null; value?: CstNode | null };

/**
 * Offset of the first collection nested deeper than `limit` in `yaml`'s concrete syntax
 * tree, found with an explicit stack. Checked before composing because the composer
 * recurses once per level: far enough down, it runs out of JS stack, and V8 can abort
 * the whole process (not just throw) if that happens while it compiles a regular expression.
 */
export function findDeepNesting(tokens: readonly unknown[], limit: number): number | undefined {
  const nodes: CstNode[] = [];
  const depths: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    nodes.push(tokens[i] as CstNode);
    depths.push(0);
  }
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (node.type === 'document') {
      if (node.value) {
        nodes.push(node.value);
        depths.push(depth);
      }
      continue;
    }
    const items = node.items;
    if (items === undefined) continue;
    const level = depth + 1;
    if (level > limit) return node.offset ?? 0;
    // Pushed in reverse so the first deep spot in document order is the one reported.
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      const value = item.value;
      if (value && value.items !== undefined) {
        nodes.push(value);
        depths.push(level);
      }
      const key = item.key;
      if (key && key.items !== undefined) {
        nodes.push(key);
        depths.push(level);
      }
    }
  }
  return undefined;
}
