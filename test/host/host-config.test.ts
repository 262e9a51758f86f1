import { describe, expect, test } from 'vitest';
import { HostConfigError, ValidationError } from '../../src/errors.js';
import { defaultHostConfig, validateHostConfig } from '../../src/host/host-config.js';

function invalidPaths(input: unknown): string[] {
  try {
    validateHostConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(HostConfigError);
    return (error as HostConfigError).invalid.map((field) => field.path.join('.'));
  }
  throw new Error('expected validateHostConfig to throw');
}

describe('validateHostConfig', () => {
  test('an empty object yields the defaults', () => {
    expect(validateHostConfig({})).toEqual(defaultHostConfig);
  });

  test('a valid config comes back complete, with canonical spellings of time zone and language', () => {
    const config = validateHostConfig({
      latitude: -33.86,
      longitude: 151.21,
      elevation: 58,
      timeZone: 'australia/sydney',
      unitSystem: 'metric',
      language: 'en-au',
      country: 'AU',
      currency: 'AUD',
      locationName: 'Harbour house',
    });
    expect(config).toEqual({
      latitude: -33.86,
      longitude: 151.21,
      elevation: 58,
      timeZone: 'Australia/Sydney',
      unitSystem: 'metric',
      language: 'en-AU',
      country: 'AU',
      currency: 'AUD',
      locationName: 'Harbour house',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('missing fields come from the defaults', () => {
    expect(validateHostConfig({ unitSystem: 'us_customary', country: 'US', currency: 'USD' })).toMatchObject({
      unitSystem: 'us_customary',
      latitude: defaultHostConfig.latitude,
      timeZone: defaultHostConfig.timeZone,
    });
  });

  test('every bad field is listed by path in one error', () => {
    expect(
      invalidPaths({
        latitude: 91,
        longitude: -180.5,
        elevation: 'high',
        timeZone: 'Mars/Olympus_Mons',
        unitSystem: 'imperial',
        language: 'english!',
        country: 'nl',
        currency: 'euro',
        locationName: '   ',
      }),
    ).toEqual([
      'latitude',
      'longitude',
      'elevation',
      'timeZone',
      'unitSystem',
      'language',
      'country',
      'currency',
      'locationName',
    ]);
  });

  test('the error is a ValidationError whose message names each bad field', () => {
    let caught: unknown;
    try {
      validateHostConfig({ latitude: 100, timeZone: 'Nowhere/Land' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).type).toBe('validation_error');
    expect((caught as Error).message).toMatch(/latitude: must be a number from -90 to 90/);
    expect((caught as Error).message).toMatch(/timeZone: "Nowhere\/Land" is not a known IANA time zone/);
  });

  test.each([
    [{ latitude: 90, longitude: -180 }, []],
    [{ latitude: -90, longitude: 180 }, []],
    [{ latitude: 90.0001 }, ['latitude']],
    [{ longitude: 180.0001 }, ['longitude']],
    [{ latitude: Number.NaN, longitude: Number.POSITIVE_INFINITY }, ['latitude', 'longitude']],
    [{ latitude: '52' }, ['latitude']],
  ])('coordinates %j: bad fields %j', (input, expected) => {
    if (expected.length === 0) expect(() => validateHostConfig(input)).not.toThrow();
    else expect(invalidPaths(input)).toEqual(expected);
  });

  test.each(['Europe/Amsterdam', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5'])(
    'time zone %s is accepted',
    (timeZone) => {
      expect(validateHostConfig({ timeZone }).timeZone).toBe(timeZone);
    },
  );

  test.each(['', 'Europe/Atlantis', 'GMT+25', 42])('time zone %j is refused', (timeZone) => {
    expect(invalidPaths({ timeZone })).toEqual(['timeZone']);
  });

  test.each(['en', 'de', 'pt-BR', 'zh-Hans', 'sr-Latn-RS'])('language %s is accepted', (language) => {
    expect(validateHostConfig({ language }).language).toBe(language);
  });

  test.each(['', 'e', 'english', 'en_US', 'en-', '../en', 'x-private'])(
    'language %j is refused',
    (language) => {
      expect(invalidPaths({ language })).toEqual(['language']);
    },
  );

  test.each([
    [{ country: null }, []],
    [{ country: 'DE' }, []],
    [{ country: 'DEU' }, ['country']],
    [{ country: 'de' }, ['country']],
    [{ currency: 'CHF' }, []],
    [{ currency: 'chf' }, ['currency']],
    [{ currency: 'CH' }, ['currency']],
  ])('country and currency %j: bad fields %j', (input, expected) => {
    if (expected.length === 0) expect(() => validateHostConfig(input)).not.toThrow();
    else expect(invalidPaths(input)).toEqual(expected);
  });

  test('an unknown field is refused so a misspelt one is not silently ignored', () => {
    expect(invalidPaths({ timezone: 'Europe/Berlin' })).toEqual(['timezone']);
  });

  test.each([null, 'metric', [], 42])('input %j that is not an object is refused', (input) => {
    expect(invalidPaths(input)).toEqual(['']);
  });
});
