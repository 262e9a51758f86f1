/**
 * Flaky: an integration that misbehaves on request, for supervision and chaos
 * tests. `flaky.misbehave` crashes the process, hangs the event loop, floods the
 * hub with events and state writes, leaks memory or throws; and setup can be
 * made to report "not ready" for its first attempts.
 */
import {
  dataSchema,
  defineIntegration,
  type EntryApi,
  EntryNotReadyError,
  field,
  form,
  SensorEntity,
  SensorStateClass,
} from 'corral/sdk';

const DOMAIN = 'flaky';
const MiB = 1024 * 1024;

const userForm = form({
  name: field.text().default('Flaky'),
  fail_setup_times: field.number({ min: 0, max: 10, step: 1 }).int().default(0),
  /** A slow setup: a crash can land in the middle of it. */
  setup_delay_ms: field.number({ min: 0, max: 60_000, step: 1, unit: 'ms' }).int().default(0),
});

const misbehaveSchema = dataSchema(
  form({
    mode: field.select(['crash', 'hang', 'flood', 'leak', 'throw']),
    /** hang: how long to block the event loop. */
    ms: field.number({ min: 0, max: 60_000, unit: 'ms' }).int().default(10_000),
    /** flood: how many events and state writes. */
    count: field.number({ min: 1, max: 100_000 }).int().default(1_000),
    /** leak: how much memory to allocate and keep. */
    mb: field.number({ min: 1, max: 1_024, unit: 'MiB' }).int().default(64),
    /** crash: exit even outside a sandbox. */
    force: field.boolean().default(false),
    message: field.text().default('flaky misbehaved on purpose'),
  }),
);

/** Setup attempts per entry; counting starts again after an unload, and in a new process. */
const attempts = new Map<string, number>();

/** Refuses to take a shared process down by accident: an in-process test runner is one. */
function mayExit(force: boolean): boolean {
  return force || process.env.CORRAL_SANDBOX !== undefined;
}

/** Blocks the event loop: nothing else in the process runs until it returns. */
function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

async function setupFlaky(api: EntryApi): Promise<void> {
  const { entryId } = api.entry;
  const { fail_setup_times: failures, setup_delay_ms: delayMs } = userForm.parse(api.entry.data);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const attempt = (attempts.get(entryId) ?? 0) + 1;
  attempts.set(entryId, attempt);
  if (attempt <= failures)
    throw new EntryNotReadyError(`flaky is not ready (attempt ${attempt} of ${failures + 1})`);

  const ticks = new SensorEntity({
    uniqueId: `${entryId}_ticks`,
    name: 'Ticks',
    hasEntityName: true,
    stateClass: SensorStateClass.TOTAL_INCREASING,
    nativeValue: 0,
    deviceInfo: {
      identifiers: [[DOMAIN, entryId]],
      name: api.entry.title,
      manufacturer: 'Corral Demo',
      model: 'Flaky',
    },
  });
  await api.addEntities([ticks]);
  let tickCount = 0;
  /** What `leak` allocated; released on unload so one entry's leak ends with it. */
  const leaked: Buffer[] = [];
  api.onUnload(() => {
    leaked.length = 0;
    attempts.delete(entryId);
  });

  api.registerService(
    'misbehave',
    (call) => {
      const { mode, ms, count, mb, force, message } = call.data as {
        mode: string;
        ms: number;
        count: number;
        mb: number;
        force: boolean;
        message: string;
      };
      switch (mode) {
        case 'crash':
          if (!mayExit(force)) {
            throw new Error('crash exits the process only in a sandbox (CORRAL_SANDBOX) or with force: true');
          }
          api.logger.error('exiting with code 13 on request');
          process.exit(13);
          break;
        case 'hang':
          busyWait(ms);
          return { mode, ms };
        case 'flood':
          for (let i = 0; i < count; i++) {
            tickCount += 1;
            ticks.nativeValue = tickCount;
            ticks.writeState();
            api.fireEvent('flaky_tick', { tick: tickCount });
          }
          return { mode, ticks: tickCount };
        case 'leak':
          // Filled, so the pages are really resident rather than reserved.
          leaked.push(Buffer.alloc(mb * MiB, 1));
          return { mode, leaked_mb: leaked.reduce((total, chunk) => total + chunk.length, 0) / MiB };
        case 'throw':
          throw new Error(message);
      }
      return { mode };
    },
    { schema: misbehaveSchema, supportsResponse: 'optional' },
  );
}

export default defineIntegration({
  domain: DOMAIN,
  configFlow: {
    steps: {
      user: (flow, input) => {
        if (input === undefined) return flow.showForm({ stepId: 'user', schema: userForm });
        const data = userForm.parse(input);
        return flow.createEntry({ title: data.name, data });
      },
    },
  },
  setupEntry: setupFlaky,
});
