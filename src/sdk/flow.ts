/**
 * Config, options and subentry flows: steps an integration writes, and the
 * `FlowRunner` that drives them. The runner is the same in-process and in a
 * sandbox: it turns step outcomes into `FlowResult`s and never acts on them — a
 * `create_entry` result is for the host to turn into an entry.
 */
import type { z } from 'zod';
import { FlowError, type InvalidField } from '../errors.js';
import { dataSchema } from './schema.js';
import type { DataSchema, FlowContext, FlowResult } from './types.js';

export interface ShowFormOptions {
  /** The step that receives the submitted input. */
  stepId: string;
  /** A form built with `form(...)`; without one, any submitted object is passed through. */
  schema?: z.ZodType | null;
  /** Errors to show, keyed by field (`base` for the form as a whole), valued by translation key or text. */
  errors?: Record<string, string>;
  descriptionPlaceholders?: Record<string, string>;
  lastStep?: boolean | null;
}

export interface ShowMenuOptions {
  stepId: string;
  /** Step ids, or step id → label; the order given is the order shown. */
  options: readonly string[] | Readonly<Record<string, string>>;
  sortMenu?: boolean;
  descriptionPlaceholders?: Record<string, string>;
}

export interface CreateEntryOptions {
  title: string;
  data: Record<string, unknown>;
  options?: Record<string, unknown>;
  subentries?: readonly {
    subentryType: string;
    title: string;
    uniqueId?: string | null;
    data: Record<string, unknown>;
  }[];
}

const OUTCOME = Symbol('corral.flowStepOutcome');

type Outcome =
  | { kind: 'form'; options: ShowFormOptions }
  | { kind: 'menu'; options: ShowMenuOptions }
  | { kind: 'create_entry'; options: CreateEntryOptions }
  | { kind: 'abort'; reason: string; placeholders: Record<string, string> };

/** What a step returns; made only by the `FlowStepApi` methods. */
export interface FlowStepOutcome {
  readonly [OUTCOME]: Outcome;
}

/** What a step is given to answer with. */
export interface FlowStepApi {
  readonly context: FlowContext;
  /** The flow's unique id so far. */
  readonly uniqueId: string | null;
  /** Sets the id the host checks for duplicates; it rides every later result. */
  setUniqueId(id: string | null): void;
  showForm(options: ShowFormOptions): FlowStepOutcome;
  showMenu(options: ShowMenuOptions): FlowStepOutcome;
  createEntry(options: CreateEntryOptions): FlowStepOutcome;
  abort(reason: string, descriptionPlaceholders?: Record<string, string>): FlowStepOutcome;
}

/**
 * One step. `input` is undefined when the step is entered (first step, menu
 * choice) and the validated submission when its form was filled in.
 */
export type StepFn = (
  flow: FlowStepApi,
  input: Record<string, unknown> | undefined,
) => FlowStepOutcome | Promise<FlowStepOutcome>;

export interface FlowDefinition {
  /** Version of the entries this flow creates; 1 unless given. */
  version?: number;
  minorVersion?: number;
  steps: Record<string, StepFn>;
}

const outcome = (value: Outcome): FlowStepOutcome => ({ [OUTCOME]: value });

/** The first step for a flow: `init` for options flows, else the step named after the source. */
function firstStepCandidates(context: FlowContext): string[] {
  return context.kind === 'options' ? ['init', context.source] : [context.source];
}

