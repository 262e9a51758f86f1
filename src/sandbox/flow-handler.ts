/**
 * Config, options and subentry flows run in the sandbox with the same FlowRunner as
 * in-process; each result goes back to the host, which re-issues it natively. A
 * `create_entry` is only a result here: the host owns entries.
 */
import { CorralError } from '../errors.js';
import type { FlowRunner } from '../sdk/flow.js';
import { flowFor, noSuchFlow } from '../sdk/flow-select.js';
import type { FlowResult } from '../sdk/types.js';
import { decodeJson } from '../wire/json.js';
import { flowResultToWire, flowStartFromWire } from '../wire/messages.js';
import type { Received, ResultOf } from '../wire/protocol.js';
import type { IntegrationLoader } from './integration-loader.js';

type FlowRunnerClass = typeof FlowRunner;

export class FlowHandler {
  readonly #flows = new Map<string, FlowRunner>();
  /** The SDK's flow runner pulls in the schema library: loaded with the first flow, not at start-up. */
  #runnerClass: Promise<FlowRunnerClass> | undefined;

  constructor(private readonly loader: IntegrationLoader) {}

  async init(request: Received<'flow_init'>): Promise<ResultOf<'flow_init'>> {
    const start = flowStartFromWire(request);
    const definition = await this.loader.load(start.domain, request.integration);
    const flow = flowFor(definition, start.kind, start.context);
    if (!flow) return flowResultToWire(noSuchFlow(start.flowId));
    this.#runnerClass ??= import('../sdk/flow.js').then((module) => module.FlowRunner);
    const Runner = await this.#runnerClass;
    const runner = new Runner(flow, {
      flowId: start.flowId,
      kind: start.kind,
      source: start.source,
      entry: start.entry,
      hostConfig: start.hostConfig,
      initData: start.data,
    });
    this.#flows.get(start.flowId)?.abort();
    this.#flows.set(start.flowId, runner);
    return this.#settle(start.flowId, await runner.init());
  }

  /** The waiting step takes the input; `step_id` is informative, the runner knows which step waits. */
  async step(request: Received<'flow_step'>): Promise<ResultOf<'flow_step'>> {
    const runner = this.#flows.get(request.flowId);
    if (!runner) throw new CorralError('unknown_flow', `no flow "${request.flowId}" runs in this sandbox`);
    const input = decodeJson<Record<string, unknown>>(request.userInput);
    return this.#settle(request.flowId, await runner.step(input));
  }

  abort(request: Received<'flow_abort'>): void {
    this.#flows.get(request.flowId)?.abort();
    this.#flows.delete(request.flowId);
  }

  /** A finished flow is forgotten: nothing of it is left in the sandbox. */
  #settle(flowId: string, result: FlowResult): ResultOf<'flow_init'> {
    if (result.type === 'create_entry' || result.type === 'abort') this.#flows.delete(flowId);
    return flowResultToWire(result);
  }
}
