/** Python client constructors and factories, by qualified name (after import aliases are resolved). */
import type { ClientFamily } from '@lambda-lint/core/client-families';

const CATALOGUE: Record<ClientFamily, readonly string[]> = {
  aws: [
    'boto3.client',
    'boto3.resource',
    'boto3.Session',
    'boto3.session.Session',
    'botocore.session.get_session',
    'botocore.session.Session',
    'aioboto3.Session',
    'aiobotocore.session.get_session',
  ],
  database: [
    'psycopg2.connect',
    'psycopg2.pool.SimpleConnectionPool',
    'psycopg2.pool.ThreadedConnectionPool',
    'psycopg.connect',
    'psycopg.Connection.connect',
    'psycopg.AsyncConnection.connect',
    'psycopg_pool.ConnectionPool',
    'psycopg_pool.AsyncConnectionPool',
    'pg8000.connect',
    'pg8000.dbapi.connect',
    'pg8000.native.Connection',
    'asyncpg.connect',
    'asyncpg.create_pool',
    'pymysql.connect',
    'pymysql.connections.Connection',
    'MySQLdb.connect',
    'mysql.connector.connect',
    'mysql.connector.pooling.MySQLConnectionPool',
    'aiomysql.connect',
    'aiomysql.create_pool',
    'pyodbc.connect',
    'oracledb.connect',
    'cx_Oracle.connect',
    'snowflake.connector.connect',
    'sqlalchemy.create_engine',
    'sqlalchemy.ext.asyncio.create_async_engine',
    'redis.Redis',
    'redis.StrictRedis',
    'redis.from_url',
    'redis.Redis.from_url',
    'redis.asyncio.Redis',
    'redis.asyncio.from_url',
    'redis.cluster.RedisCluster',
    'pymongo.MongoClient',
    'motor.motor_asyncio.AsyncIOMotorClient',
    'opensearchpy.OpenSearch',
    'opensearchpy.AsyncOpenSearch',
    'elasticsearch.Elasticsearch',
    'elasticsearch.AsyncElasticsearch',
    'neo4j.GraphDatabase.driver',
    'cassandra.cluster.Cluster',
  ],
  http: [
    'requests.Session',
    'requests.session',
    'httpx.Client',
    'httpx.AsyncClient',
    'urllib3.PoolManager',
    'urllib3.HTTPConnectionPool',
    'urllib3.HTTPSConnectionPool',
    'aiohttp.ClientSession',
    'openai.OpenAI',
    'openai.AsyncOpenAI',
    'openai.AzureOpenAI',
    'anthropic.Anthropic',
    'anthropic.AsyncAnthropic',
    'anthropic.AnthropicBedrock',
    'stripe.StripeClient',
    'slack_sdk.WebClient',
    'twilio.rest.Client',
    'pinecone.Pinecone',
    'cohere.Client',
    'mistralai.Mistral',
  ],
  other: [
    'pika.BlockingConnection',
    'kafka.KafkaProducer',
    'kafka.KafkaConsumer',
    'confluent_kafka.Producer',
  ],
};

const FAMILY_BY_NAME = new Map<string, ClientFamily>(
  (Object.entries(CATALOGUE) as [ClientFamily, readonly string[]][]).flatMap(([family, names]) =>
    names.map((name) => [name, family] as const),
  ),
);

/** Constructions that make a session whose `.client()` / `.resource()` make clients. */
export const SESSION_FACTORIES: ReadonlySet<string> = new Set(
  CATALOGUE.aws.filter((name) => /(?:Session|get_session)$/.test(name)),
);
export const SESSION_CLIENT_METHODS = new Set(['client', 'resource', 'create_client']);

/** Class names from third-party packages that say "I hold connections" (`Connection` alone is too common a model name). */
const CLIENT_CLASS_NAME = /^[A-Z]\w*(?:Client|Pool|Driver)$/;

/**
 * The family of a construction, or undefined when it is not a client. `additional` entries are
 * qualified names (`mylib.Client`, `mylib#Client` as in the JS option), module names or bare names.
 */
export function clientFamily(
  qualified: string,
  additional: readonly string[],
  isPackage: (topLevel: string) => boolean,
): ClientFamily | undefined {
  const known = FAMILY_BY_NAME.get(qualified);
  if (known) return known;
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  for (const raw of additional) {
    const entry = raw.replace('#', '.');
    if (entry === qualified || qualified.startsWith(`${entry}.`) || entry === last) return 'other';
  }
  if (!qualified.startsWith('.') && isPackage(qualified.split('.')[0]!) && CLIENT_CLASS_NAME.test(last))
    return 'other';
  return undefined;
}
