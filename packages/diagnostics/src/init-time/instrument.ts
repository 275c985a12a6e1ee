/**
 * Adds per-module timing hooks to an unminified esbuild bundle. esbuild starts each module's
 * top-level code with a `// path/to/file.js` comment at column 0 and wraps lazily evaluated modules in
 * `__commonJS` / `__esm` helpers; a call before each comment marks where one module's time ends, and
 * the helpers are wrapped to time each module the first time it runs. Undefined when the text does
 * not look like such a bundle (minified, another bundler): the run then reports totals only.
 */
export function instrumentBundle(text: string): string | undefined {
  const lines = text.split('\n');
  let marks = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ ((?:[\w@.$+-]+\/)*[\w@.$+-]+\.[cm]?[jt]sx?)$/.exec(lines[i]!);
    if (!m) continue;
    // On the comment's own line, so that line numbers (and the source map) stay as esbuild wrote them.
    const hooks =
      marks === 0
        ? 'if (typeof __commonJS === "function") __commonJS = globalThis.__lambdaLintInit.wrap(__commonJS); if (typeof __esm === "function") __esm = globalThis.__lambdaLintInit.wrap(__esm); '
        : '';
    lines[i] = `${hooks}globalThis.__lambdaLintInit.mark(${JSON.stringify(m[1])}); ${lines[i]}`;
    marks++;
  }
  const out = lines;
  return marks > 0 ? out.join('\n') : undefined;
}

/** `node_modules/@aws-sdk/client-s3/dist-cjs/index.js` → `@aws-sdk/client-s3`; own files keep their path. */
export function moduleName(id: string, roots: readonly string[]): string {
  const posix = id.split('\\').join('/');
  const at = posix.lastIndexOf('node_modules/');
  if (at !== -1) {
    const parts = posix.slice(at + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  for (const root of roots) {
    const prefix = root.split('\\').join('/').replace(/\/?$/, '/');
    if (posix.startsWith(prefix)) return posix.slice(prefix.length);
  }
  return posix;
}
