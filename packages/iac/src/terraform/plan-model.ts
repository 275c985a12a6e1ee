import path from 'node:path';
import type { Finding, Range } from '@lambda-lint/core';
import type { TemplateModel } from '../model.js';
import { get, getEntry, type LoadedFile, type TNode } from '../node.js';
import type { ModuleReader } from './index.js';
import type { HclBlock, HclBody, HclExpr, HclFile } from './hcl-tree.js';
import { nestedBlocks } from './hcl-tree.js';
import type { ModuleFiles } from './module-files.js';
import { buildTerraformModel, type PlannedResource } from './normalize.js';

/** `terraform show -json` output of a plan: a `format_version` and `planned_values`. */
export function isPlanJson(root: TNode | null): boolean {
  return (
    root?.kind === 'map' &&
    get(root, 'format_version') !== undefined &&
    get(root, 'planned_values') !== undefined
  );
}

/**
 * A plan's resolved values as one model. Each planned resource becomes a block whose attributes are
 * its planned values (unknown ones fall back to the configuration's references, so joins still work);
 * positions come from the `.tf` block of the same address in the plan's folder, else from the plan's
 * `address` line.
 */
export function buildPlanModel(
  loaded: LoadedFile,
  dir: string,
  reader: ModuleReader,
): { model: TemplateModel; findings: Finding[] } {
  const root = loaded.root!;
  const configFiles = moduleFolderOf(dir, reader);
  const planned: PlannedResource[] = [];
  const configuration = get(get(root, 'configuration'), 'root_module');
  collectModule(
    get(get(root, 'planned_values'), 'root_module'),
    configuration,
    '',
    configFiles,
    loaded.file,
    planned,
    reader,
  );
  const empty: ModuleFiles = { dir, files: [], tfvars: [], errors: [] };
  const { model, errors } = buildTerraformModel({
    root: empty,
    display: loaded.file,
    readModule: reader.read,
    displayOf: reader.displayOf,
    planned,
  });
  return { model, findings: [...(configFiles?.errors ?? []), ...errors] };
}

function moduleFolderOf(dir: string, reader: ModuleReader): ModuleFiles | undefined {
  const files = reader.read(dir);
  return files.files.length > 0 ? files : undefined;
}

function collectModule(
  module: TNode | undefined,
  configuration: TNode | undefined,
  prefix: string,
  files: ModuleFiles | undefined,
  planFile: string,
  out: PlannedResource[],
  reader: ModuleReader,
): void {
  const configResources = new Map<string, TNode>();
  const resources = get(configuration, 'resources');
  if (resources?.kind === 'seq') {
    for (const r of resources.items) {
      const address = scalar(get(r, 'address'));
      if (address) configResources.set(address, r);
    }
  }
  const planned = get(module, 'resources');
  if (planned?.kind === 'seq') {
    for (const resource of planned.items) {
      if (scalar(get(resource, 'mode')) !== 'managed' && scalar(get(resource, 'mode')) !== 'data') continue;
      const type = scalar(get(resource, 'type'));
      const name = scalar(get(resource, 'name'));
      const address = scalar(get(resource, 'address'));
      if (!type || !name || !address) continue;
      const mode = scalar(get(resource, 'mode'));
      const localAddress = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
      const hcl = files ? findBlock(files, mode === 'data' ? 'data' : 'resource', type, name) : undefined;
      const addressRange = getEntry(resource, 'address')!.keyRange;
      const body = mergeBody(
        get(resource, 'values'),
        get(configResources.get(localAddress), 'expressions'),
        hcl?.block.body,
        addressRange,
      );
      const block: HclBlock = {
        type: 'resource',
        labels: [type, name],
        headerRange: hcl?.block.headerRange ?? addressRange,
        range: hcl?.block.range ?? resource.range,
        body,
      };
      out.push({
        type: mode === 'data' ? `data.${type}` : type,
        name,
        address: stripIndex(address),
        prefix,
        block,
        file: hcl?.file.file ?? planFile,
      });
    }
  }
  const children = get(module, 'child_modules');
  if (children?.kind !== 'seq') return;
  for (const child of children.items) {
    const address = scalar(get(child, 'address'));
    if (!address) continue;
    const callName = /module\.([^.[]+)(?:\[[^\]]*\])?$/.exec(address)?.[1];
    const call = callName ? get(get(get(configuration, 'module_calls'), callName), 'module') : undefined;
    let childFiles: ModuleFiles | undefined;
    const source = callName && files ? moduleSource(files, callName) : undefined;
    if (source && files) childFiles = moduleFolderOf(path.resolve(files.dir, source), reader);
    collectModule(child, call, `${stripIndex(address)}.`, childFiles, planFile, out, reader);
  }
}

