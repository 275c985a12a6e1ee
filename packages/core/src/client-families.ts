/**
 * Why building a client per invocation hurts, by kind of client: the same reasons whatever the
 * language, so the JavaScript and Python `no-client-in-handler` rules say them with one text.
 */
export type ClientFamily = 'aws' | 'database' | 'http' | 'other';

export const CLIENT_COST: Readonly<Record<ClientFamily, string>> = {
  aws: 're-resolves credentials and opens new TLS connections on every call, which adds latency to every warm invocation',
  database:
    'opens a new connection on every call: warm invocations pay the connection setup again, and under concurrency the open connections exhaust the database limit',
  http: 'throws away the keep-alive connection pool, so every call pays new TCP and TLS handshakes',
  other: 're-creates its connections and configuration on every call, which slows every warm invocation',
};
