import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '@lambda-lint/core';
import { compare, pairsIn, translatorPairsIn, type Pair } from './parity.js';

const PAIRS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/sam-translation',
);

/** What every parity rule says about each function of the SAM side (the CloudFormation side must say the same). */
const EXPECTED: Record<string, Record<string, string[]>> = {
  schedules: {
    // Schedules are asynchronous (failed runs are dropped) but cannot fan out: no concurrency ceiling needed.
    NightlyReport: ['async-failure-destination'],
    HourlyCleanup: [],
    WarmUp: ['async-failure-destination'],
    OrderAudit: ['async-failure-destination', 'concurrency-limit'],
  },
  'sns-sqs-subscription': {
    // Through SQS the function is poll-based: the queue SAM creates has no redrive policy and a 30 s visibility timeout.
    ShipOrder: ['concurrency-limit', 'event-source-failure-destination', 'timeout-alignment'],
    BillOrder: [],
    NotifyCustomer: ['async-failure-destination'],
  },
  'api-authorizers': {
    // SAM lets API Gateway invoke each Lambda authorizer: a synchronous trigger with the API's timeout.
    TokenAuthFn: ['timeout-alignment'],
    OrdersFn: [],
    HttpAuthFn: [],
    UsersFn: [],
  },
  'conditional-destinations': {
    ReceiptFn: [],
    AuditFn: ['async-failure-destination'],
    SweepFn: ['async-failure-destination'],
  },
  connectors: {
    // A source allowed to Write to a function triggers it: S3 and SNS asynchronously, a schedule rule on a timetable.
    Thumbnail: ['async-failure-destination'],
    Pager: ['concurrency-limit'],
    Compactor: ['async-failure-destination'],
    Reporter: [],
  },
  'aliases-and-destinations': {
    // ProvisionedConcurrencyConfig moves to the alias, EventInvokeConfig to a resource qualified by the alias name.
    OrdersFn: ['concurrency-budget', 'tracing-active'],
    InvoicesFn: ['async-failure-destination', 'concurrency-limit', 'tracing-active'],
    ArchiveFn: ['tracing-active'],
    ThrottledFn: ['concurrency-budget'],
  },
  'deployment-preference': {
    // DeploymentPreference becomes a CodeDeploy deployment group named by the alias's update policy.
    CheckoutFn: [],
    SearchFn: ['deployment-safety'],
    ReportsFn: ['deployment-safety'],
    BillingFn: [],
    PreTrafficCheck: [],
  },
  'poll-sources': {
    QueueFn: [],
    StreamFn: ['event-source-failure-destination'],
    TableFn: [],
    KafkaFn: ['event-source-failure-destination'],
    SelfKafkaFn: ['event-source-failure-destination'],
    BrokerFn: [],
    DocFn: [],
  },
  'push-sources': {
    // A 30 s timeout outlives a REST API's 29 s integration timeout, not an HTTP API's 30 s.
    RestApiFn: ['timeout-alignment'],
    HttpApiFn: ['tracing-active'],
    UploadFn: [],
    LogsFn: ['async-failure-destination', 'concurrency-limit'],
    IotFn: ['async-failure-destination', 'concurrency-limit'],
    AlexaFn: [],
    CognitoFn: [],
    LegacyEventFn: ['async-failure-destination', 'concurrency-limit'],
  },
};

const pairs = pairsIn(PAIRS_DIR);

