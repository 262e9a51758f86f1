/**
 * The shape of `corral.yaml`: every section optional (left empty it means its
 * defaults), unknown keys refused (a
 * misspelt key is an error, not a silently ignored setting), and every default
 * in `defaultCorralConfig`. Each leaf says what it expects, in words the loader
 * prints beside what it found.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import type { SandboxLauncher, TransportKind } from '../actors/launch.js';
import type { OsIsolation } from '../actors/os-sandbox.js';
import { HostConfigError } from '../errors.js';
import { defaultHostConfig, type HostConfig, validateHostConfig } from '../host/host-config.js';
import {
  type BridgePolicy,
  defaultBridgePolicy,
  defaultProcessPolicy,
  defaultSandboxCapsPolicy,
  defaultSupervisionPolicy,
  type ProcessPolicy,
  type SandboxCapsPolicy,
  type SupervisionPolicy,
  withPolicy,
} from '../policy.js';
import { defaultIsolationPolicy, type Listed } from '../sandboxing/classifier.js';

/** Where integrations run: each group in a sandbox process, or all in the host process. */
export type IsolationMode = 'sandbox' | 'inline';

export interface IsolationConfig {
  readonly mode: IsolationMode;
  /** One sandbox per integration domain instead of one per kind (built-in, custom). */
  readonly perDomain: boolean;
  /** Integrations that run in the host process even in `sandbox` mode. */
  readonly alwaysMain: readonly Listed[];
  readonly transport: TransportKind;
  /** A sandbox per group as a child process, or as a worker thread of the host (no permission model). */
  readonly launcher: SandboxLauncher;
  /** The OS sandbox around each sandbox process: bubblewrap where it works (`auto`), required, or none. */
  readonly os: OsIsolation;
}

/** An `npm pack` tarball, pinned by the digest npm writes in `package-lock.json`. */
export interface PinnedTarball {
  readonly file: string;
  /** `sha256-`, `sha384-` or `sha512-` followed by the base64 digest. */
  readonly integrity: string;
}

export interface IntegrationSources {
  /** Directories of integrations shipped with the host. */
  readonly builtIn: readonly string[];
  /** Directories of third-party integrations. */
  readonly custom: readonly string[];
  readonly tarballs: readonly PinnedTarball[];
}

export interface ApiConfig {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Whether every request needs the token (or a login session). `false` is for tests
   * on loopback only.
   */
  readonly auth: boolean;
  /** Bearer token; default: the one in `<dataDir>/.corral/auth_token`, made on the first start. */
  readonly token?: string;
}

/** A config flow run at start for a domain that has no config entry yet. */
export interface SetupFlow {
  readonly domain: string;
  /** One input per flow step, in order: form fields, or `{ next_step_id }` for a menu. */
  readonly steps: readonly Readonly<Record<string, unknown>>[];
}

/** A loaded config: every default filled in, every path absolute. */
export interface CorralConfig {
  /** The file read. */
  readonly file: string;
  /** The directory it is in; relative paths in the file are resolved against it. */
  readonly dir: string;
  /** Where the hub keeps `.storage`; `createHub({ configDir })`. */
  readonly dataDir: string;
  readonly host: HostConfig;
  readonly integrations: IntegrationSources;
  readonly isolation: IsolationConfig;
  readonly supervision: SupervisionPolicy;
  readonly process: ProcessPolicy;
  readonly bridge: BridgePolicy;
  /** What a sandbox group can make the host keep, and the caps on open config flows. */
  readonly caps: SandboxCapsPolicy;
  readonly api: ApiConfig;
  readonly setup: readonly SetupFlow[];
}

