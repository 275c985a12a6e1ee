import { describe, expect, it } from 'vitest';
import { analyzePythonFile } from '../src/index.js';
import { analyze, configWith, defaultConfig, summary } from './helpers.js';

const handler = (body: string, head = 'import boto3\n') =>
  `${head}\n\ndef lambda_handler(event, context):\n${body
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

describe('no-client-in-handler', () => {
  it.each([
    ['import boto3 as b\n', 'b.client("s3")'],
    ['from boto3 import client\n', 'client("s3")'],
    ['from boto3 import resource as r\n', 'r("dynamodb")'],
    ['import boto3\n', 'boto3.session.Session()'],
    ['import botocore.session\n', 'botocore.session.get_session()'],
    ['import psycopg\n', 'psycopg.connect("")'],
    ['import pymysql\n', 'pymysql.connect(host=h)'],
    ['import mysql.connector\n', 'mysql.connector.connect()'],
    ['from sqlalchemy import create_engine\n', 'create_engine(url)'],
    ['import redis\n', 'redis.Redis()'],
    ['from pymongo import MongoClient\n', 'MongoClient()'],
    ['from opensearchpy import OpenSearch\n', 'OpenSearch(hosts=h)'],
    ['from elasticsearch import Elasticsearch\n', 'Elasticsearch()'],
    ['import requests\n', 'requests.Session()'],
    ['import httpx\n', 'httpx.Client()'],
    ['import urllib3\n', 'urllib3.PoolManager()'],
    ['import openai\n', 'openai.OpenAI()'],
    ['from anthropic import Anthropic\n', 'Anthropic()'],
    ['from somevendor import BillingClient\n', 'BillingClient()'],
  ])('reports %s%s in the handler', (head, call) => {
    const findings = analyze(handler(`c = ${call}\nreturn c`, head));
    expect(summary(findings)).toEqual([`${head.split('\n').length + 3} no-client-in-handler`]);
  });

  it('reports session.client() on a module-level session', () => {
    const text =
      'import boto3\nsession = boto3.Session()\n\ndef handler(event, context):\n    return session.client("s3")\n';
    expect(summary(analyze(text))).toEqual(['5 no-client-in-handler']);
  });

  it.each([
    [
      'a module-level client',
      'import boto3\ns3 = boto3.client("s3")\n\ndef handler(event, context):\n    return s3\n',
    ],
    [
      'a function nobody calls',
      'import boto3\n\ndef helper():\n    return boto3.client("s3")\n\ndef handler(event, context):\n    return 1\n',
    ],
    ['a file without a handler', 'import boto3\n\ndef make():\n    return boto3.client("s3")\n'],
    [
      'a lazy global',
      'import boto3\ns3 = None\n\ndef handler(event, context):\n    global s3\n    if not s3:\n        s3 = boto3.client("s3")\n    return s3\n',
    ],
    [
      'a lazy `or`',
      'import boto3\ns3 = None\n\ndef handler(event, context):\n    global s3\n    s3 = s3 or boto3.client("s3")\n    return s3\n',
    ],
    [
      'an early-return guard',
      'import boto3\n_c = None\n\ndef get():\n    global _c\n    if _c is not None:\n        return _c\n    _c = boto3.client("s3")\n    return _c\n\ndef handler(event, context):\n    return get()\n',
    ],
    [
      'a function attribute',
      'import boto3\n\ndef handler(event, context):\n    if not hasattr(handler, "client"):\n        handler.client = boto3.client("s3")\n    return handler.client\n',
    ],
    [
      'functools.cache',
      'import boto3\nfrom functools import cache\n\n@cache\ndef get():\n    return boto3.client("s3")\n\ndef handler(event, context):\n    return get()\n',
    ],
    [
      'a non-client call',
      'import boto3\nimport json\n\ndef handler(event, context):\n    return json.dumps(boto3.__version__)\n',
    ],
    [
      'a shadowed lookalike from the standard library',
      'from http.client import HTTPSConnection\n\ndef handler(event, context):\n    return HTTPSConnection("x")\n',
    ],
  ])('does not report %s', (_, text) => {
    expect(analyze(text)).toEqual([]);
  });

  it('does not report clients built from temporary credentials (unless reportEventDependent)', () => {
    const text = handler(
      'creds = sts.assume_role(RoleArn=event["role"], RoleSessionName="x")["Credentials"]\n' +
        'return boto3.client("s3", aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])',
      'import boto3\nsts = boto3.client("sts")\n',
    );
    expect(analyze(text)).toEqual([]);
    const config = configWith('no-client-in-handler', { reportEventDependent: true });
    expect(analyze(text, { config }).map((f) => f.message)).toEqual([
      expect.stringContaining('depend on `creds["AccessKeyId"]`'),
    ]);
  });

  it('without `global` the guard does not make it lazy (the name is local)', () => {
    const text =
      'import boto3\ns3 = None\n\ndef handler(event, context):\n    if s3 is None:\n        s3 = boto3.client("s3")\n    return s3\n';
    expect(summary(analyze(text))).toEqual(['6 no-client-in-handler']);
  });

  it('follows helpers, methods, constructors and nested functions transitively', () => {
    const text = [
      'import boto3',
      '',
      'class Repo:',
      '    def __init__(self):',
      '        self.t = boto3.resource("dynamodb")',
      '    def load(self):',
      '        return self._client()',
      '    def _client(self):',
      '        return boto3.client("s3")',
      '',
      'def helper():',
      '    def inner():',
      '        return boto3.client("sqs")',
      '    return inner()',
      '',
      'def handler(event, context):',
      '    helper()',
      '    return Repo().load()',
      '',
    ].join('\n');
    const findings = analyze(text);
    expect(summary(findings)).toEqual([
      '13 no-client-in-handler',
      '5 no-client-in-handler',
      '9 no-client-in-handler',
    ]);
    expect(findings.find((f) => f.range.line === 9)!.message).toContain(
      '(handler → Repo().load → self._client)',
    );
  });

  it.each([
    [
      'FastAPI behind Mangum',
      'from fastapi import FastAPI\nfrom mangum import Mangum\napp = FastAPI()\n',
      'handler = Mangum(app)\n',
    ],
    [
      'Chalice (the handler is the app)',
      'from chalice import Chalice\napp = Chalice(app_name="orders")\n',
      '',
    ],
    [
      'Flask through awsgi',
      'import awsgi\nfrom flask import Flask\napp = Flask(__name__)\n',
      'def lambda_handler(event, context):\n    return awsgi.response(app, event, context)\n',
    ],
  ])('follows web-app routes: %s', (_, head, tail) => {
    const text = `import boto3\n${head}\n@app.route("/orders")\ndef orders():\n    return boto3.client("dynamodb").scan(TableName=TABLE)\n\n${tail}`;
    const project = head.includes('Chalice')
      ? { handlers: [{ exportName: 'app', functions: [] }], perInvocationExports: [], environments: [] }
      : undefined;
    const findings = analyze(text, project ? { project } : {}).filter(
      (f) => f.ruleId === 'no-client-in-handler',
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('in `orders`, which the Lambda handler'),
    ]);
  });

  it('follows the wrapper of a decorator defined in the file (and of a decorator factory)', () => {
    const text = [
      'import functools',
      'import psycopg2',
      '',
      'def with_db(fn):',
      '    @functools.wraps(fn)',
      '    def wrapper(event, context):',
      '        conn = psycopg2.connect("")',
      '        return fn(event, context, conn)',
      '    return wrapper',
      '',
      'def retry(times):',
      '    def decorate(fn):',
      '        def run(*args):',
      '            return fn(*args, psycopg2.connect(""))',
      '        return run',
      '    return decorate',
      '',
      '@with_db',
      '@retry(3)',
      'def handler(event, context, conn, other=None):',
      '    return conn',
      '',
    ].join('\n');
    const findings = analyze(text);
    expect(summary(findings)).toEqual(['14 no-client-in-handler', '7 no-client-in-handler']);
    expect(findings.find((f) => f.range.line === 7)!.message).toContain('(handler → @with_db)');
  });

  it('uses the template handler names when the project layer gives them', () => {
    const text =
      'import boto3\n\ndef create(evt, ctx):\n    return boto3.client("s3")\n\ndef handler(event, context):\n    return boto3.client("s3")\n';
    const project = {
      handlers: [{ exportName: 'create', functions: [{ id: 'Create', template: 't.yaml', line: 3 }] }],
      perInvocationExports: [],
      environments: [],
    };
    expect(summary(analyze(text, { project }))).toEqual(['4 no-client-in-handler']);
  });

  it('suggests moving the construction to module scope, after the imports', () => {
    const text =
      'import boto3\n\n\ndef handler(event, context):\n    s3 = boto3.client("s3")\n    return s3.list_buckets()\n';
    const [finding] = analyze(text);
    const fix = finding!.suggestions![0]!;
    let fixed = text;
    for (const edit of [...fix.edits].sort((a, b) => b.start - a.start))
      fixed = fixed.slice(0, edit.start) + edit.text + fixed.slice(edit.end);
    expect(fixed).toBe(
      'import boto3\ns3 = boto3.client("s3")\n\n\ndef handler(event, context):\n    return s3.list_buckets()\n',
    );
    expect(analyze(fixed)).toEqual([]);
  });

  it('gives no suggestion when the arguments read local values', () => {
    const [finding] = analyze(
      handler('region = "eu-west-1"\ns3 = boto3.client("s3", region_name=region)\nreturn s3'),
    );
    expect(finding!.suggestions).toBeUndefined();
  });

  it('takes additionalClients', () => {
    const text = 'import vendor\n\ndef handler(event, context):\n    return vendor.connect_pool()\n';
    expect(analyze(text)).toEqual([]);
    const config = configWith('no-client-in-handler', { additionalClients: ['vendor#connect_pool'] });
    expect(summary(analyze(text, { config }))).toEqual(['4 no-client-in-handler']);
  });
});

describe('no-hardcoded-config', () => {
  it.each([
    ['region_name', 'boto3.client("s3", region_name="eu-west-1")'],
    ['TableName', 'ddb.put_item(TableName="orders-prod", Item={})'],
    ['Bucket', 's3.put_object(Bucket="receipts", Key="k")'],
    [
      'QueueUrl',
      'sqs.send_message(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/jobs", MessageBody="")',
    ],
    ['FunctionName', 'lam.invoke(FunctionName="orders-prod-create")'],
    [
      'StateMachineArn',
      'sfn.start_execution(StateMachineArn="arn:aws:states:eu-west-1:123456789012:stateMachine:o")',
    ],
    ['SecretId', 'sm.get_secret_value(SecretId="prod/db")'],
    ['Table()', 'boto3.resource("dynamodb").Table("orders")'],
    ['account', 'sts.assume_role(RoleArn=role, SourceAccount="123456789012")'],
    ['dict key', 'ddb.put_item(**{"TableName": "orders"})'],
    ['database host', 'pymysql.connect(host="orders.cluster-abc.example.com")'],
  ])('reports %s', (_, call) => {
    const findings = analyze(
      `import boto3\nTABLE = "x"\n\ndef handler(event, context):\n    return ${call}\n`,
    ).filter((f) => f.ruleId === 'no-hardcoded-config');
    expect(findings.map((f) => f.range.line)).toEqual([5]);
  });

  it.each([
    ['an env read', 'ddb.put_item(TableName=os.environ["TABLE"])'],
    ['an env default', 'ddb.put_item(TableName=os.environ.get("TABLE", "orders-dev"))'],
    ['an `or` default', 'ddb.put_item(TableName=os.getenv("TABLE") or "orders-dev")'],
    ['a region-only queue URL default', 'os.environ.get("Q", "https://sqs.eu-west-1.amazonaws.com/1/jobs")'],
    ['log text', 'logger.info("arn:aws:sns:eu-west-1:123456789012:orders")'],
    ['EventBusName default', 'events.put_events(Entries=[{"EventBusName": "default"}])'],
    ['a wildcard ARN', 'policy("arn:aws:execute-api:*:*:*")'],
    ['a local host', 'pymysql.connect(host="localhost")'],
  ])('does not report %s', (_, call) => {
    const text = `import os\n\ndef handler(event, context):\n    return ${call}\n`;
    expect(analyze(text).filter((f) => f.ruleId === 'no-hardcoded-config')).toEqual([]);
  });

  it('reports an account-pinned ARN even as a default, with the binding named at the use', () => {
    const text =
      'import os\nTABLE = "orders-prod"\n\ndef handler(event, context):\n    t = os.environ.get("TOPIC", "arn:aws:sns:eu-west-1:123456789012:t")\n    return ddb.get_item(TableName=TABLE)\n';
    const findings = analyze(text);
    expect(summary(findings)).toEqual(['5 no-hardcoded-config', '6 no-hardcoded-config']);
    expect(findings[1]!.message).toContain('Hardcoded TableName `orders-prod` (from `TABLE` on line 2)');
  });

  it('follows constants local to the function; rebound names are not constants', () => {
    const text = [
      'import boto3',
      '',
      'def get_secret():',
      '    secret_name = "prod/app/db"',
      '    region_name = "us-east-1"',
      '    client = boto3.session.Session().client(service_name="secretsmanager", region_name=region_name)',
      '    return client.get_secret_value(SecretId=secret_name)',
      '',
      'def other():',
      '    name = "a"',
      '    name = "b"',
      '    for table in ["t1", "t2"]:',
      '        ddb.scan(TableName=table)',
      '    return ddb.scan(TableName=name)',
      '',
      'def lambda_handler(event, context):',
      '    return get_secret(), other()',
      '',
    ].join('\n');
    const findings = analyze(text).filter((f) => f.ruleId === 'no-hardcoded-config');
    expect(summary(findings)).toEqual(['6 no-hardcoded-config', '7 no-hardcoded-config']);
    expect(findings[1]!.message).toContain('(from `secret_name` on line 4)');
  });

  it('skips Lambda@Edge handlers unless allowInLambdaEdge is false', () => {
    const text =
      'def handler(event, context):\n    request = event["Records"][0]["cf"]["request"]\n    return s3.get_object(Bucket="assets-prod", Key=request["uri"])\n';
    expect(analyze(text)).toEqual([]);
    const config = configWith('no-hardcoded-config', { allowInLambdaEdge: false });
    expect(summary(analyze(text, { config }))).toEqual(['3 no-hardcoded-config']);
  });

  it('suggests reading the environment, importing os when needed', () => {
    const text =
      'import boto3\n\ndef handler(event, context):\n    return boto3.client("s3").put_object(Bucket="b1", Key="k")\n';
    const finding = analyze(text).find((f) => f.ruleId === 'no-hardcoded-config')!;
    let fixed = text;
    for (const edit of [...finding.suggestions![0]!.edits].sort((a, b) => b.start - a.start))
      fixed = fixed.slice(0, edit.start) + edit.text + fixed.slice(edit.end);
    expect(fixed).toContain('import boto3\nimport os\n');
    expect(fixed).toContain('Bucket=os.environ["BUCKET_NAME"]');
  });
});

describe('no-hardcoded-credentials', () => {
  it('reports access keys, secret keys, passwords in connection calls and DSNs', () => {
    const text = [
      'import boto3',
      'import psycopg2',
      '',
      'def handler(event, context):',
      '    boto3.client("s3", aws_access_key_id="AKIAQWERTYUIOPASDFGH", aws_secret_access_key="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")',
      '    psycopg2.connect(host=h, password="hunter2-prod")',
      '    return psycopg2.connect("postgresql://app:s3cret@db.example.com/orders")',
      '',
    ].join('\n');
    expect(summary(analyze(text).filter((f) => f.ruleId === 'no-hardcoded-credentials'))).toEqual([
      '5 no-hardcoded-credentials',
      '5 no-hardcoded-credentials',
      '6 no-hardcoded-credentials',
      '7 no-hardcoded-credentials',
    ]);
  });

  it('does not report AWS documentation example keys, env reads or empty passwords', () => {
    const text =
      'import boto3, os, pymysql\n\ndef handler(event, context):\n    boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE")\n    return pymysql.connect(password=os.environ["DB_PASSWORD"], user="")\n';
    expect(analyze(text).filter((f) => f.ruleId === 'no-hardcoded-credentials')).toEqual([]);
  });
});

describe('env-var-declared', () => {
  const project = (names: string[], unknown = false) => ({
    handlers: [{ exportName: 'handler', functions: [{ id: 'Fn', template: 'template.yaml', line: 4 }] }],
    perInvocationExports: [],
    environments: [{ id: 'Fn', template: 'template.yaml', line: 4, names, unknown, environmentLine: 7 }],
  });
  const text =
    'import os\nfrom os import getenv, environ as env\n\ndef handler(event, context):\n    a = os.environ["A"]\n    b = os.environ.get("B")\n    c = getenv("C")\n    d = env["D"]\n    e = os.environ.get("E", "x")\n    r = os.environ["AWS_REGION"]\n    os.environ["F"] = "1"\n    return a, b, c, d, e, r\n';
  it('reports reads without a default that the template does not set', () => {
    const findings = analyze(text, { project: project(['A']) });
    expect(summary(findings)).toEqual(['6 env-var-declared', '7 env-var-declared', '8 env-var-declared']);
  });
  it('hands the reads to the join; a whole-environment read is flagged', () => {
    const facts = (code: string) =>
      analyzePythonFile({ text: code, file: 'app.py', config: defaultConfig }).facts;
    expect(facts(text)).toMatchObject({ readsWholeEnvironment: false });
    expect(facts(text).envReads.map((r) => r.name)).toEqual(['A', 'B', 'C', 'D', 'E', 'AWS_REGION']);
    expect(facts('import os\nsettings = dict(os.environ)\n').readsWholeEnvironment).toBe(true);
    expect(facts('import os\nname = "X"\nv = os.environ[name]\n').readsWholeEnvironment).toBe(true);
  });

  it('stays quiet without environments or when the set of names is unknown', () => {
    expect(analyze(text)).toEqual([]);
    expect(analyze(text, { project: project([], true) })).toEqual([]);
  });
});

describe('suppression comments', () => {
  it('disable-next-line, disable/enable blocks, and unused ones', () => {
    const text = [
      'import boto3',
      '',
      'def handler(event, context):',
      '    # lambda-lint-disable-next-line no-client-in-handler -- measured: once per batch',
      '    a = boto3.client("s3")',
      '    # lambda-lint-disable no-client-in-handler',
      '    b = boto3.client("sqs")',
      '    # lambda-lint-enable no-client-in-handler',
      '    c = boto3.client("sns")',
      '    # lambda-lint-disable-next-line no-hardcoded-config',
      '    return a, b, c',
      '',
    ].join('\n');
    expect(summary(analyze(text, { reportUnusedDisable: true }))).toEqual([
      '10 unused-disable',
      '9 no-client-in-handler',
    ]);
  });
});
