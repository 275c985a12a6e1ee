import { defineRule, type ReportDescriptor } from '@lambda-lint/core';
import {
  SDK_RESOURCE_PARAMETERS,
  classifySelfIdentifyingValue,
  isAccountId,
  isRegionCode,
  isUniversalResourceValue,
  looksLikeRemoteHost,
  toEnvVarName,
} from '@lambda-lint/core/aws-patterns';
import * as z from 'zod';
import {
  isDictKey,
  isDocstring,
  isEnvironmentFallback,
  isLambdaEdge,
  isLogArgument,
  originText,
  resolveString,
  useEnvironmentFix,
  type ResolvedString,
} from '../literals.js';
import type { PythonModule } from '../module.js';
import {
  argumentsOf,
  calleeOf,
  children,
  memberParts,
  rangeOf,
  stringValue,
  textOf,
  type SyntaxNode,
} from '../syntax.js';

const REGION_KEYWORDS = new Set(['region_name', 'region', 'signing_region']);
const HOST_KEYWORDS = new Set(['host', 'hostname', 'server']);
/** Database and cache client factories whose `host=` is configuration. */
const DATABASE_CLIENT =
  /^(?:connect|create_engine|create_async_engine|create_pool|Redis|StrictRedis|RedisCluster|MongoClient|OpenSearch|Elasticsearch|ConnectionPool|SimpleConnectionPool|ThreadedConnectionPool|Connection)$/;
/** boto3 SSM calls whose `Name`/`Names`/`Path` name a stage-specific parameter. */
const SSM_METHOD = /^(?:get_parameters?|get_parameters_by_path|put_parameter|delete_parameters?)$/;
const SSM_NAME_KEYS = new Set(['Name', 'Names', 'Path']);
/** boto3 resource constructors whose first argument is a resource name. */
const RESOURCE_CONSTRUCTORS: Readonly<Record<string, string>> = { Table: 'TableName', Bucket: 'Bucket' };
/** Powertools Parameters helpers taking a parameter/secret name as first argument. */
const POWERTOOLS_GETTERS = new Set(['get_parameter', 'get_parameters', 'get_secret', 'get_app_config']);

type Kind = 'arn' | 'queueUrl' | 'endpoint' | 'connectionString';
const WHAT: Record<Kind, string> = {
  arn: 'ARN',
  queueUrl: 'SQS queue URL',
  endpoint: 'AWS endpoint',
  connectionString: 'database connection string',
};
const WHY: Record<Kind, string> = {
  arn: 'it pins this handler to one account, region and stage, so the same code cannot be deployed to another stage or account. Pass it in through an environment variable set by the template (`!Ref` / `!GetAtt`)',
  queueUrl:
    'it pins this handler to one account, region and stage. Set the URL as an environment variable in the template (`!Ref` of the queue)',
  endpoint:
    'it pins this handler to one region or deployment. Let boto3 derive endpoints from `AWS_REGION`, or pass the endpoint through an environment variable',
  connectionString: 'the host differs per stage. Pass it through an environment variable',
};

