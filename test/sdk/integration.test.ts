import { describe, expect, test } from 'vitest';
import { IntegrationDefinitionError } from '../../src/errors.js';
import { defineIntegration } from '../../src/sdk/integration.js';

const setupEntry = () => true;

describe('defineIntegration', () => {
  test('a valid definition comes back frozen, unchanged', () => {
    const definition = defineIntegration({
      domain: 'demo_hub',
      configFlow: { version: 2, steps: { user: (flow) => flow.abort('x') } },
      subentryFlows: { zone: { steps: { user: (flow) => flow.abort('x') } } },
      setupEntry,
    });
    expect(Object.isFrozen(definition)).toBe(true);
    expect(definition.domain).toBe('demo_hub');
    expect(definition.setupEntry).toBe(setupEntry);
  });

  test.each(['Demo', 'demo-hub', '_demo', 'demo_', 'de__mo', ''])('domain %j is refused', (domain) => {
    expect(() => defineIntegration({ domain, setupEntry })).toThrow(IntegrationDefinitionError);
  });

  test('every problem is listed at its path', () => {
    const error = (() => {
      try {
        defineIntegration({
          domain: 'demo',
          configFlow: { version: 0, steps: { user: 'not a function' as never } },
          optionsFlow: { steps: {} },
          setupEntry: undefined as never,
        });
      } catch (e) {
        return e as IntegrationDefinitionError;
      }
    })();
    expect(error).toBeInstanceOf(IntegrationDefinitionError);
    expect(error?.type).toBe('invalid_integration');
    expect(error?.invalid.map((field) => field.path.join('.'))).toEqual([
      'setupEntry',
      'configFlow.version',
      'configFlow.steps.user',
      'optionsFlow.steps',
    ]);
  });
});
