/** Corral's public API for embedders. Integration authors use `corral/sdk`. */
export {
  type LaunchedBy,
  type LaunchedSandbox,
  type LaunchOptions,
  launchSandbox,
  type SandboxInstance,
  type SandboxLauncher,
} from './actors/launch.js';
export {
  type LaunchedWorker,
  type LaunchWorkerOptions,
  launchWorkerSandbox,
  WorkerPermissionModelError,
} from './actors/launch-worker.js';
export { Supervisor, type SupervisorOptions } from './actors/supervisor.js';
export * from './api/contract.js';
export { type ApiServer, type ApiServerOptions, startApiServer } from './api/server.js';
export { type RunningCorral, type RunOptions, runCorral } from './cli/run.js';
export { ConfigError, type ConfigIssue, loadConfig, parseConfig } from './config/load.js';
export { type CorralConfig, corralConfigSchema, defaultCorralConfig } from './config/schema.js';
export * from './errors.js';
export { createHub, type Hub, type HubOptions } from './host/hub.js';
export { type FlowStart, type IntegrationHandler, MAIN_GROUP, type Router } from './host/router.js';
export {
  IntegrityError,
  type TarballPin,
  TarballSourceError,
  UnsafeTarballError,
} from './host/tarball-source.js';
export type { Context, HubEvent, State } from './host/types.js';
export { type CollectorChange, InspectorCollector } from './inspector/collector.js';
export { inspectableMachines } from './inspector/machines.js';
export {
  combineInspectors,
  type StatelyFeed,
  statelyFeed,
  statelyWebSocketInspector,
} from './inspector/stately.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export * from './policy.js';
export { classify, defaultIsolationPolicy, type IsolationPolicy } from './sandboxing/classifier.js';
export {
  crashSandbox,
  hangSandbox,
  NoSuchSandboxError,
  UnsupportedFaultError,
} from './sandboxing/faults.js';
export { type SandboxingOptions, SandboxRouter, sandboxRouter } from './sandboxing/sandbox-router.js';
