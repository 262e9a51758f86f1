/**
 * The hub's local API: HTTP + WebSocket on loopback by default, serving the
 * CLI, the inspector page and Stately's receiver. Every request is validated
 * (`contract.ts`); a bad one gets a 4xx with `{ error: { type, message } }`.
 * Every route and socket needs the hub's token or a login session (`auth.ts`),
 * browsers only from the hub's own origin, and on loopback the Host header must
 * be local too (DNS rebinding). `auth: false` (tests) lifts the first, on loopback only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import type { z } from 'zod';
import { isLoopback as isLoopbackAddress } from '../config/schema.js';
import { CorralError } from '../errors.js';
import type { Hub } from '../host/hub.js';
import type { CollectorChange, InspectorCollector } from '../inspector/collector.js';
import { inspectableMachines } from '../inspector/machines.js';
import type { StatelyFeed } from '../inspector/stately.js';
import { hubActors } from '../inspector/tree.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { crashSandbox, hangSandbox } from '../sandboxing/faults.js';
import type { SandboxRouter } from '../sandboxing/sandbox-router.js';
import { ApiAuth } from './auth.js';
import {
  type ActorsResponse,
  type ApiError,
  demoFaultRequest,
  type EntitiesResponse,
  type EntriesResponse,
  type EventsResponse,
  flowStartRequest,
  flowStepRequest,
  type MachinesResponse,
  serviceCallRequest,
  type WsMessage,
} from './contract.js';
import { createHaApi, type HaApiLimits } from './ha/index.js';
import { findTooDeep } from './ha/json-limits.js';
import { sendJson as sendJsonResponse } from './json-response.js';
import { FRAME_HEADERS, handleLogin } from './login.js';
import { StatusSampler } from './status.js';

export interface ApiServerOptions {
  readonly hub: Hub;
  /** The sandbox router, when integrations run in sandboxes: status and demo faults need it. */
  readonly router?: SandboxRouter;
  readonly collector: InspectorCollector;
  readonly stately?: StatelyFeed;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8123; 0 picks a free port. */
  readonly port?: number;
  /** The token every request must carry (or trade for a login session); required unless `auth` is false. */
  readonly token?: string;
  /** `false` lets every request in without a token: for tests, and refused off loopback. Default true. */
  readonly auth?: boolean;
  /** The built inspector page (`index.html`, `assets/`); without it `/` is a 404. */
  readonly staticDir?: string;
  readonly version?: string;
  readonly logger?: Logger;
  /** How often status goes out on the WebSocket and rates are sampled. */
  readonly statusIntervalMs?: number;
  /** Bounds of the Home Assistant API (`/api/websocket`, HA's REST routes); see `HaApiLimits`. */
  readonly haLimits?: Partial<HaApiLimits>;
}

export interface ApiServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** The token check, for protocols that authenticate inside the socket (`checkToken`). */
  readonly auth: ApiAuth;
  /** A link to the inspector page that logs a browser in once, within 5 minutes. */
  loginUrl(): string;
  close(): Promise<void>;
}

/** Largest request body accepted. */
const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends CorralError {
  constructor(
    readonly status: number,
    type: string,
    message: string,
  ) {
    super(type, message);
  }
}

/** Loopback by name or address; a Host header may bracket an IPv6 address. */
export function isLoopback(host: string): boolean {
  return isLoopbackAddress(host.replace(/^\[(.*)\]$/, '$1'));
}

/** The HTTP status of a hub error: what the caller got wrong is a 4xx, what broke is a 5xx. */
function statusOfError(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (!(error instanceof CorralError)) return 500;
  const type = error.type;
  if (type.endsWith('_not_found') || type.startsWith('unknown_')) return 404;
  if (type === 'validation_error' || type.startsWith('invalid_') || type === 'service_response') return 400;
  if (type === 'entry_not_ready' || type === 'already_in_progress') return 409;
  if (type === 'sandbox_failed' || type === 'channel_closed' || type === 'timeout' || type === 'overloaded')
    return 503;
  return 500;
}

