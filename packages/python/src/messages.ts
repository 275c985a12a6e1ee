import type { PyFunction, Reach } from './module.js';

/** ` in the Lambda handler \`lambda_handler\`` or ` in \`get_table\`, which the Lambda handler calls (lambda_handler → get_table)`. */
export function reachText(fn: PyFunction, reach: Reach): string {
  const functions = reach.functions.length > 0 ? ` of ${reach.functions.map((f) => f.id).join(', ')}` : '';
  if (reach.path.length === 1) return ` in the Lambda handler \`${reach.path[0]}\`${functions}`;
  return ` in \`${fn.label}\`, which the Lambda handler${functions} calls (${reach.path.join(' → ')})`;
}
