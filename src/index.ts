/** Corral's public API for embedders. Integration authors use `corral/sdk`. */
export { type LaunchedSandbox, type LaunchOptions, launchSandbox } from './actors/launch.js';
export { Supervisor, type SupervisorOptions } from './actors/supervisor.js';
export * from './errors.js';
export { createHub, type Hub, type HubOptions } from './host/hub.js';
export { type FlowStart, type IntegrationHandler, MAIN_GROUP, type Router } from './host/router.js';
export type { Context, HubEvent, State } from './host/types.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export * from './policy.js';