export default defineRule({
  meta: {
    id: 'no-hardcoded-config',
    description:
      'Disallow account-, region- and stage-specific values (ARNs, regions, resource names, endpoints) written into handler code',
    severity: 'warning',
    tool: 'python',
    options: z.object({
      allowInLambdaEdge: z.boolean().default(true),
      resourceParameters: z.array(z.string()).default([]),
    }),
  },
  check(module: PythonModule, { options, report: emit }) {
    if (!module.project && module.roots.length === 0) return;
    if (options.allowInLambdaEdge && isLambdaEdge(module)) return;
    const source = module.source;
    const resourceKeys = new Set([...SDK_RESOURCE_PARAMETERS, ...options.resourceParameters]);
    const reported = new Set<number>();
    const report = (node: SyntaxNode, descriptor: Omit<ReportDescriptor, 'at'>): void => {
      if (reported.has(node.from)) return;
      reported.add(node.from);
      emit({ at: { file: source.file, range: rangeOf(source, node.from, node.to) }, ...descriptor });
    };

    /** A value in a configuration position: dynamic values, fallbacks and self-identifying literals are skipped. */
    const configValue = (node: SyntaxNode): ResolvedString | undefined => {
      const resolved = resolveString(module, node);
      if (!resolved || resolved.value === '') return undefined;
      if (classifySelfIdentifyingValue(resolved.value)) return undefined;
      if (isEnvironmentFallback(module, resolved.literal)) return undefined;
      return resolved;
    };
    const reportAtUse = (
      use: SyntaxNode,
      resolved: ResolvedString,
      what: string,
      why: string,
      envName: string,
    ): void => {
      const name =
        resolved.binding && envName !== 'AWS_REGION' ? toEnvVarName(resolved.binding.name) : envName;
      const instead =
        name === 'AWS_REGION'
          ? 'Lambda sets `AWS_REGION` and boto3 reads it: omit `region_name`, or read `os.environ["AWS_REGION"]`.'
          : `Read \`os.environ["${name}"]\` instead.`;
      report(use, {
        message: `Hardcoded ${what} \`${resolved.value}\`${originText(resolved)}: ${why} ${instead}`,
        help:
          name === 'AWS_REGION'
            ? 'Remove region_name=: boto3 uses AWS_REGION, which Lambda sets to the function’s region.'
            : `Set ${name} in the function's Environment in the template and read os.environ["${name}"].`,
        suggestions: [useEnvironmentFix(module, resolved.literal, name)],
      });
    };
    const checkKey = (key: string, value: SyntaxNode, call: SyntaxNode | undefined): void => {
      const lower = key.toLowerCase();
      if (REGION_KEYWORDS.has(key)) {
        const resolved = configValue(value);
        if (resolved && isRegionCode(resolved.value))
          reportAtUse(
            value,
            resolved,
            'region',
            'given to a boto3 client: the function then calls that region even when deployed elsewhere.',
            'AWS_REGION',
          );
        return;
      }
      if (lower.includes('account') || key === 'ExpectedBucketOwner') {
        const resolved = configValue(value);
        if (resolved && isAccountId(resolved.value))
          reportAtUse(
            value,
            resolved,
            'AWS account ID',
            'it pins this handler to one account (`!Ref AWS::AccountId` in the template gives it).',
            'AWS_ACCOUNT_ID',
          );
        return;
      }
      if (resourceKeys.has(key)) {
        const resolved = configValue(value);
        if (!resolved || isUniversalResourceValue(key, resolved.value)) return;
        reportAtUse(
          value,
          resolved,
          key,
          'resource names differ per stage and stack, so this handler only works against one deployment.',
          toEnvVarName(key === 'Bucket' ? 'BucketName' : key),
        );
        return;
      }
      const calleeName = call ? lastName(module, call) : undefined;
      if (SSM_NAME_KEYS.has(key) && calleeName !== undefined && SSM_METHOD.test(calleeName)) {
        const values =
          value.name === 'ArrayExpression'
            ? children(value).filter((c) => c.name === 'String' || c.name === 'VariableName')
            : [value];
        for (const element of values) {
          const resolved = configValue(element);
          if (resolved)
            reportAtUse(
              element,
              resolved,
              `SSM parameter ${key}`,
              'parameter names differ per stage.',
              'PARAMETER_NAME',
            );
        }
        return;
      }
      if (HOST_KEYWORDS.has(lower) && calleeName !== undefined && DATABASE_CLIENT.test(calleeName)) {
        const resolved = configValue(value);
        if (resolved && looksLikeRemoteHost(resolved.value))
          reportAtUse(value, resolved, 'database host', 'the host differs per stage.', 'DB_HOST');
      }
    };

    for (const node of [
      ...module.nodes('String'),
      ...module.nodes('CallExpression'),
      ...module.nodes('DictionaryExpression'),
    ]) {
      if (node.name === 'String') {
        checkSelfIdentifying(module, node, report);
      } else if (node.name === 'CallExpression') {
        const args = argumentsOf(source, node);
        for (const arg of args) if (arg.keyword !== undefined) checkKey(arg.keyword, arg.value, node);
        const name = lastName(module, node);
        const first = args[0];
        if (!name || !first || first.keyword !== undefined || first.star) continue;
        const resourceKey = RESOURCE_CONSTRUCTORS[name];
        if (resourceKey && calleeOf(node)?.name === 'MemberExpression')
          checkKey(resourceKey, first.value, node);
        if (
          POWERTOOLS_GETTERS.has(name) &&
          module.qualifiedName(calleeOf(node)!)?.startsWith('aws_lambda_powertools.utilities.parameters')
        ) {
          const resolved = configValue(first.value);
          if (resolved)
            reportAtUse(
              first.value,
              resolved,
              name === 'get_secret' ? 'secret name' : 'parameter name',
              'parameter and secret names differ per stage.',
              name === 'get_secret' ? 'SECRET_NAME' : 'PARAMETER_NAME',
            );
        }
      } else {
        // {"TableName": "orders", ...} passed to a call or built for one.
        const parts = children(node);
        for (let i = 0; i + 2 < parts.length; i++) {
          if (parts[i + 1]!.name !== ':') continue;
          const key = stringValue(source, parts[i]!);
          if (key !== undefined) checkKey(key, parts[i + 2]!, enclosingCall(node));
        }
      }
    }
  },
});

