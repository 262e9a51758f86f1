/** The CLI's side of the local API: typed requests, errors as `ApiRequestError`. */
import type {
  EntitiesResponse,
  EntriesResponse,
  FlowStartRequest,
  ServiceCallRequest,
  StatusResponse,
} from '../api/contract.js';
import { CorralError } from '../errors.js';
import type { FlowAnswer } from '../host/flow-manager.js';

export class ApiRequestError extends CorralError {
  constructor(
    type: string,
    message: string,
    readonly status: number,
  ) {
    super(type, message);
  }
}

export class ApiClient {
  /** `token`: the hub's API token, or where to find it when the first request goes out. */
  constructor(
    readonly baseUrl: string,
    private readonly token?: string | (() => Promise<string | undefined>),
  ) {}

  status(): Promise<StatusResponse> {
    return this.request('GET', '/api/status');
  }

  entities(domain?: string): Promise<EntitiesResponse> {
    return this.request('GET', `/api/entities${domain ? `?domain=${encodeURIComponent(domain)}` : ''}`);
  }

  entries(): Promise<EntriesResponse> {
    return this.request('GET', '/api/entries');
  }

  reload(entryId: string): Promise<{ entryId: string; state: string }> {
    return this.request('POST', `/api/entries/${encodeURIComponent(entryId)}/reload`, {});
  }

  call(request: ServiceCallRequest): Promise<{ response: unknown }> {
    return this.request('POST', '/api/services/call', request);
  }

  startFlow(request: FlowStartRequest): Promise<FlowAnswer> {
    return this.request('POST', '/api/flows', request);
  }

  stepFlow(flowId: string, input: Record<string, unknown>): Promise<FlowAnswer> {
    return this.request('POST', `/api/flows/${encodeURIComponent(flowId)}`, { input });
  }

  abortFlow(flowId: string): Promise<unknown> {
    return this.request('DELETE', `/api/flows/${encodeURIComponent(flowId)}`);
  }

  demo(fault: 'crash' | 'hang', group?: string): Promise<{ group: string; pid: number }> {
    return this.request('POST', `/api/demo/${fault}`, group ? { group } : {});
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const token = typeof this.token === 'function' ? await this.token() : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ApiRequestError(
        'hub_unreachable',
        `no hub answers at ${this.baseUrl} (${why}); start one with \`corral run\` or pass --url`,
        0,
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiRequestError(
        'invalid_response',
        `the hub answered ${response.status} with non-JSON`,
        response.status,
      );
    }
    if (!response.ok) {
      const error = (parsed as { error?: { type?: string; message?: string } }).error;
      const hint =
        response.status === 401
          ? `; corral read ${token ? 'a token that is not this hub’s' : 'no token'}: pass the hub's --config <dir> (its token is in <dir>/.corral/auth_token) or set CORRAL_TOKEN`
          : '';
      throw new ApiRequestError(
        error?.type ?? 'http_error',
        `${error?.message ?? `HTTP ${response.status}`}${hint}`,
        response.status,
      );
    }
    return parsed as T;
  }
}