describe('SAM and its translated CloudFormation get the same verdict per function', () => {
  it('has a fixture pair for every expected case', () => {
    expect(pairs.map((p) => p.name)).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const pair of pairs) {
    it(`${pair.name}: SAM verdicts are the expected ones and the translation agrees`, () => {
      const { sam, cfn, disagreements } = compare(pair);
      expect(Object.fromEntries(sam.byFunction)).toEqual(EXPECTED[pair.name]);
      expect(sam.findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error')).toEqual(
        [],
      );
      expect(cfn.findings.filter((f) => f.ruleId === 'internal-error' || f.ruleId === 'parse-error')).toEqual(
        [],
      );
      expect(disagreements).toEqual([]);
    });
  }

  it('agrees on every function of every pair', () => {
    const results = pairs.map(compare);
    const total = results.reduce((n, r) => n + r.sam.functions.length, 0);
    const agreeing = total - results.reduce((n, r) => n + r.disagreements.length, 0);
    expect(total).toBeGreaterThan(0);
    expect(agreeing).toBe(total);
  });
});

/** `rule line:column message-fragment` of one side's findings of a rule, in file order. */
function at(findings: Finding[], ruleId: string): string[] {
  return findings
    .filter((f) => f.ruleId === ruleId)
    .sort((a, b) => a.range.line - b.range.line)
    .map((f) => `${f.range.line}:${f.range.column} ${f.subject?.id ?? ''}`);
}

function pair(name: string): Pair {
  const found = pairs.find((p) => p.name === name);
  if (!found) throw new Error(`no fixture pair ${name}`);
  return found;
}

describe('findings on the SAM side point at what to change, in SAM terms', () => {
  it('SqsSubscription: true is reported at the SqsSubscription key, with the fix of naming an own queue', () => {
    const { sam, cfn } = compare(pair('sns-sqs-subscription'));
    expect(at(sam.findings, 'event-source-failure-destination')).toEqual(['26:13 ShipOrder']);
    expect(at(sam.findings, 'timeout-alignment')).toEqual(['26:13 ShipOrder']);
    const redrive = sam.findings.find((f) => f.ruleId === 'event-source-failure-destination')!;
    expect(redrive.message).toContain(
      "The queue SAM creates for ShipOrder's event Orders (SqsSubscription: true) feeds ShipOrder but has no RedrivePolicy",
    );
    expect(redrive.help).toContain(
      '`SqsSubscription: { QueueArn: !GetAtt <Queue>.Arn, QueueUrl: !Ref <Queue> }`',
    );
    const concurrency = sam.findings.find((f) => f.ruleId === 'concurrency-limit')!;
    expect(concurrency.message).toContain('its trigger (SNS event Orders at line 22)');
    expect(concurrency.help).not.toContain('ScalingConfig');
    // The translation names the same queue, as a resource of its own.
    const translated = cfn.findings.find((f) => f.ruleId === 'event-source-failure-destination')!;
    expect(translated.message).toContain(
      'Queue ShipOrderOrdersQueue feeds ShipOrder but has no RedrivePolicy',
    );
  });

  it('connectors name the trigger they make', () => {
    const { sam } = compare(pair('connectors'));
    const messages = sam.findings.filter((f) => f.ruleId !== 'runtime-lifecycle').map((f) => f.message);
    expect(messages).toEqual([
      expect.stringContaining(
        'Thumbnail is invoked asynchronously (S3 connector UploadsToThumbnail at line 22)',
      ),
      expect.stringContaining(
        'Compactor is invoked asynchronously (EventBridge connector CompactRuleToCompactor at line 69)',
      ),
      expect.stringContaining(
        'Pager has no reserved or provisioned concurrency: its trigger (SNS connector AlertsTopicToPager at line 40)',
      ),
    ]);
  });

  it('schedules are asynchronous without a concurrency ceiling, in both forms', () => {
    const { sam, cfn } = compare(pair('schedules'));
    expect(at(sam.findings, 'async-failure-destination')).toEqual([
      '13:3 NightlyReport',
      '34:3 WarmUp',
      '43:3 OrderAudit',
    ]);
    expect(at(sam.findings, 'concurrency-limit')).toEqual(['43:3 OrderAudit']);
    const warmUp = cfn.findings.find(
      (f) => f.ruleId === 'async-failure-destination' && f.subject?.id === 'WarmUp',
    )!;
    expect(warmUp.message).toContain('(EventBridge Scheduler schedule WarmUpEveryFiveMinutes at line');
  });

  it('a REST API permission in the translation keeps the 29 s limit of the Api event', () => {
    const { sam, cfn } = compare(pair('push-sources'));
    expect(at(sam.findings, 'timeout-alignment')).toEqual(['16:7 RestApiFn']);
    expect(cfn.findings.find((f) => f.ruleId === 'timeout-alignment')?.message).toContain(
      'whose REST API integration stops waiting after 29 s',
    );
  });

  it('a deployment group in the translation is reported in CloudFormation terms', () => {
    const { cfn } = compare(pair('deployment-preference'));
    const search = cfn.findings.find(
      (f) => f.ruleId === 'deployment-safety' && f.subject?.id === 'SearchFn',
    )!;
    expect(search.message).toContain(
      'SearchFn deploys gradually (Linear10PercentEvery1Minute, set in resource SearchFnDeploymentGroup',
    );
    expect(search.help).toContain(
      '`AlarmConfiguration: { Enabled: true, Alarms: [{ Name: !Ref <ErrorsAlarm> }] }` to deployment group SearchFnDeploymentGroup',
    );
    expect(cfn.findings.some((f) => f.message.includes('no AutoPublishAlias'))).toBe(false);
  });
});

// Point SAM_TRANSLATOR_TESTS at a checkout's tests/translator to measure agreement on the translator's own cases.
const translatorDir = process.env['SAM_TRANSLATOR_TESTS'];
describe.runIf(translatorDir !== undefined)('SAM translator test cases', () => {
  it('agree on at least 99% of functions', () => {
    let total = 0;
    let skipped = 0;
    const disagreements: string[] = [];
    for (const p of translatorPairsIn(translatorDir!)) {
      let result: ReturnType<typeof compare>;
      try {
        result = compare(p);
      } catch {
        skipped++; // an error case (no Resources) or an input that is not a template
        continue;
      }
      total += result.sam.functions.length;
      for (const d of result.disagreements)
        disagreements.push(
          `${p.name} ${d.fn}: SAM [${d.sam.join(', ')}] vs CloudFormation [${d.cfn.join(', ')}]`,
        );
    }
    const agreeing = total - disagreements.length;
    console.log(
      `SAM translator cases: ${agreeing}/${total} functions agree (${skipped} cases skipped)\n${disagreements.join('\n')}`,
    );
    expect(total).toBeGreaterThan(0);
    expect(agreeing / total).toBeGreaterThanOrEqual(0.99);
  });
});