/** Every default of the file's sections; `dataDir` defaults to the config directory itself. */
export const defaultCorralConfig: Omit<CorralConfig, 'file' | 'dir' | 'dataDir'> = Object.freeze({
  host: defaultHostConfig,
  integrations: Object.freeze({
    builtIn: Object.freeze([]),
    custom: Object.freeze([]),
    tarballs: Object.freeze([]),
  }),
  isolation: Object.freeze({
    mode: 'sandbox',
    perDomain: defaultIsolationPolicy.perDomain,
    alwaysMain: defaultIsolationPolicy.alwaysMain,
    transport: 'pipe',
    launcher: 'process',
    os: 'auto',
  }),
  supervision: defaultSupervisionPolicy,
  process: defaultProcessPolicy,
  bridge: defaultBridgePolicy,
  caps: defaultSandboxCapsPolicy,
  api: Object.freeze({ host: '127.0.0.1', port: 8123, auth: true }),
  setup: Object.freeze([]),
});

const MIN_TOKEN_LENGTH = 32;
/** Fewer distinct characters than this is a pattern (`aaaa…`, `abab…`), not a secret. */
const MIN_TOKEN_DISTINCT = 10;
/** The rule of manifest.ts: domains name directories, services and entity ids. */
const DOMAIN = /^[a-z0-9_]{1,64}$/;
const INTEGRITY = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/;
const DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** A mapping whose keys are exactly `shape`'s; an unknown key's issue lists the known ones. */
function section<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `expected one of: ${known}` : 'expected a mapping',
  });
}

function list<Item extends z.ZodType>(item: Item, what: string) {
  return z.array(item, { error: `expected a list of ${what}` });
}

function nonNegativeInteger(what = 'a non-negative integer') {
  const expected = `expected ${what}`;
  return z.int({ error: expected }).min(0, { error: expected });
}

/** Node's timers fire at once for a longer delay, so a bigger timeout would expire immediately. */
const MAX_DELAY_MS = 0x7fff_ffff;
const milliseconds = nonNegativeInteger('a non-negative integer (milliseconds)').max(MAX_DELAY_MS, {
  error: `expected at most ${MAX_DELAY_MS} milliseconds (about 24.8 days)`,
});
const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });
const flag = z.boolean({ error: 'expected true or false' });
const path = text('a path');
const domain = z
  .string({ error: 'expected an integration domain such as "demo_light"' })
  .regex(DOMAIN, { error: 'expected an integration domain (1 to 64 of a-z, 0-9 and _)' });

const integrity = z
  .string({ error: 'expected an integrity string such as "sha512-<base64 digest>"' })
  .refine(isIntegrity, {
    error:
      'expected sha256-, sha384- or sha512- and the base64 digest of that length (as in package-lock.json)',
  });

/** An SRI digest as npm writes it: a known algorithm and a canonical base64 digest of its length. */
function isIntegrity(value: string): boolean {
  const match = INTEGRITY.exec(value);
  if (!match) return false;
  const [, algorithm = '', digest = ''] = match;
  const bytes = Buffer.from(digest, 'base64');
  return bytes.length === DIGEST_BYTES[algorithm] && bytes.toString('base64') === digest;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** `localhost`, 127.0.0.0/8 or ::1 (also IPv4-mapped): reachable only from this machine. */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  if (isIPv4(host)) return loopback.check(host, 'ipv4');
  return isIPv6(host) && loopback.check(host, 'ipv6');
}

/**
 * The host section is checked by `validateHostConfig`, the same check `createHub`
 * runs, so the file and the embedding API can never disagree on a field.
 */
const hostSection = z
  .record(z.string(), z.unknown(), { error: 'expected a mapping' })
  .nullish()
  .transform((value, ctx): HostConfig => {
    try {
      return validateHostConfig(value ?? {});
    } catch (error) {
      if (!(error instanceof HostConfigError)) throw error;
      for (const field of error.invalid) {
        const [key = ''] = field.path;
        if (!Object.hasOwn(defaultHostConfig, key)) {
          ctx.issues.push({
            code: 'unrecognized_keys',
            keys: [key],
            input: value ?? {},
            message: `expected one of: ${Object.keys(defaultHostConfig).join(', ')}`,
          });
        } else {
          const message = field.message.replace(/^must be /, 'expected ');
          ctx.issues.push({ code: 'custom', path: [key], input: value?.[key], message });
        }
      }
      return z.NEVER;
    }
  });

