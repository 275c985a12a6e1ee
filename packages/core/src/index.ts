export * from './finding.js';
export * from './rule.js';
export * from './scanner.js';
export * from './function-facts.js';
export * from './run-rules.js';
export * from './config.js';
export * from './suppressions.js';
export * from './reporters/index.js';
