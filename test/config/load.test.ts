import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, type ConfigIssue, loadConfig } from '../../src/config/load.js';
import { defaultCorralConfig } from '../../src/config/schema.js';
import { CorralError } from '../../src/errors.js';
import { defaultHostConfig } from '../../src/host/host-config.js';
import { defaultBridgePolicy, defaultProcessPolicy, defaultSupervisionPolicy } from '../../src/policy.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh config directory holding `files` (name -> content). */
async function configDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'corral-config-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

async function loadYaml(yaml: string) {
  return loadConfig(await configDir({ 'corral.yaml': yaml }));
}

async function configError(loading: Promise<unknown>): Promise<ConfigError> {
  const error = await loading.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

async function issuesOf(yaml: string): Promise<Pick<ConfigIssue, 'line' | 'column' | 'key' | 'message'>[]> {
  const error = await configError(loadYaml(yaml));
  return error.issues.map(({ line, column, key, message }) => ({ line, column, key, message }));
}

const sha512 = (text: string) => `sha512-${createHash('sha512').update(text).digest('base64')}`;

describe('finding the config file', () => {
  test('a directory without a config file is refused, naming the three file names and the directory', async () => {
    const dir = await configDir({ 'config.yaml': 'api: {}' });
    const error = await configError(loadConfig(dir));
    expect(error.message).toBe(`no corral.yaml, corral.yml or corral.json in ${dir}`);
    expect(error.issues).toEqual([{ file: dir, line: 0, column: 0, key: '', message: error.message }]);
  });

  test('a directory that does not exist is refused as such', async () => {
    const dir = join(await configDir(), 'nowhere');
    expect((await configError(loadConfig(dir))).message).toBe(`config directory ${dir} does not exist`);
  });

  test('two config files are refused, naming both, rather than one being picked silently', async () => {
    const dir = await configDir({ 'corral.yaml': '', 'corral.json': '{}' });
    const error = await configError(loadConfig(dir));
    expect(error.message).toContain('corral.yaml and corral.json');
    expect(error.message).toContain('keep exactly one');
  });

  test('corral.yml is read like corral.yaml', async () => {
    const dir = await configDir({ 'corral.yml': 'api: { port: 9000 }' });
    expect((await loadConfig(dir)).api.port).toBe(9000);
  });

  test('a config directory given relative to the working directory yields absolute paths', async () => {
    const dir = await configDir({ 'corral.yaml': 'integrations: { builtIn: [plugins] }' });
    const config = await loadConfig(relative(process.cwd(), dir));
    expect(config).toMatchObject({
      dir,
      file: join(dir, 'corral.yaml'),
      dataDir: dir,
      integrations: { builtIn: [join(dir, 'plugins')] },
    });
  });
});

describe('a valid config', () => {
  test('an empty file is every default, keeping data in the config directory', async () => {
    const dir = await configDir({ 'corral.yaml': '# nothing set yet\n' });
    expect(await loadConfig(dir)).toEqual({
      ...defaultCorralConfig,
      file: join(dir, 'corral.yaml'),
      dir,
      dataDir: dir,
    });
  });

  test('YAML values are kept, the rest defaulted, and paths resolved against the config directory', async () => {
    const integrity = sha512('acme');
    const dir = await configDir({
      'corral.yaml': [
        'host:',
        '  locationName: Demo Home',
        '  language: nl',
        'dataDir: ../state',
        'integrations:',
        '  builtIn: [../integrations]',
        '  custom: [./custom, /opt/corral/custom]',
        '  tarballs:',
        `    - { file: ./vendor/acme-1.0.0.tgz, integrity: "${integrity}" }`,
        'isolation:',
        '  perDomain: true',
        '  alwaysMain: [{ domain: zwave, reason: owns the USB stick }]',
        'api:',
        '  port: 0',
        'setup:',
        '  - domain: demo_hub',
        '    steps: [{ host: hub.local }, { next_step_id: both }]',
      ].join('\n'),
    });
    const config = await loadConfig(dir);
    expect(config.host).toEqual({ ...defaultHostConfig, locationName: 'Demo Home', language: 'nl' });
    expect(config.dataDir).toBe(join(dir, '..', 'state'));
    expect(config.integrations).toEqual({
      builtIn: [join(dir, '..', 'integrations')],
      custom: [join(dir, 'custom'), '/opt/corral/custom'],
      tarballs: [{ file: join(dir, 'vendor', 'acme-1.0.0.tgz'), integrity }],
    });
    expect(config.isolation).toEqual({
      mode: 'sandbox',
      perDomain: true,
      alwaysMain: [{ domain: 'zwave', reason: 'owns the USB stick' }],
      transport: 'pipe',
      launcher: 'process',
      os: 'auto',
    });
    expect(config.api).toEqual({ host: '127.0.0.1', port: 0, auth: true });
    expect(config.setup).toEqual([
      { domain: 'demo_hub', steps: [{ host: 'hub.local' }, { next_step_id: 'both' }] },
    ]);
    expect(config.supervision).toEqual(defaultSupervisionPolicy);
  });

  test('corral.json loads to the same config as the same settings in YAML', async () => {
    const settings = {
      host: { locationName: 'Demo Home' },
      integrations: { builtIn: ['../integrations'] },
      supervision: { restartIntensity: 5, backoff: { jitter: 0 } },
      setup: [{ domain: 'demo_light', steps: [{ name: 'Living', count: 2 }] }],
    };
    const json = await configDir({ 'corral.json': JSON.stringify(settings, null, '\t') });
    const yaml = await configDir({
      'corral.yaml': [
        'host: { locationName: Demo Home }',
        'integrations: { builtIn: [../integrations] }',
        'supervision: { restartIntensity: 5, backoff: { jitter: 0 } }',
        'setup: [{ domain: demo_light, steps: [{ name: Living, count: 2 }] }]',
      ].join('\n'),
    });
    const {
      file: _json,
      dir: _jsonDir,
      dataDir: _jsonData,
      integrations: fromJson,
      ...restJson
    } = await loadConfig(json);
    const {
      file: _yaml,
      dir: _yamlDir,
      dataDir: _yamlData,
      integrations: fromYaml,
      ...restYaml
    } = await loadConfig(yaml);
    expect(restJson).toEqual(restYaml);
    expect(fromJson.builtIn).toEqual([join(json, '..', 'integrations')]);
    expect(fromYaml.builtIn).toEqual([join(yaml, '..', 'integrations')]);
  });

  test('supervision overrides merge into the default policy, backoff key by key', async () => {
    const config = await loadYaml('supervision:\n  restartIntensity: 5\n  backoff: { maxMs: 1000 }\n');
    expect(config.supervision).toEqual({
      ...defaultSupervisionPolicy,
      restartIntensity: 5,
      backoff: { ...defaultSupervisionPolicy.backoff, maxMs: 1000 },
    });
  });

  test('a section left empty takes its defaults', async () => {
    const config = await loadYaml('supervision:\nprocess:\nbridge:\napi:\nsetup:\n');
    expect(config.supervision).toEqual(defaultSupervisionPolicy);
    expect(config.process).toEqual(defaultProcessPolicy);
    expect(config.bridge).toEqual(defaultBridgePolicy);
    expect(config.api).toEqual({ host: '127.0.0.1', port: 8123, auth: true });
    expect(config.setup).toEqual([]);
  });

  test.each(['127.0.0.1', '127.8.9.10', '::1', 'localhost', '::ffff:127.0.0.1'])(
    'turning authentication off is allowed on loopback address %s',
    async (host) => {
      expect((await loadYaml(`api: { host: "${host}", auth: false }`)).api).toMatchObject({
        host,
        auth: false,
      });
    },
  );

  test('process and bridge overrides keep the other defaults; a bad bridge value is reported at its key', async () => {
    const config = await loadYaml('process:\n  warmSpare: true\nbridge:\n  entrySetupTimeoutMs: 120000\n');
    expect(config.process).toEqual({ ...defaultProcessPolicy, warmSpare: true });
    expect(config.bridge).toEqual({ ...defaultBridgePolicy, entrySetupTimeoutMs: 120_000 });
    const [issue] = await issuesOf('bridge:\n  entrySetupTimeoutMs: soon\n');
    expect(issue).toMatchObject({ line: 2, key: 'bridge.entrySetupTimeoutMs' });
  });

  test('binding the API outside loopback is allowed with a configured token', async () => {
    const config = await loadYaml(`api: { host: 0.0.0.0, token: ${STRONG_TOKEN} }`);
    expect(config.api).toEqual({ host: '0.0.0.0', port: 8123, auth: true, token: STRONG_TOKEN });
  });

  test('binding the API outside loopback is allowed without one: the hub makes its own token', async () => {
    expect((await loadYaml('api: { host: 0.0.0.0 }')).api).toEqual({
      host: '0.0.0.0',
      port: 8123,
      auth: true,
    });
  });
});

/** 32 characters, most of them different: a token the config accepts. */
const STRONG_TOKEN = 'q7Zr2Lm9Xw4Tb8Nc1Vd6Hs3Kf5Gj0PaE';

describe('an invalid config', () => {
  test('is a ConfigError, a CorralError of type config_invalid', async () => {
    const error = await configError(loadYaml('api: { port: -1 }'));
    expect(error).toBeInstanceOf(CorralError);
    expect(error.type).toBe('config_invalid');
    expect(error.name).toBe('ConfigError');
  });

  test('a wrong type names file:line:column, the key, what was expected and what was found', async () => {
    const dir = await configDir({
      'corral.yaml': 'api:\n  port: 8123\nsupervision:\n  restartIntensity: three\n',
    });
    const error = await configError(loadConfig(dir));
    expect(error.issues).toEqual([
      {
        file: join(dir, 'corral.yaml'),
        line: 4,
        column: 21,
        key: 'supervision.restartIntensity',
        message: 'expected a non-negative integer, got "three"',
      },
    ]);
    expect(error.message).toBe(
      `${join(dir, 'corral.yaml')} is not a valid Corral config (1 problem):\n` +
        'corral.yaml:4:21: supervision.restartIntensity: expected a non-negative integer, got "three"',
    );
  });

  test('a delay beyond what a Node timer can wait (2^31 - 1 ms) is refused rather than expiring at once', async () => {
    expect((await loadYaml('supervision:\n  readyTimeoutMs: 2147483647\n')).supervision.readyTimeoutMs).toBe(
      2147483647,
    );
    const [issue] = await issuesOf('supervision:\n  readyTimeoutMs: 2147483648\n');
    expect(issue).toMatchObject({ line: 2, key: 'supervision.readyTimeoutMs' });
    expect(issue?.message).toContain('at most 2147483647');
  });

  test('a YAML syntax error is reported at the line and column the parser names', async () => {
    expect(await issuesOf('api:\n  port: 8123\n  host: a: b\n')).toEqual([
      { line: 3, column: 9, key: '', message: 'Nested mappings are not allowed in compact mappings' },
    ]);
  });

  test('a JSON syntax error is reported at its line', async () => {
    const dir = await configDir({ 'corral.json': '{\n  "api": {\n    "port": 8123,,\n  }\n}\n' });
    const error = await configError(loadConfig(dir));
    expect(error.issues[0]).toMatchObject({ file: join(dir, 'corral.json'), line: 3 });
  });

  test('a duplicate key is reported by name at its second occurrence', async () => {
    expect(await issuesOf('api:\n  port: 1\n  port: 2\n')).toEqual([
      { line: 3, column: 3, key: '', message: 'duplicate key "port": each key may appear once in a mapping' },
    ]);
  });

  test('an unknown key is reported at the key, listing the keys that section knows', async () => {
    expect(await issuesOf('api:\n  prot: 8123\n')).toEqual([
      {
        line: 2,
        column: 3,
        key: 'api.prot',
        message: 'unknown key "prot" (expected one of: host, port, auth, token)',
      },
    ]);
  });

  test('an unknown top-level key lists the sections', async () => {
    const [issue] = await issuesOf('supervison: {}\n');
    expect(issue).toMatchObject({ line: 1, column: 1, key: 'supervison' });
    expect(issue?.message).toContain('supervision');
  });

  test('every problem is reported at once, in file order', async () => {
    const issues = await issuesOf(
      [
        'isolation:',
        '  mode: sandboxed',
        'api:',
        '  port: 70000',
        '  extra: true',
        'process:',
        '  permissionModel: yes',
      ].join('\n'),
    );
    expect(issues.map(({ line, key }) => `${line} ${key}`)).toEqual([
      '2 isolation.mode',
      '4 api.port',
      '5 api.extra',
      '7 process.permissionModel',
    ]);
    expect(issues[0]?.message).toBe('expected "sandbox" or "inline", got "sandboxed"');
    expect(issues[1]?.message).toBe('expected a port from 0 to 65535, got 70000');
    expect(issues[3]?.message).toBe('expected true or false, got "yes"');
  });

  test('a top-level list is refused at the line it starts', async () => {
    expect(await issuesOf('# a list, not a mapping\n- api\n')).toEqual([
      { line: 2, column: 1, key: '', message: 'expected a mapping, got a list' },
    ]);
  });

  test.each(['0.0.0.0', '192.168.1.5', '::'])(
    'turning authentication off outside loopback (%s) is refused at api.auth',
    async (host) => {
      const [issue, ...others] = await issuesOf(`api:\n  host: "${host}"\n  auth: false\n`);
      expect(others).toEqual([]);
      expect(issue).toMatchObject({ line: 3, column: 9, key: 'api.auth' });
      expect(issue?.message).toMatch(/auth: false is only allowed on loopback/);
    },
  );

  test('auth: false off loopback is reported even when another api key is wrong too', async () => {
    const issues = await issuesOf('api:\n  host: 192.168.1.5\n  port: http\n  auth: false\n');
    expect(issues.map((issue) => issue.key)).toEqual(['api.port', 'api.auth']);
  });

  test.each([
    [
      'shorter than 32 characters',
      'Xk9#mQ2$vL7pR4wN8zT1',
      /^too short: expected a random secret of at least 32 characters/,
    ],
    ['one character repeated', 'a'.repeat(40), /^too predictable: expected a random secret/],
    ['fewer than 10 different characters', 'abcabcabc1abcabcabc1abcabcabc1abcabc', /^too predictable: /],
  ])('a configured token %s is refused, without echoing it', async (_, token, message) => {
    const [issue, ...others] = await issuesOf(`api: { token: "${token}" }`);
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ key: 'api.token', message: expect.stringMatching(message) });
    expect(issue?.message).not.toContain(token);
  });

  test.each([
    ['an unsupported algorithm', 'md5-rL0Y20zC+Fzt72VPzMSk2A=='],
    ['no algorithm', 'rL0Y20zC+Fzt72VPzMSk2A=='],
    ['a digest too short for sha512', 'sha512-rL0Y20zC+Fzt72VPzMSk2A=='],
    ['a digest that is not base64', 'sha256-not base64!'],
  ])('an integrity string with %s is refused at its line', async (_, integrity) => {
    const [issue] = await issuesOf(
      `integrations:\n  tarballs:\n    - file: acme.tgz\n      integrity: "${integrity}"\n`,
    );
    expect(issue).toMatchObject({ line: 4, column: 18, key: 'integrations.tarballs.0.integrity' });
    expect(issue?.message).toMatch(/^expected sha256-, sha384- or sha512- .*, got "/);
  });

  test('npm integrity strings of sha256, sha384 and sha512 are accepted', async () => {
    const digests = ['sha256', 'sha384', 'sha512'].map(
      (algorithm) => `${algorithm}-${createHash(algorithm).update('acme').digest('base64')}`,
    );
    const tarballs = digests.map((integrity) => `    - { file: acme.tgz, integrity: "${integrity}" }`);
    const config = await loadYaml(`integrations:\n  tarballs:\n${tarballs.join('\n')}\n`);
    expect(config.integrations.tarballs.map((tarball) => tarball.integrity)).toEqual(digests);
  });

  test('a missing required key is reported at the mapping that lacks it', async () => {
    expect(await issuesOf('setup:\n  - steps: []\n')).toEqual([
      {
        line: 2,
        column: 5,
        key: 'setup.0.domain',
        message: 'missing (expected an integration domain such as "demo_light")',
      },
    ]);
  });

  test('host fields are checked as createHub checks them', async () => {
    const issues = await issuesOf('host:\n  latitude: 91\n  timeZone: Mars/Olympus_Mons\n  name: Home\n');
    expect(issues).toEqual([
      { line: 2, column: 13, key: 'host.latitude', message: 'expected a number from -90 to 90, got 91' },
      {
        line: 3,
        column: 13,
        key: 'host.timeZone',
        message: '"Mars/Olympus_Mons" is not a known IANA time zone (e.g. "Europe/Amsterdam")',
      },
      {
        line: 4,
        column: 3,
        key: 'host.name',
        message: expect.stringMatching(/^unknown key "name" \(expected one of: latitude, .*locationName\)$/),
      },
    ]);
  });

  test('a setup entry for a domain already listed is refused at the second', async () => {
    const issues = await issuesOf(
      'setup:\n  - { domain: demo_light, steps: [] }\n  - { domain: demo_light, steps: [] }\n',
    );
    expect(issues).toEqual([
      {
        line: 3,
        column: 15,
        key: 'setup.1.domain',
        message: '"demo_light" is already set up by setup.0; list each domain once',
      },
    ]);
  });

  test('a step input that is not a mapping says what a step input is', async () => {
    const [issue] = await issuesOf('setup:\n  - domain: demo_hub\n    steps: [both]\n');
    expect(issue).toMatchObject({ line: 3, column: 13, key: 'setup.0.steps.0' });
    expect(issue?.message).toContain('{ next_step_id: <option> } for a menu');
  });

  test('aliases that would expand a small file into a huge value are refused', async () => {
    const tens = (alias: string) => `[${Array(10).fill(alias).join(', ')}]`;
    const yaml = `a: &a ${tens('x')}\nb: &b ${tens('*a')}\nc: &c ${tens('*b')}\nd: ${tens('*c')}\n`;
    const [issue] = await issuesOf(yaml);
    expect(issue).toMatchObject({ line: 1, column: 1, key: '' });
    expect(issue?.message).toMatch(/alias/i);
  });

  test('an unreadable config file is a ConfigError naming it', async () => {
    const dir = await configDir();
    await mkdir(join(dir, 'corral.yaml'));
    const error = await configError(loadConfig(dir));
    expect(error.message).toMatch(new RegExp(`^${join(dir, 'corral.yaml')} cannot be read`));
  });
});