const integrationsSection = section({
  builtIn: list(path, 'directories').optional(),
  custom: list(path, 'directories').optional(),
  tarballs: list(section({ file: path, integrity }), 'tarballs ({ file, integrity })').optional(),
})
  .nullish()
  .transform((value): IntegrationSources => ({ ...defaultCorralConfig.integrations, ...value }));

const isolationSection = section({
  mode: z.enum(['sandbox', 'inline'], { error: 'expected "sandbox" or "inline"' }).optional(),
  perDomain: flag.optional(),
  alwaysMain: list(section({ domain, reason: text('a reason') }), '{ domain, reason }').optional(),
  transport: z.enum(['pipe', 'unix'], { error: 'expected "pipe" or "unix"' }).optional(),
  launcher: z.enum(['process', 'worker'], { error: 'expected "process" or "worker"' }).optional(),
  os: z.enum(['auto', 'bwrap', 'none'], { error: 'expected "auto", "bwrap" or "none"' }).optional(),
})
  .nullish()
  .transform((value): IsolationConfig => ({ ...defaultCorralConfig.isolation, ...value }));

const supervisionSection = section({
  readyTimeoutMs: milliseconds.optional(),
  restartIntensity: nonNegativeInteger().optional(),
  restartPeriodMs: milliseconds.optional(),
  backoff: section({
    initialMs: milliseconds.optional(),
    maxMs: milliseconds.optional(),
    jitter: z
      .number({ error: 'expected a number from 0 to 1' })
      .min(0, { error: 'expected a number from 0 to 1' })
      .max(1, { error: 'expected a number from 0 to 1' })
      .optional(),
    resetAfterMs: milliseconds.optional(),
  }).optional(),
  heartbeatIntervalMs: milliseconds.optional(),
  heartbeatMisses: nonNegativeInteger().optional(),
  stopGraceMs: milliseconds.optional(),
  killAfterMs: milliseconds.optional(),
  coolDownMs: list(milliseconds, 'non-negative integers (milliseconds)').optional(),
})
  .nullish()
  .transform((value) => withPolicy(defaultCorralConfig.supervision, value ?? undefined));

const processSection = section({
  maxOldSpaceMiB: nonNegativeInteger('a non-negative integer (MiB; 0 keeps Node’s default)').optional(),
  permissionModel: flag.optional(),
  passEnv: list(text('an environment variable name'), 'environment variable names').optional(),
  warmSpare: flag.optional(),
  spareDelayMs: milliseconds.optional(),
  maxRssMiB: nonNegativeInteger('a non-negative integer (MiB; 0 disables the RSS limit)').optional(),
  rssCheckIntervalMs: milliseconds.min(10, { error: 'expected at least 10 milliseconds' }).optional(),
  sandboxUid: nonNegativeInteger('a uid above 0').min(1, { error: 'expected a uid above 0' }).optional(),
  sandboxGid: nonNegativeInteger('a gid above 0').min(1, { error: 'expected a gid above 0' }).optional(),
})
  .nullish()
  .transform((value) => withPolicy(defaultCorralConfig.process, value ?? undefined));

const bridgeSection = section({
  contextTtlMs: milliseconds.optional(),
  contextCacheMax: nonNegativeInteger('a non-negative integer (contexts)').optional(),
  translationTimeoutMs: milliseconds.optional(),
  entrySetupTimeoutMs: milliseconds.optional(),
  flowCallTimeoutMs: milliseconds.optional(),
})
  .nullish()
  .transform((value) => withPolicy(defaultCorralConfig.bridge, value ?? undefined));

