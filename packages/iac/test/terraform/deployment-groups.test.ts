import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplateModel } from '../../src/index.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/terraform/rules/deployment-safety',
);
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

async function modelOf(files: Record<string, string>) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-lint-tf-deploy-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, name), text);
  return (await loadTemplateModel(root, '.')).model!;
}

const fixture = (variant: string) => readFileSync(path.join(fixtures, variant, 'main.tf'), 'utf8');

const aliasedFunction = (name: string) => `
resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::123456789012:role/${name}"
  runtime       = "nodejs24.x"
  handler       = "index.handler"
  filename      = "build/${name}.zip"
  publish       = true
}

resource "aws_lambda_alias" "${name}_live" {
  name             = "live"
  function_name    = aws_lambda_function.${name}.function_name
  function_version = aws_lambda_function.${name}.version
}
`;

const joins = (model: Awaited<ReturnType<typeof modelOf>>) =>
  (model.deploymentGroups ?? []).map((g) => [g.id, g.functionId]);

describe('Terraform CodeDeploy deployment groups', () => {
  it('joins the only Lambda group of a module to its only function with an alias, as its deployment preference', async () => {
    const model = await modelOf({ 'main.tf': fixture('resource.fail') });
    expect(joins(model)).toEqual([['aws_codedeploy_deployment_group.orders', 'aws_lambda_function.orders']]);
    const preference = model.functions[0]!.deploymentPreference;
    expect(preference.state === 'set' && preference.value.type).toMatchObject({
      state: 'set',
      value: 'Linear10PercentEvery1Minute',
    });
  });

  it('joins no function when two functions of the module have aliases', async () => {
    const group = fixture('resource.fail').slice(
      fixture('resource.fail').indexOf('resource "aws_codedeploy_app"'),
    );
    const model = await modelOf({
      'main.tf': aliasedFunction('orders') + aliasedFunction('payments') + group,
    });
    expect(joins(model)).toEqual([['aws_codedeploy_deployment_group.orders', undefined]]);
    expect(model.functions.every((fn) => fn.deploymentPreference.state === 'unset')).toBe(true);
  });

  it('joins no function when the module has two Lambda groups, or the only function has no alias', async () => {
    expect(
      joins(await modelOf({ 'main.tf': fixture('resource-all-at-once.fail') + aliasedFunction('orders') })),
    ).toEqual([
      ['aws_codedeploy_deployment_group.orders', undefined],
      ['aws_codedeploy_deployment_group.payments', undefined],
    ]);
    const unaliased = aliasedFunction('orders').slice(
      0,
      aliasedFunction('orders').indexOf('resource "aws_lambda_alias"'),
    );
    const group = fixture('resource.fail').slice(
      fixture('resource.fail').indexOf('resource "aws_codedeploy_app"'),
    );
    expect(joins(await modelOf({ 'main.tf': unaliased + group }))).toEqual([
      ['aws_codedeploy_deployment_group.orders', undefined],
    ]);
  });

  it('reads only Lambda groups: an EC2 application or a config it cannot see is left out', async () => {
    const model = await modelOf({ 'main.tf': fixture('resource-unknown.pass') });
    expect(model.deploymentGroups?.map((g) => [g.id, g.shift.state])).toEqual([
      ['aws_codedeploy_deployment_group.config_from_variable', 'dynamic'],
      ['aws_codedeploy_deployment_group.alarms_from_variable', 'set'],
      ['aws_codedeploy_deployment_group.dynamic_blocks', 'set'],
      ['aws_codedeploy_deployment_group.shared_config', 'dynamic'],
    ]);
  });

  it('the deploy submodule names its function and is not a function itself', async () => {
    const model = await modelOf({ 'main.tf': fixture('module.pass') });
    expect(model.functions.map((fn) => fn.id)).toEqual(['module.orders']);
    expect(joins(model)).toEqual([['module.deploy', 'module.orders']]);
  });
});
