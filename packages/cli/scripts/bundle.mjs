// Bundles the tsc output of the CLI (dist/bin.js and everything it imports) into dist/bundled/
// with esbuild, so that Node loads a handful of files instead of hundreds at start-up.
// Usage (after `tsc -b`): node packages/cli/scripts/bundle.mjs
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.dirname(cliDir);
const repoRoot = path.dirname(packagesDir);
const outdir = path.join(cliDir, 'dist/bundled');
const entry = path.join(cliDir, 'dist/bin.js');
if (!existsSync(entry)) {
  console.error(`${path.relative(process.cwd(), entry)} not found: run \`tsc -b\` first`);
  process.exit(2);
}
const { version } = JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8'));

// Stay real packages: native binaries (esbuild), and the ESLint / TypeScript stacks, which are
// large, load their own plugins by name and are only needed by `lambda-lint rules`. Our ESLint
// plugin too: it reads its own package.json at load, and ESLint users import that same package.
const EXTERNAL = [
  'esbuild',
  'eslint',
  'typescript',
  '@typescript-eslint/*',
  'playwright-core',
  '@lambda-lint/eslint-plugin',
];

// Our packages load a few files by URL (`new URL('./treemap.js', import.meta.url)`: lazy modules
// and a worker). esbuild does not follow those, so each target becomes an entry point of its own,
// written at the same relative path from the bundle's directory, where every chunk lives.
const URL_REFERENCE = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+?)\.js\1\s*,\s*import\.meta\.url\s*\)/g;
const OUR_DIST_FILE = /[\\/]packages[\\/][^\\/]+[\\/]dist[\\/].*\.js$/;

function* distFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && full !== outdir) yield* distFiles(full);
    else if (entry.isFile() && entry.name.endsWith('.js')) yield full;
  }
}

const entryPoints = { bin: entry };
for (const pkg of readdirSync(packagesDir)) {
  const dist = path.join(packagesDir, pkg, 'dist');
  const manifest = path.join(packagesDir, pkg, 'package.json');
  if (!existsSync(dist) || !existsSync(manifest)) continue;
  if (EXTERNAL.includes(JSON.parse(readFileSync(manifest, 'utf8')).name)) continue;
  for (const file of distFiles(dist)) {
    for (const match of readFileSync(file, 'utf8').matchAll(URL_REFERENCE)) {
      const literal = match[2];
      if (literal.startsWith('../')) {
        throw new Error(`${file}: "${literal}.js" leaves its directory; the bundle cannot mirror that path`);
      }
      const name = literal.slice(2);
      const target = path.resolve(path.dirname(file), `${literal}.js`);
      if (entryPoints[name] !== undefined && entryPoints[name] !== target) {
        throw new Error(`two files are loaded by URL as "./${name}.js": ${entryPoints[name]} and ${target}`);
      }
      entryPoints[name] = target;
    }
  }
}