function lastName(module: PythonModule, call: SyntaxNode): string | undefined {
  const callee = calleeOf(call);
  if (!callee) return undefined;
  if (callee.name === 'VariableName') return textOf(module.source, callee);
  return memberParts(module.source, callee)?.property;
}

function enclosingCall(dict: SyntaxNode): SyntaxNode | undefined {
  const parent = dict.parent;
  return parent?.name === 'ArgList' ? (parent.parent ?? undefined) : undefined;
}

function checkSelfIdentifying(
  module: PythonModule,
  node: SyntaxNode,
  report: (node: SyntaxNode, descriptor: Omit<ReportDescriptor, 'at'>) => void,
): void {
  const text = module.source.text;
  // Cheap gate before decoding the literal.
  const raw = text.slice(node.from, node.to);
  if (!raw.includes('arn:') && !raw.includes('amazonaws.com') && !raw.includes('://')) return;
  const value = stringValue(module.source, node);
  if (value === undefined) return;
  const classified = classifySelfIdentifyingValue(value);
  if (!classified || isDocstring(node) || isDictKey(node) || isLogArgument(module, node)) return;
  // A password in a DSN is no-hardcoded-credentials' finding.
  if (classified.hasPassword) return;
  const fallback = isEnvironmentFallback(module, node);
  if (fallback && !classified.reportAsDefault) return;
  const shown = value.length > 72 ? `${value.slice(0, 69)}…` : value;
  const envName = assignedName(module, node) ?? classified.envName;
  report(node, {
    message: `Hardcoded ${WHAT[classified.kind]} \`${shown}\`: ${WHY[classified.kind]} and read \`os.environ["${envName}"]\`.`,
    help: fallback
      ? 'Remove the hardcoded default and rely on the environment variable alone: a default that pins an account deploys the wrong resource silently.'
      : `Set ${envName} in the function's Environment in the template and read os.environ["${envName}"].`,
    ...(!fallback && { suggestions: [useEnvironmentFix(module, node, envName)] }),
  });
}

/** `ORDERS_TOPIC = 'arn:…'` → `ORDERS_TOPIC`; `TopicArn='arn:…'` → `TOPIC_ARN`. */
function assignedName(module: PythonModule, node: SyntaxNode): string | undefined {
  const parent = node.parent;
  if (
    parent?.name === 'AssignStatement' &&
    parent.firstChild?.name === 'VariableName' &&
    parent.lastChild?.from === node.from
  )
    return toEnvVarName(textOf(module.source, parent.firstChild));
  const previous = node.prevSibling;
  if (parent?.name === 'ArgList' && previous?.name === 'AssignOp' && previous.prevSibling)
    return toEnvVarName(textOf(module.source, previous.prevSibling));
  return undefined;
}
