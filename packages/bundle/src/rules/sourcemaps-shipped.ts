import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { formatBytes, type BundleModel } from '../model.js';
import type { SizeFile } from '../size-tree.js';
import { fileIndex, FileKind } from '../file-index.js';
import { bytes, listSome, sumSizes } from '../rule-helpers.js';

const options = z.strictObject({
  inline: z
    .boolean()
    .default(true)
    .describe(
      'Also look for inline source maps (`//# sourceMappingURL=data:`) at the end of your own .js files.',
    ),
  dependencies: z.boolean().default(true).describe('Also report .map files inside node_modules.'),
});

/** First read of a file's tail; doubled (×8) while the last line starts before it. */
const FIRST_TAIL = 64 * 1024;
/** Own files checked for inline maps, biggest first: enough for any real handler, bounded for huge dist folders. */
const MAX_FILES_CHECKED = 500;
/** The data-URL comment as the last line of the file (esbuild, tsc and webpack all write it on its own line). */
const INLINE_MARKER = /(?:^|[\r\n])(\/\/[#@] sourceMappingURL=data:[^\r\n]*\s*)$/;

/**
 * Bytes of the inline source map at the end of `file`, or 0. Reads only the tail: a data URL
 * is one line, so reading back until the last line starts is enough.
 */
function inlineMapBytes(model: BundleModel, file: SizeFile): number {
  const readTail = model.readTail;
  if (!readTail) return 0;
  for (let window = FIRST_TAIL; ; window *= 8) {
    const tail = readTail(file.path, window);
    if (tail === undefined) return 0;
    const match = INLINE_MARKER.exec(tail);
    if (match) return Buffer.byteLength(match[1], 'utf8');
    // No marker, and the last line starts inside the window, or is not pure base64 (so not a data URL's tail), or the window is the whole file.
    if (!/^[A-Za-z0-9+/=]*$/.test(tail.trimEnd()) || window >= file.size) return 0;
  }
}

function isOwnScript(path: string): boolean {
  return /\.[cm]?js$/i.test(path);
}

export default defineRule<BundleModel, typeof options>({
  meta: {
    id: 'sourcemaps-shipped',
    description: 'Source maps are not shipped in the deployment package',
    severity: 'warning',
    tool: 'bundle',
    options,
  },
  check(model, context) {
    const own: SizeFile[] = [];
    const deps: SizeFile[] = [];
    const { kinds, sourceMapFiles } = fileIndex(model.tree);
    const groups = model.tree.groups;
    // The shared per-tree classification knows whether there is any map at all: usually there is none.
    for (let g = 0; sourceMapFiles > 0 && g < groups.length; g++) {
      const group = groups[g]!;
      const groupKinds = kinds[g]!;
      if (groupKinds.indexOf(FileKind.SourceMap) < 0) continue;
      for (let f = 0; f < groupKinds.length; f++) {
        if (groupKinds[f] === FileKind.SourceMap) (group.kind === 'own' ? own : deps).push(group.files[f]!);
      }
    }

    const inline: { path: string; size: number }[] = [];
    if (context.options.inline && model.readTail) {
      // A build's own code is its output files; a directory's is everything outside node_modules.
      const candidates: SizeFile[] = model.outputs
        ? model.outputs.map((o) => ({ path: o.path, size: o.bytes }))
        : model.tree.groups.filter((g) => g.kind === 'own').flatMap((g) => g.files);
      const scripts = candidates
        .filter((f) => isOwnScript(f.path))
        .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
      for (const file of scripts.slice(0, MAX_FILES_CHECKED)) {
        const size = inlineMapBytes(model, file);
        if (size > 0) inline.push({ path: file.path, size });
      }
    }

    const describe = (files: readonly { path: string; size: number }[]): string =>
      listSome(
        [...files]
          .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path))
          .map((f) => `${f.path} (${formatBytes(f.size)})`),
        5,
      );

    if (own.length > 0 || inline.length > 0) {
      const parts: string[] = [];
      if (own.length > 0)
        parts.push(`${own.length} .map file${own.length === 1 ? '' : 's'}: ${describe(own)}`);
      if (inline.length > 0)
        parts.push(
          `${inline.length} inline source map${inline.length === 1 ? '' : 's'}: ${describe(inline)}`,
        );
      const total = sumSizes(own) + sumSizes(inline);
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: ships ${bytes(total)} of source maps for its own code (${parts.join('; ')}). ` +
          'Lambda never reads them unless NODE_OPTIONS has --enable-source-maps, and then parsing them slows every cold start.',
        help:
          'Build with esbuild `sourcemap: false` (SAM `Metadata.BuildProperties.Sourcemap: false`, CDK `bundling.sourceMap: false`, tsc `"sourceMap": false`), ' +
          "or upload the maps to your error tracker and exclude them from the zip (`zip -x '*.map'`, Serverless `package.patterns: ['!**/*.map']`).",
      });
    }

    if (context.options.dependencies && deps.length > 0) {
      const total = sumSizes(deps);
      context.report({
        at: model.location,
        subject: model.subject,
        message:
          `${model.source}: ships ${bytes(total)} of source maps inside node_modules (${deps.length} .map file${deps.length === 1 ? '' : 's'}: ${describe(deps)}); ` +
          'they are never executed and only add to the package Lambda downloads at cold start.',
        help:
          "Bundle with esbuild (only the code you import is kept, without its maps), or exclude them when packaging: `zip -x '*.map'`, " +
          "Serverless `package.patterns: ['!node_modules/**/*.map']`, CDK `Code.fromAsset(dir, { exclude: ['**/*.map'] })`.",
      });
    }
  },
});
