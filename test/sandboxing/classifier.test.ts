import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/host/manifest.js';
import { classify, defaultIsolationPolicy } from '../../src/sandboxing/classifier.js';

const manifest = (over: Partial<Manifest> = {}): Manifest =>
  ({ domain: 'demo', name: 'Demo', integration_type: 'hub', platforms: ['light'], ...over }) as Manifest;

describe('classify', () => {
  it('keeps system integrations in main', () => {
    expect(classify(manifest({ integration_type: 'system' }), true).group).toBe('main');
  });

  it('keeps a listed domain in main and says why', () => {
    const policy = {
      ...defaultIsolationPolicy,
      alwaysMain: [{ domain: 'demo', reason: 'owns the USB stick' }],
    };
    expect(classify(manifest(), true, policy)).toEqual({
      group: 'main',
      reason: 'always in main: owns the USB stick',
    });
  });

  it('keeps an integration with a streaming platform in main', () => {
    expect(classify(manifest({ platforms: ['light', 'camera'] }), true).group).toBe('main');
  });

  it('sends custom integrations to the custom group and shipped ones to built-in', () => {
    expect(classify(manifest(), false).group).toBe('custom');
    expect(classify(manifest(), true).group).toBe('built-in');
  });

  it('isolates each domain in its own group when asked', () => {
    const policy = { ...defaultIsolationPolicy, perDomain: true };
    expect(classify(manifest({ domain: 'hue' }), true, policy).group).toBe('built-in.hue');
    expect(classify(manifest({ domain: 'pool' }), false, policy).group).toBe('custom.pool');
  });

  it('for any manifest, a system integration wins over every later rule (first match wins)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.constantFrom('light', 'camera', 'tts', 'sensor')),
        (builtIn, platforms) => {
          expect(classify(manifest({ integration_type: 'system', platforms }), builtIn).group).toBe('main');
        },
      ),
    );
  });
});
