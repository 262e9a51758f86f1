/**
 * Which of an integration's flows a flow start runs, and the answer when it has
 * none — the same on the host and in a sandbox. Type-only imports: a sandbox
 * loads this at start-up, before any schema code.
 */
import type { FlowDefinition } from './flow.js';
import type { IntegrationDefinition } from './integration.js';
import type { FlowKind, FlowResult } from './types.js';

export function flowFor(
  definition: IntegrationDefinition,
  kind: FlowKind,
  context: Record<string, unknown>,
): FlowDefinition | undefined {
  if (kind === 'options') return definition.optionsFlow;
  if (kind === 'subentry') return definition.subentryFlows?.[String(context.subentryType ?? '')];
  return definition.configFlow;
}

/** The result for a flow the integration does not have. */
export function noSuchFlow(flowId: string): FlowResult {
  return { type: 'abort', flowId, reason: 'not_implemented', descriptionPlaceholders: {}, uniqueId: null };
}
