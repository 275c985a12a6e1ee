export * from './size-tree.js';
