export {
  scanProject,
  ALL_PASSES,
  type ProjectPass,
  type ProjectScanResult,
  type ScanOptions,
  type ScanProgress,
} from './scan.js';
export { AnalysisCache } from './cache.js';
export { changedFiles, GitError } from './changed.js';
export { projectRules } from './rules/index.js';
export { eslintRuleMetas } from './code/eslint.js';
export { resolveRelativeImport, resolvePythonImport } from './code/resolve-import.js';
export { LIBRARY_VARIABLES } from './rules/env-var-unused.js';
export type { JoinedFunction, ProjectModel } from './model.js';
export { rulesForPasses } from './rule-set.js';
