import { defineRule, type RuleContext, type Subject } from '@lambda-lint/core';
import * as z from 'zod';
import { functionSubject, type DeploymentGroup, type Origin, type TemplateModel } from '../model.js';
import { capSeverity, functionLabel, isSamFunction, sentence, setWhere } from '../rule-helpers/support.js';
import { isDeployModule, terraformWording as tf } from '../rule-helpers/terraform-wording.js';

const GRADUAL = /^(Canary|Linear)/;

export default defineRule({
  meta: {
    id: 'deployment-safety',
    description: 'Gradual deployments have alarms to roll back on, an alias to shift, and no stray AllAtOnce',
    severity: 'warning',
    tool: 'iac',
    options: z.object({}),
  },
  check(model: TemplateModel, ctx) {
    if (model.kind === 'terraform') {
      checkDeploymentGroups(model, ctx);
      return;
    }
    const preferences = model.functions.flatMap((fn) =>
      fn.deploymentPreference.state === 'set'
        ? [{ fn, preference: fn.deploymentPreference.value, origin: fn.deploymentPreference.origin }]
        : [],
    );
    const enabled = preferences.filter(
      ({ preference }) => !(preference.enabled.state === 'set' && preference.enabled.value === false),
    );
    const gradualIds = enabled
      .filter(({ preference }) => preference.type.state === 'set' && GRADUAL.test(preference.type.value))
      .map(({ fn }) => fn.id);
    const gradualIdCounts = new Map<string, number>();
    for (const id of gradualIds) gradualIdCounts.set(id, (gradualIdCounts.get(id) ?? 0) + 1);

    for (const { fn, preference, origin } of enabled) {
      const where = setWhere(origin);
      // In CloudFormation the preference is read from an alias's CodeDeploy update policy, so the alias exists.
      const sam = isSamFunction(fn);
      if (sam && fn.autoPublishAlias.state === 'unset') {
        ctx.report({
          at: origin,
          message: sentence(
            `${functionLabel(fn)} has a DeploymentPreference (${where}) but no AutoPublishAlias: CodeDeploy shifts traffic between versions of an alias, so SAM cannot create the deployment and the transform fails.`,
          ),
          help: `Add \`AutoPublishAlias: live\` to ${fn.id}${origin.kind === 'globals' ? ' or to Globals.Function' : ''}.`,
          subject: functionSubject(fn),
        });
      }

      const type = preference.type;
      if (type.state !== 'set') continue;
      if (GRADUAL.test(type.value)) {
        const alarms = preference.alarms;
        const noAlarms = alarms.state === 'unset' || (alarms.state === 'set' && alarms.value.length === 0);
        if (noAlarms) {
          ctx.report({
            at: alarms.state === 'set' ? alarms.origin : origin,
            message: sentence(
              `${functionLabel(fn)} deploys gradually (${type.value}, ${where}) without Alarms: CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to roll back.`,
            ),
            help: `Add ${sam ? `\`Alarms: [!Ref <ErrorsAlarm>]\` to the DeploymentPreference of ${fn.id}` : `\`AlarmConfiguration: { Enabled: true, Alarms: [{ Name: !Ref <ErrorsAlarm> }] }\` to deployment group ${origin.resource ?? fn.id}`}, with CloudWatch alarms on the alias's Errors (and latency or throttles) that fire within the ${type.value.startsWith('Canary') ? 'canary' : 'linear'} interval.`,
            subject: functionSubject(fn),
          });
        }
      } else if (type.value === 'AllAtOnce') {
        // Counted and the first three named, rather than filtering every gradual ID again for each function.
        const othersCount = gradualIds.length - (gradualIdCounts.get(fn.id) ?? 0);
        if (othersCount === 0) continue;
        const others = firstOthers(gradualIds, fn.id, 3);
        ctx.report({
          at: type.origin,
          severity: capSeverity('warning', ctx.severity),
          message: sentence(
            `${functionLabel(fn)} deploys AllAtOnce (${setWhere(type.origin)}) while ${others.join(', ')}${othersCount > 3 ? ` and ${othersCount - 3} more` : ''} in this template deploy gradually: every request switches to the new version at once, with no canary to catch a bad release.`,
          ),
          help: sam
            ? `Use the same gradual type as the other functions (e.g. \`Type: Canary10Percent5Minutes\` with \`Alarms\`) for ${fn.id}, or set \`Enabled: false\` on its DeploymentPreference if it should not go through CodeDeploy.`
            : `Use the same gradual configuration as the other functions (e.g. \`DeploymentConfigName: CodeDeployDefault.LambdaCanary10Percent5Minutes\` with an \`AlarmConfiguration\`) on deployment group ${origin.resource ?? fn.id}, or remove its CodeDeploy update policy if ${fn.id} should not go through CodeDeploy.`,
          subject: functionSubject(fn),
        });
      }
    }
  },
});

