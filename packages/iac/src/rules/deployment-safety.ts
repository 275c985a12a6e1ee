import { defineRule } from '@lambda-lint/core';
import * as z from 'zod';
import { functionSubject, type TemplateModel } from '../model.js';
import { capSeverity, functionLabel, isSamFunction, sentence, setWhere } from '../rule-helpers/support.js';

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
