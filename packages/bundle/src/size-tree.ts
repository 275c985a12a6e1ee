/**
 * What a deployment package is made of, in uncompressed bytes (what Lambda counts
 * against the 250 MiB limit). Invariant: `total` equals the sum of every file's
 * `size`, to the byte.
 */
export interface SizeTree {
  /** Display name: function logical ID, zip path or directory. */
  name: string;
  /** Uncompressed bytes. */
  total: number;
  /** Compressed bytes when measured from a zip, else undefined. */
  compressed?: number;
  /** The function's own code (everything outside node_modules), then one group per npm package path. */
  groups: SizeGroup[];
}

export interface SizeGroup {
  kind: 'own' | 'package';
  /** `python` for a distribution installed with pip (`*.dist-info`, layer `python/`); absent for npm packages. */
  ecosystem?: 'python';
  /** `own`, or the npm package name (`@aws-sdk/client-s3`), or the Python distribution name (`requests`). */
  name: string;
  /** From the nearest package.json, when it could be read. */
  version?: string;
  /** Directory of the package inside the bundle (`node_modules/.pnpm/x@1/node_modules/x`), to tell duplicates apart. */
  path: string;
  size: number;
  files: SizeFile[];
}

export interface SizeFile {
  /** Path inside the package (zip entry name, path relative to the directory, or esbuild input). */
  path: string;
  size: number;
  compressed?: number;
}
