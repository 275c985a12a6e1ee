import type { Rule } from '@lambda-lint/core';
import type * as z from 'zod';
import type { TemplateModel } from '../model.js';
import asyncFailureDestination from './async-failure-destination.js';
import coldStart from './cold-start.js';
import concurrencyBudget from './concurrency-budget.js';
import concurrencyLimit from './concurrency-limit.js';
import deploymentSafety from './deployment-safety.js';
import eventSourceFailureDestination from './event-source-failure-destination.js';
import noPlaintextSecrets from './no-plaintext-secrets.js';
import provisionedConcurrencyAlias from './provisioned-concurrency-alias.js';
import runtimeLifecycle from './runtime-lifecycle.js';
import timeoutAlignment from './timeout-alignment.js';
import tracingActive from './tracing-active.js';

/** Every IaC rule: failure handling first, then throttling, observability, deployment, security, runtime and latency. */
export const iacRules: readonly Rule<TemplateModel, z.ZodType>[] = [
  asyncFailureDestination,
  eventSourceFailureDestination,
  concurrencyLimit,
  concurrencyBudget,
  provisionedConcurrencyAlias,
  tracingActive,
  deploymentSafety,
  noPlaintextSecrets,
  runtimeLifecycle,
  coldStart,
  timeoutAlignment,
];
