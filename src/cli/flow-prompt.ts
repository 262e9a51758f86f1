/**
 * Walk a config flow in the terminal: a form becomes one question per field
 * (with its default, choices and the step's errors), a menu a numbered list;
 * the answers go to the hub until the flow creates an entry or aborts.
 */
import type { FlowAnswer } from '../host/flow-manager.js';

export interface Prompter {
  /** Ask one question; resolves with the line typed, or undefined at end of input. */
  ask(question: string): Promise<string | undefined>;
  say(line: string): void;
}

interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  items?: FieldSchema;
}

export class InputEndedError extends Error {
  constructor() {
    super('input ended before the flow finished');
  }
}

/** Turn a typed answer into the field's value; an error message when it does not fit. */
export function parseAnswer(
  text: string,
  field: FieldSchema,
): { value: unknown } | { error: string } | { skip: true } {
  const trimmed = text.trim();
  if (trimmed === '') return field.default !== undefined ? { value: field.default } : { skip: true };
  if (field.enum) {
    const index = Number(trimmed);
    if (Number.isInteger(index) && index >= 1 && index <= field.enum.length)
      return { value: field.enum[index - 1] };
    const match = field.enum.find((option) => String(option) === trimmed);
    return match !== undefined
      ? { value: match }
      : { error: `pick 1-${field.enum.length} or one of the names` };
  }
  const type = Array.isArray(field.type) ? field.type[0] : field.type;
  if (type === 'integer' || type === 'number') {
    const value = Number(trimmed);
    if (!Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value)))
      return { error: `expected ${type === 'integer' ? 'a whole number' : 'a number'}` };
    if (field.minimum !== undefined && value < field.minimum) return { error: `at least ${field.minimum}` };
    if (field.maximum !== undefined && value > field.maximum) return { error: `at most ${field.maximum}` };
    return { value };
  }
  if (type === 'boolean') {
    if (/^(y|yes|true|on|1)$/i.test(trimmed)) return { value: true };
    if (/^(n|no|false|off|0)$/i.test(trimmed)) return { value: false };
    return { error: 'answer yes or no' };
  }
  if (type === 'array')
    return {
      value: trimmed
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  return { value: trimmed };
}

function describe(name: string, field: FieldSchema, required: boolean): string {
  const type = Array.isArray(field.type) ? field.type.join('|') : (field.type ?? 'value');
  const range =
    field.minimum !== undefined || field.maximum !== undefined
      ? ` ${field.minimum ?? ''}..${field.maximum ?? ''}`
      : '';
  const fallback =
    field.default !== undefined ? ` [${JSON.stringify(field.default)}]` : required ? ' (required)' : '';
  return `${name} (${type}${range})${fallback}: `;
}

async function askForm(
  schema: FieldSchema,
  prompter: Prompter,
  prefix = '',
): Promise<Record<string, unknown>> {
  const input: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    if (field.properties) {
      prompter.say(`${prefix}${name}:`);
      input[name] = await askForm(field, prompter, `${prefix}  `);
      continue;
    }
    for (const [i, option] of (field.enum ?? []).entries())
      prompter.say(`${prefix}  ${i + 1}) ${String(option)}`);
    for (;;) {
      const line = await prompter.ask(`${prefix}${describe(name, field, required.has(name))}`);
      if (line === undefined) throw new InputEndedError();
      const parsed = parseAnswer(line, field);
      if ('error' in parsed) {
        prompter.say(`${prefix}  ${parsed.error}`);
        continue;
      }
      if ('skip' in parsed) {
        if (required.has(name)) {
          prompter.say(`${prefix}  ${name} is required`);
          continue;
        }
        break;
      }
      input[name] = parsed.value;
      break;
    }
  }
  return input;
}

export interface FlowSteps {
  start(): Promise<FlowAnswer>;
  step(flowId: string, input: Record<string, unknown>): Promise<FlowAnswer>;
  abort(flowId: string): Promise<unknown>;
}

/** Drive a flow to its end; resolves with the final answer (create_entry or abort). */
export async function walkFlow(steps: FlowSteps, prompter: Prompter): Promise<FlowAnswer> {
  let answer = await steps.start();
  try {
    for (;;) {
      if (answer.type === 'form') {
        prompter.say(`-- step "${answer.stepId}"`);
        for (const [field, error] of Object.entries(answer.errors)) prompter.say(`  ! ${field}: ${error}`);
        const input = answer.schema ? await askForm(answer.schema as FieldSchema, prompter, '  ') : {};
        answer = await steps.step(answer.flowId, input);
      } else if (answer.type === 'menu') {
        prompter.say(`-- menu "${answer.stepId}"`);
        for (const [i, option] of answer.menuOptions.entries()) prompter.say(`  ${i + 1}) ${option.label}`);
        const options = answer.menuOptions;
        let choice: string | undefined;
        while (choice === undefined) {
          const line = await prompter.ask(`  choose 1-${options.length}: `);
          if (line === undefined) throw new InputEndedError();
          const index = Number(line.trim());
          choice = Number.isInteger(index)
            ? options[index - 1]?.id
            : options.find((o) => o.id === line.trim())?.id;
          if (choice === undefined) prompter.say(`  pick 1-${options.length}`);
        }
        answer = await steps.step(answer.flowId, { next_step_id: choice });
      } else {
        return answer;
      }
    }
  } catch (error) {
    if ('flowId' in answer && (answer.type === 'form' || answer.type === 'menu'))
      await steps.abort(answer.flowId).catch(() => {});
    throw error;
  }
}
