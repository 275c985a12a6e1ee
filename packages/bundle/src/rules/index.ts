import type { Rule } from '@lambda-lint/core';
import type * as z from 'zod';
import type { BundleModel } from '../model.js';
import awsSdkBundled from './aws-sdk-bundled.js';
import devDependenciesShipped from './dev-dependencies-shipped.js';
import duplicatePackages from './duplicate-packages.js';
import junkFiles from './junk-files.js';
import lambdaHardLimits from './lambda-hard-limits.js';
import packageIntegrity from './package-integrity.js';
import packageSizeBudget from './package-size-budget.js';
import sourcemapsShipped from './sourcemaps-shipped.js';

/** Every bundle rule, in docs order. */
export const bundleRules: readonly Rule<BundleModel, z.ZodType>[] = [
  packageIntegrity,
  packageSizeBudget,
  lambdaHardLimits,
  awsSdkBundled,
  sourcemapsShipped,
  devDependenciesShipped,
  duplicatePackages,
  junkFiles,
];
