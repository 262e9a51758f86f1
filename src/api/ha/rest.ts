/**
 * The REST subset of Home Assistant's API that clients use: `/api/`, config,
 * states, service calls, events and the config-flow routes. Answers in HA's
 * shapes, errors as `{ message }`. Auth (Bearer) is the server's, before this.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FlowAnswer } from '../../host/flow-manager.js';
import type { Hub } from '../../host/hub.js';
import { isPlainObject } from '../../host/snapshot.js';
import type { HubEvent, State } from '../../host/types.js';
import { sendJson } from '../json-response.js';
import { callServiceForClient, fireClientEvent, loadedComponents } from './commands.js';
import { HaCommandError, haErrorOf, httpStatusOf } from './errors.js';
import { JsonLimitError, parseBoundedJson } from './json-limits.js';
import type { HaApiLimits } from './limits.js';
import { haConfig, haFlowResult, haState } from './shapes.js';

export interface HaRestOptions {
  readonly hub: Hub;
  readonly limits: HaApiLimits;
  readonly version: string;
}

class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (match: readonly string[], request: IncomingMessage, url: URL) => Promise<unknown> | unknown;

const FLOW_BASE = '/api/config/config_entries/flow';

/** Handles `request` when its path is one of HA's REST routes; false when it is not, for the next handler. */
export type HaRestHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
) => Promise<boolean>;

export function haRestHandler(options: HaRestOptions): HaRestHandler {
  const { hub, limits } = options;
  /** The last step each flow answered over REST, for `GET <flow_id>`; a finished flow is forgotten. */
  const flowSteps = new Map<string, { domain: string; answer: FlowAnswer }>();
  const remember = (domain: string, answer: FlowAnswer) => {
    if (answer.type === 'form' || answer.type === 'menu') flowSteps.set(answer.flowId, { domain, answer });
    else flowSteps.delete(answer.flowId);
    return haFlowResult(domain, answer);
  };

  async function body(request: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > limits.maxMessageBytes) {
        throw new RestError(413, `the request body is over ${limits.maxMessageBytes} bytes, the limit`);
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    const value = parseBoundedJson(text, limits);
    if (!isPlainObject(value)) throw new RestError(400, 'the request body must be a JSON object');
    return value;
  }

  const routes: [method: string, pattern: RegExp, route: Route][] = [
    ['GET', /^\/api\/$/, () => ({ message: 'API running.' })],
    ['GET', /^\/api\/config$/, () => haConfig(hub.hostConfig, loadedComponents(hub), options.version)],
    ['GET', /^\/api\/states$/, () => hub.states.all().map(haState)],
    [
      'GET',
      /^\/api\/states\/([^/]+)$/,
      ([entityId]) => {
        const state = hub.states.get(entityId ?? '');
        if (!state) throw new RestError(404, 'Entity not found.');
        return haState(state);
      },
    ],
    [
      'POST',
      /^\/api\/services\/([^/]+)\/([^/]+)$/,
      async ([domain, service], request, url) => {
        const data = await body(request);
        const returnResponse = url.searchParams.has('return_response');
        // HA answers with the states that changed while the service ran.
        const changed = new Map<string, State>();
        const stop = hub.bus.listen(
          'state_changed',
          (event: HubEvent<{ entityId: string; newState?: State }>) => {
            if (event.data.newState) changed.set(event.data.entityId, event.data.newState);
          },
        );
        try {
          const result = await callServiceForClient(hub, {
            domain: domain ?? '',
            service: service ?? '',
            data,
            returnResponse,
          });
          const changedStates = [...changed.values()].map(haState);
          return returnResponse
            ? { changed_states: changedStates, service_response: (result as { response: unknown }).response }
            : changedStates;
        } finally {
          stop();
        }
      },
    ],
    [
      'POST',
      /^\/api\/events\/([^/]+)$/,
      async ([eventType], request) => {
        fireClientEvent(hub, eventType ?? '', await body(request));
        return { message: `Event ${eventType} fired.` };
      },
    ],
    [
      'POST',
      new RegExp(`^${FLOW_BASE}$`),
      async (_, request) => {
        const { handler } = await body(request);
        if (typeof handler !== 'string')
          throw new RestError(400, 'the body needs "handler": the integration domain');
        return remember(handler, await hub.flows.start(handler, { source: 'user' }));
      },
    ],
    [
      'GET',
      new RegExp(`^${FLOW_BASE}/([^/]+)$`),
      ([flowId]) => {
        const step = flowSteps.get(flowId ?? '');
        if (step && hub.flows.inProgress().some((f) => f.flowId === flowId)) {
          return haFlowResult(step.domain, step.answer);
        }
        flowSteps.delete(flowId ?? '');
        throw new RestError(404, 'Invalid flow specified');
      },
    ],
    [
      'POST',
      new RegExp(`^${FLOW_BASE}/([^/]+)$`),
      async ([flowId], request) => {
        const input = await body(request);
        const domain =
          flowSteps.get(flowId ?? '')?.domain ??
          hub.flows.inProgress().find((f) => f.flowId === flowId)?.domain;
        if (domain === undefined) throw new RestError(404, 'Invalid flow specified');
        return remember(domain, await hub.flows.configure(flowId ?? '', input));
      },
    ],
    [
      'DELETE',
      new RegExp(`^${FLOW_BASE}/([^/]+)$`),
      async ([flowId]) => {
        flowSteps.delete(flowId ?? '');
        await hub.flows.abort(flowId ?? '');
        return { message: 'Flow aborted' };
      },
    ],
  ];

  return async (request, response, url) => {
    const matching = routes.filter(([, pattern]) => pattern.test(url.pathname));
    if (matching.length === 0) return false;
    try {
      const method = request.method ?? 'GET';
      const route = matching.find(([m]) => m === method);
      if (!route) {
        response.setHeader('allow', matching.map(([m]) => m).join(', '));
        throw new RestError(405, `${method} is not allowed on ${url.pathname}`);
      }
      const params = (route[1].exec(url.pathname) ?? []).slice(1).map(decodeParam);
      send(response, 200, (await route[2](params, request, url)) ?? null);
    } catch (error) {
      sendError(response, error);
    }
    return true;
  };
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RestError(400, `"${raw}" is not valid percent-encoding`);
  }
}

const send = sendJson;

function sendError(response: ServerResponse, error: unknown): void {
  let status: number;
  let message: string;
  if (error instanceof RestError) {
    status = error.status;
    message = error.message;
  } else if (error instanceof JsonLimitError) {
    status = error.type === 'payload_too_large' ? 413 : 400;
    message = error.message;
  } else {
    const mapped = haErrorOf(error);
    status =
      error instanceof HaCommandError && error.code === 'not_allowed' ? 403 : httpStatusOf(mapped.code);
    message = mapped.message;
  }
  if (response.headersSent) {
    response.end();
    return;
  }
  send(response, status, { message });
}
