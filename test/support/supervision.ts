/** What the real-process supervisor tests share: their fixtures and a fast policy. */
import { join } from 'node:path';
import type { SupervisorOptions } from '../../src/actors/supervisor.js';
import { defaultProcessPolicy } from '../../src/policy.js';

export const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);

/** Fast policies so real-process tests take milliseconds, not the production seconds. */
export const fastSupervision: NonNullable<SupervisorOptions['policy']> = {
  readyTimeoutMs: 5_000,
  restartIntensity: 3,
  restartPeriodMs: 60_000,
  backoff: { initialMs: 20, maxMs: 100, jitter: 0, resetAfterMs: 60_000 },
  heartbeatIntervalMs: 0,
  stopGraceMs: 2_000,
  killAfterMs: 1_000,
  coolDownMs: [],
};

/** The fixtures take their timings from these variables, so the sandbox must see them. */
export const fixturePassEnv = [
  ...defaultProcessPolicy.passEnv,
  'CORRAL_HANG_AFTER_MS',
  'CORRAL_CRASH_AFTER_MS',
  'CORRAL_SPAWN_DELAY_MS',
  'CORRAL_LEAK_AFTER_MS',
];
