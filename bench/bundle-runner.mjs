// Fallback for the bundle benches when the CLI is not built: one fresh process that runs the bundle
// scanner over the given paths, like `lambda-lint bundle <paths>` would (prints the summary row).
import { bundleScanner } from '../packages/bundle/dist/index.js';
import { defaultConfigView } from '../packages/core/dist/index.js';

const result = await bundleScanner.scan({ paths: process.argv.slice(2), cwd: process.cwd(), config: defaultConfigView(bundleScanner.rules) });
for (const row of result.tables?.[0]?.rows ?? []) console.log(row.join('  '));
process.exitCode = result.findings.some((f) => f.fatal) ? 2 : 0;