function moduleSource(files: ModuleFiles, name: string): string | undefined {
  for (const file of files.files) {
    for (const block of file.body.blocks) {
      if (block.type !== 'module' || block.labels[0] !== name) continue;
      const source = block.body.attributes.find((a) => a.name === 'source')?.expr;
      if (source?.kind === 'literal' && typeof source.value === 'string' && /^\.\.?\//.test(source.value))
        return source.value;
    }
  }
  return undefined;
}

function findBlock(
  files: ModuleFiles,
  kind: string,
  type: string,
  name: string,
): { file: HclFile; block: HclBlock } | undefined {
  for (const file of files.files) {
    for (const block of file.body.blocks) {
      if (block.type === kind && block.labels[0] === type && block.labels[1] === name) return { file, block };
    }
  }
  return undefined;
}

/** `aws_lambda_function.this[0]` → `aws_lambda_function.this`: references in the configuration name resources without their instance key. */
function stripIndex(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function scalar(node: TNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** Planned values, then configuration references for what the plan leaves unknown; ranges from the `.tf` body when there is one. */
function mergeBody(
  values: TNode | undefined,
  expressions: TNode | undefined,
  hcl: HclBody | undefined,
  fallback: Range,
): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  const seen = new Set<string>();
  if (values?.kind === 'map') {
    for (const entry of values.entries) {
      seen.add(entry.key);
      const config = get(expressions, entry.key);
      const range = rangeIn(hcl, entry.key) ?? fallback;
      body.attributes.push({
        name: entry.key,
        range,
        expr: valueExpr(entry.value, config, nestedBodies(hcl, entry.key), range),
      });
    }
  }
  if (expressions?.kind === 'map') {
    for (const entry of expressions.entries) {
      if (seen.has(entry.key)) continue;
      const range = rangeIn(hcl, entry.key) ?? fallback;
      const expr = configExpr(entry.value, nestedBodies(hcl, entry.key), range);
      if (expr) body.attributes.push({ name: entry.key, range, expr });
    }
  }
  return body;
}

function rangeIn(hcl: HclBody | undefined, name: string): Range | undefined {
  if (!hcl) return undefined;
  return hcl.attributes.find((a) => a.name === name)?.range ?? nestedBlocks(hcl, name)[0]?.headerRange;
}

function nestedBodies(hcl: HclBody | undefined, name: string): HclBody[] {
  return hcl ? nestedBlocks(hcl, name).map((b) => b.body) : [];
}

/** A planned value; a `null` whose configuration has references becomes that reference (the value is known after apply). */
function valueExpr(value: TNode, config: TNode | undefined, nested: HclBody[], range: Range): HclExpr {
  if (value.kind === 'scalar') {
    if (value.value === null && config)
      return configExpr(config, nested, range) ?? { kind: 'literal', value: null, range };
    return { kind: 'literal', value: value.value, range };
  }
  if (value.kind === 'seq') {
    return {
      kind: 'tuple',
      items: value.items.map((item, i) => {
        const configItem = config?.kind === 'seq' ? config.items[i] : undefined;
        return item.kind === 'map'
          ? objectExpr(item, configItem, nested[i], range)
          : valueExpr(item, configItem, [], range);
      }),
      range,
    };
  }
  if (value.kind === 'map') return objectExpr(value, config, nested[0], range);
  return { kind: 'other', text: 'a computed value', range };
}

function objectExpr(
  value: Extract<TNode, { kind: 'map' }>,
  config: TNode | undefined,
  hcl: HclBody | undefined,
  range: Range,
): HclExpr {
  const merged = mergeBody(value, config, hcl, range);
  return {
    kind: 'object',
    entries: merged.attributes.map((a) => ({ key: a.name, keyRange: a.range, value: a.expr })),
    range,
  };
}

/** A configuration expression: `constant_value`, or the first of its `references` as a traversal. */
function configExpr(config: TNode, nested: HclBody[], range: Range): HclExpr | undefined {
  if (config.kind === 'seq') {
    return {
      kind: 'tuple',
      items: config.items.flatMap((item, i) => {
        const e =
          item.kind === 'map' ? objectExpr({ ...item, entries: [] }, item, nested[i], range) : undefined;
        return e ? [e] : [];
      }),
      range,
    };
  }
  const constant = getEntry(config, 'constant_value');
  if (constant) return valueExpr(constant.value, undefined, nested, range);
  const references = get(config, 'references');
  const first = references?.kind === 'seq' ? scalar(references.items[0]) : undefined;
  if (first) {
    const [root, ...rest] = first.split('.');
    return { kind: 'traversal', root: root!, path: rest, exact: true, text: first, range };
  }
  if (config.kind === 'map' && config.entries.length > 0 && getEntry(config, 'references') === undefined) {
    return objectExpr({ ...config, entries: [] }, config, nested[0], range);
  }
  return undefined;
}
