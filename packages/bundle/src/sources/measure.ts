import { join } from 'node:path';
import type { Location, Subject } from '@lambda-lint/core';
import { attribute, TreeBuilder } from '../attribute.js';
import type { BundleModel, PackageKind } from '../model.js';
import { attributePythonPackages, hasPythonPackages, zipTextReader } from '../python-packages.js';
import { REQUIREMENTS_MAX_BYTES, requirementsEntry, type RequirementsFile } from '../requirements.js';
import type { SizeTree } from '../size-tree.js';
import { packageJsonVersion, readFileTail } from '../util.js';
import { buildPackage, type BuildOptions } from './build.js';
import { listDirectory, type ListOptions } from './directory.js';
import { readMetafile } from './metafile.js';
import { readZipFile, type ZipReaderOptions } from './zip-reader.js';

/** Who the package belongs to and where findings point; defaults to the input itself at line 1. */
export interface PackageIdentity {
  subject: Subject;
  location: Location;
  runtime?: string;
  architecture?: 'x86_64' | 'arm64';
}

/** Identity of a package given directly on the command line: the input path, line 1. */
export function inputIdentity(display: string): PackageIdentity {
  return {
    subject: { kind: 'package', id: display },
    location: { file: display, range: { line: 1, column: 1 } },
  };
}

function baseModel(
  kind: PackageKind,
  display: string,
  identity: PackageIdentity,
  tree: SizeTree,
): BundleModel {
  return {
    subject: identity.subject,
    location: identity.location,
    kind,
    source: display,
    ...(identity.runtime !== undefined && { runtime: identity.runtime }),
    ...(identity.architecture !== undefined && { architecture: identity.architecture }),
    tree,
    layers: [],
    problems: [],
  };
}

/** A zip measured from its central directory. Versions stay unknown: entries are never inflated. */
export function measureZip(
  file: string,
  display: string,
  identity = inputIdentity(display),
  options?: ZipReaderOptions,
): BundleModel {
  // The reader groups each entry into the tree in the same pass that decodes it.
  const builder = new TreeBuilder();
  let directory;
  try {
    directory = readZipFile(file, { ...options, tree: builder });
  } catch (error) {
    const model = baseModel('zip', display, identity, attribute([], { name: identity.subject.id }));
    model.problems.push({
      kind: 'unreadable-input',
      detail: `the zip cannot be read: ${(error as Error).message}`,
      fatal: true,
    });
    return model;
  }
  let tree = builder.finish({ name: identity.subject.id });
  // The entry index is built only for a package with metadata or a requirements.txt to read.
  let reader: ((path: string) => string | undefined) | undefined;
  const readText = (path: string) => (reader ??= zipTextReader(file, directory.entries))(path);
  if (hasPythonPackages(tree)) tree = attributePythonPackages(tree, readText);
  const model = baseModel('zip', display, identity, tree);
  model.zippedSize = directory.fileSize;
  model.problems.push(...directory.problems);
  const requirements = readRequirements(tree, readText);
  if (requirements) model.requirements = requirements;
  return model;
}

/** A directory as Lambda counts it unzipped; versions from each package's package.json. */
export async function measureDirectory(
  dir: string,
  display: string,
  identity = inputIdentity(display),
  options: Pick<ListOptions, 'skip'> = {},
): Promise<BundleModel> {
  const listing = await listDirectory(dir, options);
  let tree = attribute(listing.files, {
    name: identity.subject.id,
    versionOf: (path) => packageJsonVersion(dir, path),
  });
  if (hasPythonPackages(tree))
    tree = attributePythonPackages(tree, (path) => readFileTail(join(dir, path), 16 * 1024 * 1024));
  const model = baseModel('directory', display, identity, tree);
  model.rootDir = dir;
  model.readTail = (path, maxBytes) => readFileTail(join(dir, path), maxBytes);
  model.problems.push(...listing.problems);
  const requirements = readRequirements(tree, (path) =>
    readFileTail(join(dir, path), REQUIREMENTS_MAX_BYTES),
  );
  if (requirements) model.requirements = requirements;
  return model;
}

/** The package's requirements file with its text, when it has one that can be read. */
function readRequirements(
  tree: SizeTree,
  read: (path: string) => string | undefined,
): RequirementsFile | undefined {
  const entry = requirementsEntry(tree);
  if (!entry || entry.size > REQUIREMENTS_MAX_BYTES) return undefined;
  const text = read(entry.path);
  return text === undefined ? undefined : { path: entry.path, text };
}

/** An esbuild metafile; versions come from package.json files next to the inputs, when they are on disk. */
export function measureMetafileFile(
  file: string,
  display: string,
  identity = inputIdentity(display),
): BundleModel {
  const measured = readMetafile(file, identity.subject.id);
  const model = baseModel('metafile', display, identity, measured.tree);
  model.outputs = measured.outputs;
  model.problems.push(...measured.problems);
  return model;
}

/** A handler entry bundled in memory with esbuild, the way SAM/CDK would. */
export async function measureBuild(
  options: Omit<BuildOptions, 'name'>,
  display: string,
  identity = inputIdentity(display),
): Promise<BundleModel> {
  const runtime = options.runtime ?? identity.runtime;
  const measured = await buildPackage({
    ...options,
    ...(runtime !== undefined && { runtime }),
    name: identity.subject.id,
  });
  const model = baseModel('build', display, identity, measured.tree);
  model.outputs = measured.outputs;
  model.build = measured.build;
  model.readTail = (path, maxBytes) => {
    const contents = measured.contents.get(path);
    if (!contents) return undefined;
    return Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength)
      .subarray(Math.max(0, contents.byteLength - maxBytes))
      .toString('utf8');
  };
  model.problems.push(...measured.problems);
  return model;
}