/** Points the URL references at the `.mjs` files this build writes. */
const urlReferences = {
  name: 'url-references',
  setup(build) {
    build.onLoad({ filter: OUR_DIST_FILE }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!URL_REFERENCE.test(source)) return undefined;
      URL_REFERENCE.lastIndex = 0;
      return {
        contents: source.replace(
          URL_REFERENCE,
          (_all, quote, literal) => `new URL(${quote}${literal}.mjs${quote}, import.meta.url)`,
        ),
        loader: 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

/**
 * yaml's `node` export is CommonJS (dozens of wrapped modules that esbuild cannot tree-shake or
 * hoist); its `default` export is the same code as ES modules. Only its warnings differ
 * (console.warn instead of process.emitWarning), so the bundle takes the ES modules.
 */
const yamlAsEsm = {
  name: 'yaml-as-esm',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, async (args) => {
      const manifest = await build.resolve('yaml/package.json', {
        kind: args.kind,
        resolveDir: args.resolveDir,
      });
      if (manifest.errors.length > 0) return undefined;
      const esm = path.join(path.dirname(manifest.path), 'browser/index.js');
      if (!existsSync(esm)) throw new Error(`yaml moved its ES module build: ${esm} is missing`);
      return { path: esm };
    });
  },
};

/**
 * node:crypto costs a few milliseconds to load and only the gitlab reporter needs it (a
 * fingerprint hash): its functions are wrapped so that the module loads on the first call.
 * Importing anything but a function from it fails the build, loudly.
 */
const lazyCrypto = {
  name: 'lazy-node-crypto',
  setup(build) {
    build.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      // The wrapper's own require() is the real module.
      args.namespace === 'lazy-builtin'
        ? { path: 'node:crypto', external: true }
        : { path: 'node:crypto', namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async () => {
      const crypto = await import('node:crypto');
      const functions = Object.keys(crypto).filter(
        (name) => /^[a-z]\w*$/.test(name) && typeof crypto[name] === 'function',
      );
      return {
        // `require` comes from the banner below.
        contents: [
          'let crypto; const load = () => (crypto ??= require("node:crypto"));',
          ...functions.map((name) => `export function ${name}(...args) { return load().${name}(...args); }`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

/**
 * The Terraform loader uses only the Lezer parser of codemirror-lang-hcl; the editor half of
 * `@codemirror/language` it imports (view, state: ~200 KiB) is replaced by the few names the
 * grammar module calls at load time, so `lambda-lint iac` does not load an editor.
 */
const editorlessHcl = {
  name: 'editorless-hcl',
  setup(build) {
    build.onResolve({ filter: /^@codemirror\/language$/ }, (args) => ({
      path: 'codemirror-language',
      namespace: 'editorless-hcl',
      pluginData: { resolveDir: args.resolveDir },
    }));
    build.onLoad({ filter: /.*/, namespace: 'editorless-hcl' }, (args) => ({
      contents: [
        "import { NodeProp } from '@lezer/common';",
        'export const indentNodeProp = new NodeProp();',
        'export const foldNodeProp = new NodeProp();',
        'export const delimitedIndent = () => () => null;',
        'export const foldInside = () => null;',
        'export const LRLanguage = { define: (spec) => ({ parser: spec.parser }) };',
        'export class LanguageSupport { constructor(language) { this.language = language; } }',
      ].join('\n'),
      resolveDir: args.pluginData.resolveDir,
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints,
  outdir,
  // Paths in the metafile are relative to the repository, wherever the script is run from.
  absWorkingDir: repoRoot,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // `BUNDLE_NAMES=1 node packages/cli/scripts/bundle.mjs` keeps names readable in CPU profiles.
  minify: !process.env.BUNDLE_NAMES,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  external: EXTERNAL,
  // CommonJS dependencies (yaml, picomatch, yauzl) call `require` for Node built-ins.
  banner: {
    js: 'import{createRequire as __llCreateRequire}from"node:module";const require=__llCreateRequire(import.meta.url);',
  },
  define: { __LAMBDA_LINT_VERSION__: JSON.stringify(version) },
  // Loaded only when LAMBDA_LINT_DEBUG=1 turns source maps on (bin.ts), for readable stack traces.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  plugins: [urlReferences, yamlAsEsm, lazyCrypto, editorlessHcl],
});

// Every rewritten URL must name a file this build wrote, relative to the chunk that holds it.
for (const output of Object.keys(result.metafile.outputs).filter((o) => o.endsWith('.mjs'))) {
  const file = path.resolve(repoRoot, output);
  for (const match of readFileSync(file, 'utf8').matchAll(
    /new URL\((['"])(\.\/[^'"]+\.mjs)\1,import\.meta\.url\)/g,
  )) {
    const target = path.resolve(path.dirname(file), match[2]);
    if (!existsSync(target))
      throw new Error(`${output} loads ${match[2]}, which the bundle does not contain`);
  }
}

// Any other use of import.meta.url in bundled code would point into dist/bundled/, not at its package.
const META_URL_ALLOWED = new Set(['packages/cli/dist/help.js']); // guarded by __LAMBDA_LINT_VERSION__
for (const input of Object.keys(result.metafile.inputs).filter((i) => i.startsWith('packages/'))) {
  const source = readFileSync(path.join(repoRoot, input), 'utf8');
  const uses = source.split('import.meta.url').length - 1;
  const handled = [...source.matchAll(URL_REFERENCE)].filter((m) => !m[2].startsWith('../')).length;
  if (uses > handled && !META_URL_ALLOWED.has(input)) {
    throw new Error(
      `${input} uses import.meta.url in a way the bundle cannot relocate; make its package external or load the file with new URL('./x.js', import.meta.url)`,
    );
  }
}

// The configuration schema ships with the CLI, where editors' modelines point (node_modules/lambda-lint/schema/).
mkdirSync(path.join(cliDir, 'schema'), { recursive: true });
copyFileSync(
  path.join(cliDir, '../../docs/schema/lambda-lint.config.schema.json'),
  path.join(cliDir, 'schema/lambda-lint.config.schema.json'),
);

// Read by the start-up test: which sources each chunk holds.
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
const files = Object.entries(result.metafile.outputs).filter(([o]) => o.endsWith('.mjs'));
const bytes = files.reduce((sum, [, o]) => sum + o.bytes, 0);
const binBytes = result.metafile.outputs['packages/cli/dist/bundled/bin.mjs']?.bytes ?? 0;
console.log(
  `bundled lambda-lint ${version} into packages/cli/dist/bundled: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB (bin.mjs ${(binBytes / 1024).toFixed(1)} KiB)`,
);
