export { scanProject, ALL_PASSES, type ProjectPass, type ProjectScanResult } from './scan.js';
export { projectRules } from './rules/index.js';
export { eslintRuleMetas } from './code/eslint.js';
export { resolveRelativeImport, resolvePythonImport } from './code/resolve-import.js';
export { LIBRARY_VARIABLES } from './rules/env-var-unused.js';
export type { JoinedFunction, ProjectModel } from './model.js';
export { rulesForPasses } from './rule-set.js';
