export { analyzePythonFile, type AnalyzePythonInput, type AnalyzePythonResult } from './analyze.js';
export { pythonScanner, pythonFiles } from './scanner.js';
export { pythonRules } from './rules/index.js';
export { resolvePythonModule } from './resolve.js';
