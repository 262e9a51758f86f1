import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { prop } from '../support/property.js';

/** A key the generator may set: a YAML spelling of a good value and of a wrong one. */
interface Leaf {
  readonly section: string;
  readonly key: string;
  readonly valid: fc.Arbitrary<string>;
  readonly wrong: fc.Arbitrary<string>;
}

const count = fc.nat({ max: 1_000_000 }).map(String);
const notCount = fc.constantFrom('"three"', '-1', '1.5', 'true', '[1]', '{ ms: 1 }', 'null');
const bool = fc.constantFrom('true', 'false');
const notBool = fc.constantFrom('"yes"', '1', 'on', '[]');

const LEAVES: readonly Leaf[] = [
  { section: 'supervision', key: 'readyTimeoutMs', valid: count, wrong: notCount },
  { section: 'supervision', key: 'restartIntensity', valid: count, wrong: notCount },
  { section: 'supervision', key: 'heartbeatMisses', valid: count, wrong: notCount },
  {
    section: 'supervision',
    key: 'coolDownMs',
    valid: fc.array(count).map((items) => `[${items.join(', ')}]`),
    wrong: fc.constantFrom('"three"', '5', '{ ms: 1 }'),
  },
  { section: 'process', key: 'maxOldSpaceMiB', valid: count, wrong: notCount },
  { section: 'process', key: 'permissionModel', valid: bool, wrong: notBool },
  { section: 'isolation', key: 'mode', valid: fc.constantFrom('sandbox', 'inline'), wrong: notBool },
  { section: 'isolation', key: 'perDomain', valid: bool, wrong: notBool },
  {
    section: 'isolation',
    key: 'transport',
    valid: fc.constantFrom('pipe', 'unix'),
    wrong: fc.constant('tcp'),
  },
  {
    section: 'isolation',
    key: 'launcher',
    valid: fc.constantFrom('process', 'worker'),
    wrong: fc.constantFrom('thread', 'true'),
  },
  { section: 'api', key: 'port', valid: fc.nat(65535).map(String), wrong: fc.constantFrom('70000', 'http') },
  {
    section: 'host',
    key: 'latitude',
    valid: fc.integer({ min: -90, max: 90 }).map(String),
    wrong: fc.constant('91'),
  },
  {
    section: 'host',
    key: 'currency',
    valid: fc.constantFrom('EUR', 'USD'),
    wrong: fc.constantFrom('eur', '12'),
  },
  {
    section: 'host',
    key: 'language',
    valid: fc.constantFrom('en', 'nl', 'pt-BR'),
    wrong: fc.constant('english!'),
  },
  {
    section: 'integrations',
    key: 'builtIn',
    valid: fc.constant('[a, b/c]'),
    wrong: fc.constantFrom('dir', '7'),
  },
];

const NOISE = ['', '# a comment', '    # an indented comment'];

interface Rendered {
  readonly yaml: string;
  /** Line and column of each leaf's value, by dotted key. */
  readonly at: ReadonlyMap<string, { line: number; column: number }>;
}

/** Block-style YAML of `chosen` leaves grouped by section, with noise lines between. */
function render(
  chosen: readonly number[],
  values: readonly string[],
  indent: number,
  noise: number[],
): Rendered {
  const lines: string[] = [];
  const at = new Map<string, { line: number; column: number }>();
  const push = (line: string) => {
    const before = noise[lines.length % noise.length] ?? 0;
    for (let i = 0; i < before; i++) lines.push(NOISE[i % NOISE.length]!);
    lines.push(line);
  };
  const sections = [...new Set(chosen.map((index) => LEAVES[index]!.section))];
  for (const section of sections) {
    push(`${section}:`);
    for (const index of chosen.filter((i) => LEAVES[i]!.section === section)) {
      const { key } = LEAVES[index]!;
      push(`${' '.repeat(indent)}${key}: ${values[index]}`);
      at.set(`${section}.${key}`, { line: lines.length, column: indent + key.length + 3 });
    }
  }
  return { yaml: `${lines.join('\n')}\n`, at };
}

const config = fc.record({
  chosen: fc.uniqueArray(fc.nat(LEAVES.length - 1), { minLength: 1, maxLength: LEAVES.length }),
  valid: fc.tuple(...LEAVES.map((leaf) => leaf.valid)),
  wrong: fc.tuple(...LEAVES.map((leaf) => leaf.wrong)),
  broken: fc.nat(),
  indent: fc.constantFrom(2, 4),
  noise: fc.array(fc.nat(2), { minLength: 1, maxLength: 20 }),
});

describe('config issues', () => {
  prop([config])(
    'a config with one wrong leaf has exactly one issue, at that leaf’s line, column and dotted key',
    ({ chosen, valid, wrong, broken, indent, noise }) => {
      const target = chosen[broken % chosen.length]!;
      const values = valid.map((value, index) => (index === target ? wrong[index]! : value));
      const { yaml, at } = render(chosen, values, indent, noise);
      const { section, key } = LEAVES[target]!;
      let caught: unknown;
      try {
        parseConfig(yaml, '/srv/corral/corral.yaml');
      } catch (error) {
        caught = error;
      }
      expect(caught, yaml).toBeInstanceOf(ConfigError);
      const issues = (caught as ConfigError).issues;
      expect(
        issues.map(({ key, line, column }) => ({ key, line, column })),
        yaml,
      ).toEqual([{ key: `${section}.${key}`, ...at.get(`${section}.${key}`) }]);
    },
  );

  prop([config])(
    'a valid config loads to the same value from YAML and from JSON',
    ({ chosen, valid, indent, noise }) => {
      const { yaml } = render(chosen, valid, indent, noise);
      const json = JSON.stringify(parseYaml(yaml), null, 2);
      expect(parseConfig(json, '/srv/corral/corral.json')).toEqual({
        ...parseConfig(yaml, '/srv/corral/corral.yaml'),
        file: '/srv/corral/corral.json',
      });
    },
  );
});
