// Runs in each fresh `init-time` process: blocks the network, then times loading one handler module.
// Only Node built-ins here: anything imported is part of what this process pays before the measurement.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import net from 'node:net';
import { pathToFileURL } from 'node:url';

/** One outbound network attempt made while the module loaded. */
interface Attempt {
  api: string;
  target: string;
  stack: string;
}

const attempts: Attempt[] = [];

function blocked(api: string, target: string): Error {
  attempts.push({ api, target, stack: new Error().stack ?? '' });
  const error = new Error(
    `lambda-lint init-time blocks outbound network: ${api} ${target}`,
  ) as NodeJS.ErrnoException;
  error.code = 'ENETUNREACH';
  return error;
}

function targetOf(args: unknown[]): string {
  const [first, second] = args as [unknown, unknown];
  if (Array.isArray(first)) return targetOf(first);
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; hostname?: string; port?: number | string; path?: string };
    return o.path ?? `${o.host ?? o.hostname ?? 'localhost'}:${o.port ?? ''}`;
  }
  if (typeof first === 'number') return `${typeof second === 'string' ? second : 'localhost'}:${first}`;
  return String(first);
}

// Sockets: http, https, tls and fetch all connect through net.Socket.
net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]) {
  const error = blocked('connect', targetOf(args));
  process.nextTick(() => this.destroy(error));
  return this;
} as typeof net.Socket.prototype.connect;

const dnsFail = (api: string) =>
  function (hostname: unknown, ...rest: unknown[]) {
    const error = blocked(`dns.${api}`, String(hostname));
    const callback = rest.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
    if (callback) process.nextTick(() => callback(error));
  };
for (const api of [
  'lookup',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveTxt',
  'resolveSrv',
  'resolveCname',
] as const) {
  (dns as unknown as Record<string, unknown>)[api] = dnsFail(api);
  (dns.promises as unknown as Record<string, unknown>)[api] = (hostname: unknown) =>
    Promise.reject(blocked(`dns.promises.${api}`, String(hostname)));
}
globalThis.fetch = ((input: unknown) => {
  const url =
    typeof input === 'string'
      ? input
      : input instanceof URL
        ? input.href
        : String((input as { url?: string })?.url ?? input);
  return Promise.reject(new TypeError('fetch failed', { cause: blocked('fetch', url) }));
}) as typeof fetch;
dgram.Socket.prototype.send = function send(this: dgram.Socket, ...args: unknown[]) {
  const callback = args.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
  const error = blocked(
    'udp send',
    `${String(args.find((a) => typeof a === 'string') ?? '')}:${String(args.find((a) => typeof a === 'number') ?? '')}`,
  );
  if (callback) process.nextTick(() => callback(error));
} as typeof dgram.Socket.prototype.send;

// Per-module attribution: time inside each module's own code, its dependencies' time subtracted.
interface Frame {
  id: string;
  start: number;
  child: number;
}
const self = new Map<string, number>();
const stack: Frame[] = [];
const add = (id: string, ms: number) => self.set(id, (self.get(id) ?? 0) + ms);
const enter = (id: string) => stack.push({ id, start: performance.now(), child: 0 });
const leave = () => {
  const frame = stack.pop()!;
  const total = performance.now() - frame.start;
  add(frame.id, total - frame.child);
  if (stack.length) stack[stack.length - 1]!.child += total;
};

/** Hooks the instrumented bundle calls (see instrument.ts). */
(globalThis as Record<string, unknown>).__lambdaLintInit = {
  /** A top-level `// path` section of the bundle starts: the time since the last one belongs to the previous. */
  mark(id: string) {
    // Marks run at the bundle's top level, so the innermost frame is the bundle's own.
    const frame = stack[stack.length - 1]!;
    const now = performance.now();
    add(frame.id, now - frame.start - frame.child);
    frame.id = id;
    frame.start = now;
    frame.child = 0;
  },
  /** esbuild's lazy module wrappers (`__commonJS`, `__esm`): time each the first time it runs. */
  wrap<T extends (...args: never[]) => unknown>(helper: (cb: Record<string, unknown>, mod?: unknown) => T) {
    return (cb: Record<string, unknown>, mod?: unknown) => {
      const id = Object.keys(cb)[0] ?? '(anonymous)';
      const inner = helper(cb, mod);
      let first = true;
      return function (this: unknown, ...args: never[]) {
        if (!first) return inner.apply(this, args);
        first = false;
        enter(id);
        try {
          return inner.apply(this, args);
        } finally {
          leave();
        }
      };
    };
  },
};

// Modules loaded with require() at run time (a built package's node_modules, externals).
const moduleInternals = Module as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown): string;
  _cache: Record<string, unknown>;
};
const load = moduleInternals._load;
moduleInternals._load = function (request: string, parent: unknown, isMain: boolean) {
  let filename: string | undefined;
  try {
    filename = moduleInternals._resolveFilename(request, parent);
  } catch {
    return load.call(this, request, parent, isMain);
  }
  if (!filename.includes('/') || moduleInternals._cache[filename])
    return load.call(this, request, parent, isMain);
  enter(filename);
  try {
    return load.call(this, request, parent, isMain);
  } finally {
    leave();
  }
};

const [file, exportName] = process.argv.slice(2) as [string, string];
/** Node's parsing and compiling, esbuild's helpers, and ES modules (their evaluation has no hook). */
const UNATTRIBUTED = '(compile, helpers, ES modules)';
let error: string | undefined;
let handlerType = 'missing';
enter(UNATTRIBUTED);
const start = performance.now();
try {
  const mod = (
    /\.mjs$/.test(file) ? await import(pathToFileURL(file).href) : createRequire(file)(file)
  ) as Record<string, unknown>;
  const handler = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
  handlerType = typeof handler;
} catch (e) {
  error = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}
const initMs = performance.now() - start;
while (stack.length) leave();
// Calls started at init but not awaited still hit the network in the same init phase.
await new Promise((resolve) => setTimeout(resolve, 30));
writeSync(
  3,
  JSON.stringify({
    initMs,
    handlerType,
    error,
    modules: Object.fromEntries(self),
    attempts,
  }),
);
process.exit(0);