/** Errors keyed by field path (`section.field`), `base` for the whole form; the first per field wins. */
export function errorsByField(invalid: readonly InvalidField[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of invalid) {
    const key = field.path.length > 0 ? field.path.join('.') : 'base';
    errors[key] ??= field.message;
  }
  return errors;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Waiting =
  | { kind: 'form'; stepId: string; schema: DataSchema | null; result: Extract<FlowResult, { type: 'form' }> }
  | { kind: 'menu'; stepId: string; optionIds: readonly string[] };

export class FlowRunner {
  readonly #definition: FlowDefinition;
  readonly #context: FlowContext;
  #uniqueId: string | null = null;
  #waiting: Waiting | null = null;
  #started = false;
  #running = false;
  #done = false;

  constructor(definition: FlowDefinition, context: FlowContext) {
    this.#definition = definition;
    this.#context = context;
  }

  /** True once the flow created an entry or aborted (or was aborted). */
  get done(): boolean {
    return this.#done;
  }

  get uniqueId(): string | null {
    return this.#uniqueId;
  }

  /** The form or menu step awaiting input, if any. */
  get stepId(): string | null {
    return this.#waiting?.stepId ?? null;
  }

  /** Runs the first step: the one for the flow's source. */
  async init(): Promise<FlowResult> {
    if (this.#started) throw this.#error('flow_invalid_input', 'the flow has already started', null);
    this.#started = true;
    const stepId = firstStepCandidates(this.#context).find((id) => this.#hasStep(id));
    if (stepId === undefined) {
      this.#done = true;
      return this.#result(outcome({ kind: 'abort', reason: 'not_implemented', placeholders: {} }));
    }
    return this.#run(stepId, this.#context.initData ?? undefined);
  }

  /**
   * Submits input to the waiting step: form input is validated first (invalid →
   * the same form again, errors by field, the step not called); a menu takes
   * `{ next_step_id }` naming one of its options.
   */
  async step(input: Record<string, unknown> | undefined): Promise<FlowResult> {
    if (this.#done) throw this.#error('flow_finished', 'the flow has finished', null);
    const waiting = this.#waiting;
    if (waiting === null) throw this.#error('flow_invalid_input', 'call init() before step()', null);
    if (waiting.kind === 'menu') {
      const choice = isPlainObject(input) ? input.next_step_id : undefined;
      if (
        typeof choice !== 'string' ||
        Object.keys(input ?? {}).length !== 1 ||
        !waiting.optionIds.includes(choice)
      ) {
        throw this.#error(
          'flow_invalid_input',
          `menu "${waiting.stepId}" expects { next_step_id } naming one of: ${waiting.optionIds.join(', ')}`,
          waiting.stepId,
        );
      }
      return this.#run(choice, undefined);
    }
    const submitted = input ?? {};
    if (waiting.schema === null) {
      if (!isPlainObject(submitted)) {
        throw this.#error('flow_invalid_input', `form "${waiting.stepId}" expects an object`, waiting.stepId);
      }
      return this.#run(waiting.stepId, submitted);
    }
    const checked = waiting.schema.validate(submitted);
    if (!checked.ok)
      return { ...waiting.result, errors: errorsByField(checked.invalid), uniqueId: this.#uniqueId };
    return this.#run(waiting.stepId, checked.value);
  }

  /** Ends the flow (the user closed it, or the host gave up); later calls are errors. */
  abort(): void {
    this.#done = true;
    this.#waiting = null;
  }

  #hasStep(stepId: string): boolean {
    return (
      Object.hasOwn(this.#definition.steps, stepId) && typeof this.#definition.steps[stepId] === 'function'
    );
  }

  #error(
    kind: ConstructorParameters<typeof FlowError>[0],
    message: string,
    stepId: string | null,
    cause?: unknown,
  ) {
    return new FlowError(kind, `flow ${this.#context.flowId}: ${message}`, this.#context.flowId, stepId, {
      cause,
    });
  }

  async #run(stepId: string, input: Record<string, unknown> | undefined): Promise<FlowResult> {
    const step = this.#hasStep(stepId) ? this.#definition.steps[stepId] : undefined;
    if (!step) throw this.#error('flow_unknown_step', `there is no step "${stepId}"`, stepId);
    if (this.#running) throw this.#error('flow_invalid_input', 'a step is already running', stepId);
    this.#running = true;
    let produced: unknown;
    try {
      produced = await step(this.#api(), input);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw this.#error('flow_step_failed', `step "${stepId}" failed: ${why}`, stepId, error);
    } finally {
      this.#running = false;
    }
    if (!isPlainObject(produced) || !(OUTCOME in produced)) {
      throw this.#error(
        'flow_invalid_outcome',
        `step "${stepId}" must return flow.showForm, showMenu, createEntry or abort`,
        stepId,
      );
    }
    return this.#result(produced as unknown as FlowStepOutcome, stepId);
  }

  #api(): FlowStepApi {
    const runner = this;
    return {
      context: this.#context,
      get uniqueId() {
        return runner.#uniqueId;
      },
      setUniqueId: (id) => {
        this.#uniqueId = id;
      },
      showForm: (options) => outcome({ kind: 'form', options }),
      showMenu: (options) => outcome({ kind: 'menu', options }),
      createEntry: (options) => outcome({ kind: 'create_entry', options }),
      abort: (reason, placeholders = {}) => outcome({ kind: 'abort', reason, placeholders }),
    };
  }

  /** Turns an outcome into the result the host sees, and remembers what waits for input. */
  #result(produced: FlowStepOutcome, from: string | null = null): FlowResult {
    const value = produced[OUTCOME];
    const flowId = this.#context.flowId;
    const uniqueId = this.#uniqueId;
    switch (value.kind) {
      case 'form': {
        const { stepId, schema = null } = value.options;
        if (!this.#hasStep(stepId)) {
          throw this.#error('flow_unknown_step', `form for step "${stepId}", which does not exist`, from);
        }
        let checker: DataSchema | null = null;
        try {
          checker = schema === null ? null : dataSchema(schema);
        } catch (error) {
          throw this.#error(
            'flow_invalid_outcome',
            `form "${stepId}" has a schema JSON cannot carry`,
            from,
            error,
          );
        }
        const result: Extract<FlowResult, { type: 'form' }> = {
          type: 'form',
          flowId,
          stepId,
          schema: checker === null ? null : checker.toJSON(),
          errors: { ...value.options.errors },
          descriptionPlaceholders: { ...value.options.descriptionPlaceholders },
          lastStep: value.options.lastStep ?? null,
          uniqueId,
        };
        this.#waiting = { kind: 'form', stepId, schema: checker, result };
        return result;
      }
      case 'menu': {
        const { stepId, options } = value.options;
        const menuOptions = Array.isArray(options)
          ? (options as readonly string[]).map((id) => ({ id, label: id }))
          : Object.entries(options).map(([id, label]) => ({ id, label }));
        const missing = menuOptions.filter((option) => !this.#hasStep(option.id)).map((option) => option.id);
        if (menuOptions.length === 0 || missing.length > 0) {
          const why =
            menuOptions.length === 0 ? 'has no options' : `offers missing steps: ${missing.join(', ')}`;
          throw this.#error('flow_unknown_step', `menu "${stepId}" ${why}`, from);
        }
        this.#waiting = { kind: 'menu', stepId, optionIds: menuOptions.map((option) => option.id) };
        return {
          type: 'menu',
          flowId,
          stepId,
          menuOptions,
          sortMenu: value.options.sortMenu ?? false,
          descriptionPlaceholders: { ...value.options.descriptionPlaceholders },
          uniqueId,
        };
      }
      case 'create_entry': {
        const { title, data, options = {}, subentries = [] } = value.options;
        this.#finish();
        return {
          type: 'create_entry',
          flowId,
          title,
          data: { ...data },
          options: { ...options },
          version: this.#definition.version ?? 1,
          minorVersion: this.#definition.minorVersion ?? 1,
          uniqueId,
          subentries: subentries.map((sub) => ({
            subentryType: sub.subentryType,
            title: sub.title,
            uniqueId: sub.uniqueId ?? null,
            data: { ...sub.data },
          })),
        };
      }
      case 'abort':
        this.#finish();
        return {
          type: 'abort',
          flowId,
          reason: value.reason,
          descriptionPlaceholders: { ...value.placeholders },
          uniqueId,
        };
    }
  }

  #finish(): void {
    this.#done = true;
    this.#waiting = null;
  }
}
