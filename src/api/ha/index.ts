/**
 * Home Assistant's API on the hub: the WebSocket API at `/api/websocket` and the
 * REST subset under `/api/`. The API server routes upgrades and requests here;
 * see docs/api.md for what is supported.
 */
import type { Hub } from '../../host/hub.js';
import { type Logger, silentLogger } from '../../logger.js';
import { type HaApiLimits, resolveHaApiLimits } from './limits.js';
import { type HaRestHandler, haRestHandler } from './rest.js';
import { HaWebSocketServer } from './websocket.js';

export { defaultHaApiLimits, type HaApiLimits } from './limits.js';

export interface HaApiOptions {
  readonly hub: Hub;
  /** True when `token` may use the API; with auth disabled, one that accepts any token. */
  readonly checkToken: (token: string) => boolean;
  readonly limits?: Partial<HaApiLimits>;
  /** Corral's version, reported by `get_config`. */
  readonly version?: string;
  readonly logger?: Logger;
}

export interface HaApi {
  readonly websocket: HaWebSocketServer;
  readonly rest: HaRestHandler;
  readonly limits: HaApiLimits;
  close(): void;
}

export function createHaApi(options: HaApiOptions): HaApi {
  const limits = resolveHaApiLimits(options.limits);
  const version = options.version ?? '0.0.0';
  const websocket = new HaWebSocketServer({
    hub: options.hub,
    limits,
    checkToken: options.checkToken,
    version,
    logger: options.logger ?? silentLogger,
  });
  return {
    websocket,
    rest: haRestHandler({ hub: options.hub, limits, version }),
    limits,
    close: () => websocket.close(),
  };
}