/** A path parameter, percent-decoded; bad encoding is the caller's mistake, not a 500. */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'invalid_request', `"${raw}" is not valid percent-encoding`);
  }
}

type Handler = (request: Request) => Promise<unknown> | unknown;

interface Request {
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  body<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const authOn = options.auth !== false;
  /** The hub's token; undefined only with authentication off. */
  const token = authOn ? options.token : undefined;
  if (authOn && !token) {
    throw new CorralError('config_invalid', 'the API needs a token (or auth: false, on loopback only)');
  }
  if (!authOn && !isLoopback(host)) {
    throw new CorralError(
      'config_invalid',
      `the API cannot run without authentication on ${host} (not loopback): anyone who reaches it could drive the hub`,
    );
  }
  let port = options.port ?? 8123;
  const auth = new ApiAuth({ token, cookieName: () => `corral_session_${port}` });
  const logger = options.logger ?? silentLogger;
  const { hub, router, collector } = options;
  const sampler = new StatusSampler(hub, router, options.version ?? '0.0.0');
  const machines = inspectableMachines();
  const supervisor = () => {
    if (!router) throw new HttpError(409, 'no_sandboxes', 'this hub runs every integration in-process');
    return router.supervisor;
  };

  // Home Assistant clients give the token in the socket's auth phase; `auth` checks it.
  const checkToken = (given: string): boolean => auth.checkToken(given);
  const ha = createHaApi({ hub, checkToken, limits: options.haLimits, version: options.version, logger });

  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    ['GET', /^\/api\/status$/, () => sampler.status()],
    [
      'GET',
      /^\/api\/entities$/,
      ({ query }): EntitiesResponse => {
        const domain = query.get('domain') ?? undefined;
        return {
          entities: hub.states.all(domain).map((s) => ({
            entityId: s.entityId,
            state: s.state,
            attributes: s.attributes,
            lastChanged: new Date(s.lastChanged).toISOString(),
            lastUpdated: new Date(s.lastUpdated).toISOString(),
          })),
        };
      },
    ],
    [
      'POST',
      /^\/api\/services\/call$/,
      async (request) => {
        const call = await request.body(serviceCallRequest);
        const response = await hub.services.call(call.domain, call.service, call.data ?? {}, {
          target: call.target,
          returnResponse: call.returnResponse,
        });
        return { response: response ?? null };
      },
    ],
    [
      'GET',
      /^\/api\/entries$/,
      (): EntriesResponse => ({
        entries: hub.entries.list().map((e) => ({
          entryId: e.entryId,
          domain: e.domain,
          title: e.title,
          state: hub.entries.state(e.entryId),
          sandbox: e.sandbox,
        })),
      }),
    ],
    [
      'POST',
      /^\/api\/entries\/([^/]+)\/reload$/,
      async ({ params }) => {
        const entryId = params[0] ?? '';
        if (!hub.entries.get(entryId))
          throw new HttpError(404, 'unknown_entry', `no config entry "${entryId}"`);
        return { entryId, state: await hub.entries.reload(entryId) };
      },
    ],
    [
      'POST',
      /^\/api\/flows$/,
      async (request) => {
        const { domain, source } = await request.body(flowStartRequest);
        return hub.flows.start(domain, source ? { source } : {});
      },
    ],
    [
      'POST',
      /^\/api\/flows\/([^/]+)$/,
      async (request) => {
        const { input } = await request.body(flowStepRequest);
        return hub.flows.configure(request.params[0] ?? '', input);
      },
    ],
    [
      'DELETE',
      /^\/api\/flows\/([^/]+)$/,
      async ({ params }) => {
        await hub.flows.abort(params[0] ?? '');
        return { aborted: params[0] };
      },
    ],
    [
      'POST',
      /^\/api\/demo\/crash$/,
      async (request) => crashSandbox(supervisor(), (await request.body(demoFaultRequest)).group),
    ],
    [
      'POST',
      /^\/api\/demo\/hang$/,
      async (request) => hangSandbox(supervisor(), (await request.body(demoFaultRequest)).group),
    ],
    ['GET', /^\/api\/inspector\/actors$/, (): ActorsResponse => ({ actors: allActors() })],
    ['GET', /^\/api\/inspector\/machines$/, (): MachinesResponse => ({ machines })],
    [
      'GET',
      /^\/api\/inspector\/events$/,
      ({ query }): EventsResponse => {
        const limit = Number(query.get('limit') ?? 500);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new HttpError(400, 'invalid_request', 'limit must be an integer from 1 to 10000');
        return { events: collector.recentEvents(limit, query.get('actor') ?? undefined) };
      },
    ],
  ];

  function allActors() {
    return [...hubActors(hub), ...collector.actors()];
  }

  /**
   * Why: a browser page of another site (or a DNS-rebound name) could otherwise use the API
   * with the user's session; non-browser clients send no Origin and prove themselves by token.
   */
  function isOwnOrigin(request: IncomingMessage): boolean {
    const hostHeader = request.headers.host ?? '';
    const hostname = hostHeader.replace(/:\d+$/, '');
    if (isLoopback(host) && !isLoopback(hostname)) return false;
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (ownOrigins.has(origin)) return true;
    // Bound to every address: the hub's own origin is whatever address the page was loaded from.
    return (host === '0.0.0.0' || host === '::') && origin === `http://${hostHeader}`;
  }

  /** The page's origins: the bound address, and on loopback its other names, at this port. */
  const ownOrigins = new Set<string>();
  function learnOwnOrigins(): void {
    const names = isLoopback(host) ? [host, '127.0.0.1', 'localhost', '[::1]'] : [host];
    for (const name of names) {
      ownOrigins.add(`http://${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${port}`);
    }
  }

  async function readBody(request: IncomingMessage): Promise<unknown> {
    const type = request.headers['content-type'] ?? '';
    if (!type.startsWith('application/json'))
      throw new HttpError(415, 'unsupported_media_type', 'send the request body as application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES)
        throw new HttpError(413, 'payload_too_large', `request body over ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, 'invalid_json', `request body is not JSON: ${(error as Error).message}`);
    }
    // Why: the hub copies and compares data recursively; a deep enough body would overflow its stack.
    const tooDeep = findTooDeep(parsed, ha.limits.maxJsonDepth);
    if (tooDeep !== undefined) {
      const limit = ha.limits.maxJsonDepth;
      throw new HttpError(
        400,
        'json_too_deep',
        `request body nests deeper than ${limit} levels at ${tooDeep}; the limit is ${limit}`,
      );
    }
    return parsed;
  }

  const send = sendJsonResponse;

  function sendError(response: ServerResponse, error: unknown): void {
    const status = statusOfError(error);
    const type = error instanceof CorralError ? error.type : 'internal_error';
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500) logger('error', `API request failed: ${message}`);
    const body: ApiError = { error: { type, message } };
    if (!response.headersSent) send(response, status, body);
    else response.end();
  }

  const assets: Record<string, string> = {
    '/': 'index.html',
    '/index.html': 'index.html',
    '/assets/app.js': 'assets/app.js',
    '/assets/style.css': 'assets/style.css',
  };
  const mime: Record<string, string> = {
    html: 'text/html; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    css: 'text/css; charset=utf-8',
  };

  async function serveAsset(path: string, response: ServerResponse): Promise<boolean> {
    const file = assets[path];
    if (!file || !options.staticDir) return false;
    const body = await readFile(join(options.staticDir, file));
    response.writeHead(200, {
      'content-type': mime[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      'content-security-policy':
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
      ...FRAME_HEADERS,
    });
    response.end(body);
    return true;
  }

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      try {
        if (!isOwnOrigin(request))
          throw new HttpError(403, 'forbidden', 'the API answers only its own page and local clients');
        if (await handleLogin(request, response, url, auth)) return;
        const method = request.method ?? 'GET';
        if (!auth.isAuthorized(request.headers)) {
          // A browser opening the page without a session is sent to log in.
          if (method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) {
            response.writeHead(303, { location: '/login', 'content-length': 0, ...FRAME_HEADERS });
            response.end();
            return;
          }
          throw new HttpError(
            401,
            'unauthorized',
            'missing or wrong token: send Authorization: Bearer <token> (the token is in <data dir>/.corral/auth_token)',
          );
        }
        if (method === 'GET' && (await serveAsset(url.pathname, response))) return;
        if (await ha.rest(request, response, url)) return;
        const matching = routes.filter(([, pattern]) => pattern.test(url.pathname));
        if (matching.length === 0) throw new HttpError(404, 'not_found', `no route ${url.pathname}`);
        const route = matching.find(([m]) => m === method);
        if (!route) {
          response.setHeader('allow', matching.map(([m]) => m).join(', '));
          throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
        }
        const params = route[1].exec(url.pathname)?.slice(1).map(decodeParam) ?? [];
        const result = await route[2]({
          params,
          query: url.searchParams,
          async body(schema) {
            const parsed = schema.safeParse(await readBody(request));
            if (!parsed.success) {
              const detail = parsed.error.issues
                .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
                .join('; ');
              throw new HttpError(400, 'invalid_request', `invalid request body: ${detail}`);
            }
            return parsed.data;
          },
        });
        send(response, 200, result ?? {});
      } catch (error) {
        sendError(response, error);
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const feeds = new Set<WebSocket>();
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    };
    if (!isOwnOrigin(request)) return refuse(403, 'Forbidden');
    // Home Assistant clients authenticate in the socket's auth phase, not on the upgrade.
    if (url.pathname === '/api/websocket') return ha.websocket.handleUpgrade(request, socket, head);
    if (!auth.isAuthorized(request.headers, { basic: true })) return refuse(401, 'Unauthorized');
    if (url.pathname === '/api/ws') {
      wss.handleUpgrade(request, socket, head, (ws) => attachFeed(ws));
    } else if (url.pathname === '/api/stately' && options.stately) {
      const stately = options.stately;
      wss.handleUpgrade(request, socket, head, (ws) => {
        const stop = stately.subscribe((json) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(json);
        });
        ws.on('close', stop);
        ws.on('error', stop);
      });
    } else {
      refuse(404, 'Not Found');
    }
  });

  function sendJson(ws: WebSocket, message: WsMessage): void {
    // A client that stops reading is cut off rather than buffering without bound.
    if (ws.bufferedAmount > 8 * 1024 * 1024) {
      ws.terminate();
      return;
    }
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  function attachFeed(ws: WebSocket): void {
    feeds.add(ws);
    sendJson(ws, { type: 'hello', actors: allActors(), events: collector.recentEvents(500) });
    const stop = collector.subscribe((change: CollectorChange) => {
      if (change.type === 'actor') sendJson(ws, { type: 'actor', actor: change.actor });
      else if (change.type === 'event') sendJson(ws, { type: 'event', event: change.event });
      else sendJson(ws, { type: 'removed', actorId: change.actorId });
    });
    const forget = () => {
      stop();
      feeds.delete(ws);
    };
    ws.on('close', forget);
    ws.on('error', forget);
    // The feed is one-way; anything the client sends is ignored.
  }

  let lastProxies = new Map<string, string>();
  const tick = setInterval(() => {
    sampler.sample();
    if (feeds.size === 0) return;
    collector.actors(); // prunes long-stopped actors, which tells the feeds they were removed
    const status = sampler.status();
    // Proxies are not XState actors: announce the ones whose availability changed.
    const proxies = hubActors(hub);
    const changed = proxies.filter((p) => lastProxies.get(p.id) !== p.stateLabel);
    lastProxies = new Map(proxies.map((p) => [p.id, p.stateLabel]));
    for (const ws of feeds) {
      sendJson(ws, { type: 'status', status });
      for (const actor of changed) sendJson(ws, { type: 'actor', actor });
    }
  }, options.statusIntervalMs ?? 1000);
  tick.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8123, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  learnOwnOrigins();
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  return {
    url,
    port,
    auth,
    loginUrl: () => `${url}/login?once=${auth.issueLoginCode()}`,
    async close() {
      clearInterval(tick);
      ha.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
