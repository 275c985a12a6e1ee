import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compare, pairsIn } from './parity.js';

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
