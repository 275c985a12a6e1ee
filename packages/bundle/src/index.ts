export * from './size-tree.js';
export * from './model.js';
export { attribute, locatePackage, type AttributeOptions, type PackageLocation } from './attribute.js';
export {
  readZipDirectory,
  readZipFile,
  bufferSource,
  type ByteSource,
  type ZipDirectory,
  type ZipEntry,
  type ZipReaderOptions,
} from './sources/zip-reader.js';
export { listDirectory, type DirectoryListing, type ListOptions } from './sources/directory.js';
export { measureMetafile, readMetafile, ESBUILD_RUNTIME, type EsbuildMetafile } from './sources/metafile.js';
export {
  buildPackage,
  buildDefaults,
  handlerBuildOptions,
  describeBuildFailure,
  type BuildOptions,
} from './sources/build.js';
export {
  measureZip,
  measureDirectory,
  measureMetafileFile,
  measureBuild,
  inputIdentity,
  type PackageIdentity,
} from './sources/measure.js';
export {
  measureTemplate,
  measureTemplateModel,
  createLayerCache,
  type LayerCache,
  type TemplateMeasure,
} from './sources/template.js';
export { bundleRules } from './rules/index.js';
export { budgetFor } from './rules/package-size-budget.js';
export {
  bundleScanner,
  classifyInput,
  measureInput,
  summaryTable,
  checkPackage,
  writeTreemap,
  type BundleInput,
  type BundleInputKind,
} from './scanner.js';
export type { Requirement, RequirementsFile } from './requirements.js';