const capsSection = section({
  maxEntitiesPerGroup: nonNegativeInteger('a non-negative integer (entities)').optional(),
  maxAttributeBytesPerEntity: nonNegativeInteger('a non-negative integer (bytes)').optional(),
  maxAttributeBytesPerGroup: nonNegativeInteger('a non-negative integer (bytes)').optional(),
  maxServicesPerGroup: nonNegativeInteger('a non-negative integer (services)').optional(),
  maxOpenFlowsPerDomain: nonNegativeInteger('a non-negative integer (flows)').optional(),
  flowIdleTimeoutMs: milliseconds.optional(),
  eventsPerSecond: z
    .number({ error: 'expected a positive number (events per second)' })
    .positive({ error: 'expected a positive number (events per second)' })
    .optional(),
  eventBurst: nonNegativeInteger('a non-negative integer (events)').optional(),
  logIntervalMs: milliseconds.optional(),
})
  .nullish()
  .transform((value) => withPolicy(defaultCorralConfig.caps, value ?? undefined));

const tokenRule = `a random secret of at least ${MIN_TOKEN_LENGTH} characters, ${MIN_TOKEN_DISTINCT} or more of them different (e.g. openssl rand -base64 32)`;

const apiSection = section({
  host: text('a host name or IP address').optional(),
  port: nonNegativeInteger('a port from 0 to 65535')
    .max(65535, { error: 'expected a port from 0 to 65535' })
    .optional(),
  auth: flag.optional(),
  // A guessable token is no lock: anyone on the machine (or network) could drive every device.
  token: z
    .string({ error: `expected ${tokenRule}` })
    .min(MIN_TOKEN_LENGTH, { error: `too short: expected ${tokenRule}` })
    .refine((token) => new Set(token).size >= MIN_TOKEN_DISTINCT, {
      error: `too predictable: expected ${tokenRule}`,
    })
    .optional(),
})
  // Off loopback, anyone who can reach the address could drive every device in the home.
  .refine((api) => api.auth !== false || isLoopback(api.host ?? defaultCorralConfig.api.host), {
    path: ['auth'],
    error:
      'auth: false is only allowed on loopback (127.0.0.0/8, ::1, localhost): remove it, or bind to 127.0.0.1',
    // Checked even when another api key is wrong, so one run reports both.
    when: ({ value }) => {
      const api = value as { host?: unknown; auth?: unknown };
      return (api?.host === undefined || typeof api.host === 'string') && api?.auth === false;
    },
  })
  .nullish()
  .transform((value): ApiConfig => ({ ...defaultCorralConfig.api, ...value }));

const stepInput = z.record(z.string(), z.unknown(), {
  error: 'expected a mapping (the form’s fields, or { next_step_id: <option> } for a menu)',
});

const setupSection = list(section({ domain, steps: list(stepInput, 'step inputs') }), '{ domain, steps }')
  // Setup runs for a domain without an entry, so a second entry for one domain could never run.
  .superRefine((flows, ctx) => {
    const first = new Map<string, number>();
    flows.forEach((flow, index) => {
      const earlier = first.get(flow.domain);
      if (earlier === undefined) first.set(flow.domain, index);
      else {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'domain'],
          message: `"${flow.domain}" is already set up by setup.${earlier}; list each domain once`,
        });
      }
    });
  })
  .nullish()
  .transform((value): readonly SetupFlow[] => value ?? defaultCorralConfig.setup);

/** `corral.yaml` as written; `loadConfig` resolves its paths into a `CorralConfig`. */
export const corralConfigSchema = section({
  host: hostSection,
  integrations: integrationsSection,
  isolation: isolationSection,
  supervision: supervisionSection,
  process: processSection,
  bridge: bridgeSection,
  caps: capsSection,
  api: apiSection,
  setup: setupSection,
  dataDir: path.optional(),
});

/** The file's content after validation and defaults, paths still as written. */
export type CorralConfigFile = z.output<typeof corralConfigSchema>;