/** The first `limit` ids other than `except`, in order. */
function firstOthers(ids: readonly string[], except: string, limit: number): string[] {
  const others: string[] = [];
  for (const id of ids) {
    if (id === except) continue;
    others.push(id);
    if (others.length === limit) break;
  }
  return others;
}

const WHY_ALARMS =
  'CodeDeploy shifts all traffic to the new version on a timer even when it fails, because nothing tells it to stop and roll back';

/** Terraform: findings on each Lambda deployment group, about the function it deploys when that is known. */
function checkDeploymentGroups(model: TemplateModel, ctx: RuleContext<unknown>): void {
  const groups = model.deploymentGroups ?? [];
  const gradualIds = groups
    .filter((g) => g.shift.state === 'set' && g.shift.value.kind !== 'all-at-once')
    .map((g) => g.id);
  for (const group of groups) {
    const shift = group.shift;
    if (shift.state !== 'set') continue;
    const fn = group.functionId ? model.functions.find((f) => f.id === group.functionId) : undefined;
    const subject: Subject = fn ? functionSubject(fn) : { kind: 'resource', id: group.id };
    const label = `${isDeployModule(group) ? 'CodeDeploy module' : 'Deployment group'} ${group.id}${fn ? ` of ${functionLabel(fn)}` : ''}`;
    const how = `${shift.value.text}, ${lineOf(shift.origin)}`;
    if (shift.value.kind === 'all-at-once') {
      const others = gradualIds.filter((id) => id !== group.id);
      if (others.length === 0) continue;
      ctx.report({
        at: shift.origin,
        message: `${label} deploys AllAtOnce (${how}) while ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''} in this module ${others.length === 1 ? 'deploys' : 'deploy'} gradually: every request switches to the new version at once, with no canary to catch a bad release.`,
        help: tf.deploymentAllAtOnce(group),
        subject,
      });
      continue;
    }
    const interval = shift.value.kind;
    const silenced = alarmsMissing(group);
    if (silenced === 'unknown') continue;
    if (silenced) {
      ctx.report({
        at: silenced.at,
        message: `${label} deploys gradually (${how}) ${silenced.what}: ${WHY_ALARMS}.`,
        help: tf.deploymentAlarms(group, interval),
        subject,
      });
      continue;
    }
    const noRollback = rollbackMissing(group);
    if (noRollback) {
      ctx.report({
        at: noRollback.at,
        message: `${label} stops on its alarms but ${noRollback.what}: a Lambda deployment stopped without rollback leaves the alias splitting traffic between the old and the new version, and the next deployment fails until the alias is reset by hand.`,
        help: tf.deploymentRollback(group),
        subject,
      });
    }
  }
}

function lineOf(origin: Origin): string {
  return origin.kind === 'default' ? "the module's default" : `line ${origin.range.line}`;
}

/** Where and why a gradual group has no alarm to stop on; undefined when it has one, 'unknown' until plan time. */
function alarmsMissing(group: DeploymentGroup): { at: Origin; what: string } | 'unknown' | undefined {
  const { alarms, alarmsEnabled } = group;
  if (alarms.state === 'dynamic' || alarmsEnabled.state === 'dynamic') return 'unknown';
  if (alarmsEnabled.state === 'set' && !alarmsEnabled.value) {
    const listed = alarms.state === 'set' && alarms.value.length > 0;
    if (alarmsEnabled.origin.kind === 'default')
      return listed
        ? {
            at: alarms.origin,
            what: 'with `alarms` but without `alarm_enabled = true`, so the module attaches no alarms',
          }
        : { at: group.origin, what: 'without alarms' };
    return {
      at: alarmsEnabled.origin,
      what: `with its alarms turned off (\`${isDeployModule(group) ? 'alarm_enabled' : 'enabled'} = false\`)`,
    };
  }
  if (alarms.state === 'unset') return { at: group.origin, what: 'without alarms' };
  if (alarms.value.length === 0) return { at: alarms.origin, what: 'with an empty list of alarms' };
  return undefined;
}

/** Where a group with alarms does not roll back when one fires; undefined when it does or it is only known at plan time. */
function rollbackMissing(group: DeploymentGroup): { at: Origin; what: string } | undefined {
  const rollback = group.autoRollback;
  if (rollback.state === 'dynamic') return undefined;
  if (rollback.state === 'unset') return { at: group.origin, what: 'has no `auto_rollback_configuration`' };
  const { enabled, events } = rollback.value;
  if (enabled.state === 'set' && !enabled.value)
    return { at: enabled.origin, what: 'its automatic rollback is turned off' };
  if (events.state === 'set' && !events.value.includes('DEPLOYMENT_STOP_ON_ALARM'))
    return {
      at: events.origin,
      what: 'does not roll back on them (no `DEPLOYMENT_STOP_ON_ALARM` in its rollback events)',
    };
  return undefined;
}
