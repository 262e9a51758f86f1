/**
 * The router seam: where an integration's flows and entries are handled. The
 * host consults it when a flow is created (the answer is persisted on the entry
 * as `sandbox`), and at setup and unload reads that persisted group — it never
 * re-derives it. In-process handling is the `main` group; the sandboxing layer
 * plugs remote handlers in here.
 */
import type { SetupOutcome, UnloadOutcome } from '../machines/config-entry.js';
import type { ConfigEntryData, FlowKind, FlowResult, FlowSource, HostConfigData } from '../sdk/types.js';
import type { Manifest } from './manifest.js';
import type { TranslationProvider } from './translations.js';

/** The in-process group. */
export const MAIN_GROUP = 'main';

export interface FlowStart {
  readonly flowId: string;
  readonly domain: string;
  readonly kind: FlowKind;
  readonly source: FlowSource;
  readonly context: Record<string, unknown>;
  readonly data: Record<string, unknown> | null;
  /** Reauth, reconfigure and options flows get a copy of their entry. */
  readonly entry: ConfigEntryData | null;
  readonly hostConfig: HostConfigData;
}

/** Runs one group's integrations: the host in-process, or a sandbox over its channel. */
export interface IntegrationHandler {
  readonly group: string;
  setupEntry(entry: ConfigEntryData): Promise<SetupOutcome>;
  /** Must release every host-side trace of the entry, even when the integration is unreachable. */
  unloadEntry(entry: ConfigEntryData): Promise<UnloadOutcome>;
  updateEntry(entry: ConfigEntryData): Promise<void>;
  flowInit(start: FlowStart): Promise<FlowResult>;
  flowStep(flowId: string, input: Record<string, unknown> | undefined): Promise<FlowResult>;
  flowAbort(flowId: string): Promise<void>;
}

export interface Router {
  /** Decide the group for a new flow of an integration (run once per flow). */
  groupFor(manifest: Manifest, builtIn: boolean): string;
  /** The handler for a group. */
  handler(group: string): IntegrationHandler;
  /** UI strings of the integrations this router runs elsewhere; the hub reads the rest from their files. */
  translations?(): RoutedTranslations;
  /** Called first when the hub stops, before entries unload (e.g. to shut sandboxes down gracefully). */
  stop?(): Promise<void>;
}

/** Strings served where an integration runs (its sandbox), not from files the host reads. */
export interface RoutedTranslations extends TranslationProvider {
  /** True when `domain`'s strings come from this provider: the host neither reads nor caches them. */
  serves(domain: string): boolean;
}

/** Everything runs in-process: the router of a hub without sandboxes. */
export function inProcessRouter(local: IntegrationHandler): Router {
  return { groupFor: () => MAIN_GROUP, handler: () => local };
}
