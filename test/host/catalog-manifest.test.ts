import { describe, expect, test } from 'vitest';
import { ManifestError } from '../../src/errors.js';
import { parseManifest } from '../../src/host/manifest.js';

function manifestError(json: unknown, source = 'custom/x/manifest.json'): ManifestError {
  try {
    parseManifest(json, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected parseManifest to throw');
}

describe('parseManifest', () => {
  test('a complete manifest keeps every known field and drops the rest', () => {
    const manifest = parseManifest(
      {
        domain: 'hue_bridge',
        name: 'Hue Bridge',
        version: '2.1.0',
        integration_type: 'hub',
        platforms: ['light', 'sensor'],
        config_flow: true,
        dependencies: ['http'],
        documentation: 'https://example.com/hue',
        iot_class: 'local_push',
        single_config_entry: false,
        codeowners: ['@someone'],
        requirements: ['left-pad==1.0'],
      },
      'builtin/hue_bridge/manifest.json',
    );
    expect(manifest).toEqual({
      domain: 'hue_bridge',
      name: 'Hue Bridge',
      version: '2.1.0',
      integration_type: 'hub',
      platforms: ['light', 'sensor'],
      config_flow: true,
      dependencies: ['http'],
      documentation: 'https://example.com/hue',
      iot_class: 'local_push',
      single_config_entry: false,
    });
    expect(Object.isFrozen(manifest)).toBe(true);
  });

  test('domain and name are all a manifest needs', () => {
    expect(parseManifest('{"domain": "demo", "name": "Demo"}', 'demo/manifest.json')).toEqual({
      domain: 'demo',
      name: 'Demo',
    });
  });

  test('the error names the file and every bad field', () => {
    const error = manifestError({ domain: 'Bad-Domain', integration_type: 'gadget', config_flow: 'yes' });
    expect(error.source).toBe('custom/x/manifest.json');
    expect(error.field).toBe('domain');
    expect(error.invalid.map((field) => field.path.join('.'))).toEqual([
      'domain',
      'name',
      'integration_type',
      'config_flow',
    ]);
    expect(error.message).toContain('custom/x/manifest.json');
    expect(error.message).toMatch(/name: is required/);
  });

  test.each([
    ['../escape', 'climbs directories'],
    ['Light', 'has a capital'],
    ['my-light', 'has a dash'],
    ['', 'is empty'],
    ['a'.repeat(65), 'is too long'],
  ])('domain %j is refused because it %s', (domain) => {
    expect(manifestError({ domain, name: 'X' }).field).toBe('domain');
  });

  test.each([
    ['platforms', ['light', 'Bad Platform']],
    ['dependencies', 'http'],
    ['documentation', 'javascript:alert(1)'],
    ['iot_class', 'psychic'],
    ['single_config_entry', 1],
    ['version', ''],
    ['name', ' '],
  ])('a bad %s is reported by path', (field, value) => {
    expect(manifestError({ domain: 'ok', name: 'Ok', [field]: value }).field).toBe(field);
  });

  test.each([
    ['text that is not JSON', '{"domain": '],
    ['a list', '[]'],
    ['null', null],
  ])('%s is refused as a whole', (_, json) => {
    const error = manifestError(json);
    expect(error.field).toBe('');
    expect(error.source).toBe('custom/x/manifest.json');
  });
});
