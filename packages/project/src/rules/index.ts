import type { Rule } from '@lambda-lint/core';
import type * as z from 'zod';
import type { ProjectModel } from '../model.js';
import envVarUnused from './env-var-unused.js';
import handlerUnresolved from './handler-unresolved.js';

/** Rules of the join: they need a function's template and its code together. */
export const projectRules: readonly Rule<ProjectModel, z.ZodType>[] = [handlerUnresolved, envVarUnused];
