// Fresh-process runners for the bundle benches.
//   node bench/bundle-runner.mjs <paths…>         the bundle scanner over the paths, like `lambda-lint bundle <paths>`
//                                                 without the CLI (prints the summary rows)
//   node bench/bundle-runner.mjs --total <dir>    only totals the directory (the listing `du -sb` is compared with)
const args = process.argv.slice(2);
if (args[0] === '--total') {
  const { listDirectory } = await import('../packages/bundle/dist/sources/directory.js');
  const listing = await listDirectory(args[1]);
  console.log(`${listing.total}\t${listing.files.length} files\t${args[1]}`);
} else {
  const { bundleScanner } = await import('../packages/bundle/dist/index.js');
  const { defaultConfigView } = await import('../packages/core/dist/index.js');
  const result = await bundleScanner.scan({
    paths: args,
    cwd: process.cwd(),
    config: defaultConfigView(bundleScanner.rules),
  });
  for (const row of result.tables?.[0]?.rows ?? []) console.log(row.join('  '));
  process.exitCode = result.findings.some((f) => f.fatal) ? 2 : 0;
}
