/**
 * `defineIntegration`: an integration's whole surface as one value, checked when
 * it is defined so a mistake shows up as a typed error at load, not mid-setup.
 */
import { IntegrationDefinitionError, type InvalidField } from '../errors.js';
import type { FlowDefinition } from './flow.js';
import type { EntryApi } from './types.js';

/** `false` is a failed setup; returning nothing (sync or async) is a success. */
// biome-ignore lint/suspicious/noConfusingVoidType: an async function that returns nothing is Promise<void>, a success
export type SetupResult = Promise<boolean | void> | boolean | void;

export interface IntegrationDefinition {
  /** Lowercase letters, digits and single underscores, as Home Assistant domains: `my_thermostat`. */
  domain: string;
  configFlow?: FlowDefinition;
  optionsFlow?: FlowDefinition;
  /** Flows adding subentries, by subentry type. */
  subentryFlows?: Record<string, FlowDefinition>;
  /** Set up one config entry; `false` means setup failed and may be retried. */
  setupEntry(api: EntryApi): SetupResult;
  unloadEntry?(api: EntryApi): SetupResult;
}

export type Integration = Readonly<IntegrationDefinition>;

const DOMAIN_PATTERN = /^(?!.*__)(?!_)[a-z0-9_]+(?<!_)$/;
const STEP_ID_PATTERN = /^[a-z0-9_]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isVersion(value: unknown): boolean {
  return value === undefined || (Number.isInteger(value) && (value as number) >= 1);
}

/** What is wrong with a flow definition, each problem at its path. */
export function flowDefinitionProblems(flow: unknown, path: readonly string[]): InvalidField[] {
  if (!isRecord(flow)) return [{ message: 'must be an object with steps', path: [...path] }];
  const problems: InvalidField[] = [];
  if (!isVersion(flow.version))
    problems.push({ message: 'must be an integer >= 1', path: [...path, 'version'] });
  if (!isVersion(flow.minorVersion)) {
    problems.push({ message: 'must be an integer >= 1', path: [...path, 'minorVersion'] });
  }
  if (!isRecord(flow.steps) || Object.keys(flow.steps).length === 0) {
    problems.push({ message: 'must name at least one step', path: [...path, 'steps'] });
    return problems;
  }
  for (const [stepId, step] of Object.entries(flow.steps)) {
    if (!STEP_ID_PATTERN.test(stepId)) {
      problems.push({ message: 'step ids are lowercase snake_case', path: [...path, 'steps', stepId] });
    }
    if (typeof step !== 'function') {
      problems.push({ message: 'must be a step function', path: [...path, 'steps', stepId] });
    }
  }
  return problems;
}

/** Checks and freezes an integration definition; throws `IntegrationDefinitionError` listing every problem. */
export function defineIntegration<const T extends IntegrationDefinition>(definition: T): Readonly<T> {
  const problems: InvalidField[] = [];
  const def = definition as unknown as Record<string, unknown>;
  if (!isRecord(def)) throw new IntegrationDefinitionError('?', [{ message: 'must be an object', path: [] }]);
  const domain = typeof def.domain === 'string' ? def.domain : '?';
  if (typeof def.domain !== 'string' || !DOMAIN_PATTERN.test(def.domain)) {
    problems.push({
      message: 'must be lowercase letters, digits and single underscores, not starting or ending with one',
      path: ['domain'],
    });
  }
  if (typeof def.setupEntry !== 'function')
    problems.push({ message: 'must be a function', path: ['setupEntry'] });
  if (def.unloadEntry !== undefined && typeof def.unloadEntry !== 'function') {
    problems.push({ message: 'must be a function', path: ['unloadEntry'] });
  }
  for (const key of ['configFlow', 'optionsFlow'] as const) {
    if (def[key] !== undefined) problems.push(...flowDefinitionProblems(def[key], [key]));
  }
  if (def.subentryFlows !== undefined) {
    if (!isRecord(def.subentryFlows)) {
      problems.push({ message: 'must map subentry types to flows', path: ['subentryFlows'] });
    } else {
      for (const [type, flow] of Object.entries(def.subentryFlows)) {
        if (!STEP_ID_PATTERN.test(type)) {
          problems.push({
            message: 'subentry types are lowercase snake_case',
            path: ['subentryFlows', type],
          });
        }
        problems.push(...flowDefinitionProblems(flow, ['subentryFlows', type]));
      }
    }
  }
  if (problems.length > 0) throw new IntegrationDefinitionError(domain, problems);
  return Object.freeze({ ...definition });
}
