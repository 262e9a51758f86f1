import { MessageChannel, type ResourceLimits, Worker } from 'node:worker_threads';
import { CorralError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { defaultProcessPolicy, type ProcessPolicy } from '../policy.js';
import { Channel } from '../wire/channel.js';
import { ProtobufCodec } from '../wire/protobuf-codec.js';
import { MessagePortTransport, WORKER_URL, type WorkerSandboxData } from '../wire/transports/worker.js';
import {
  type LaunchedRuntime,
  type LaunchOptions,
  type ProcessExit,
  readyOf,
  runtimeEntryPath,
  sandboxEnv,
} from './launch.js';
import { forwardLines } from './output-lines.js';

/**
 * Why: Node 20's permission model is process-wide — flags given when the process
 * starts — so a worker thread cannot be held to reads of its own code while the
 * host it lives in reads everything. Refused rather than silently not applied.
 */
export class WorkerPermissionModelError extends CorralError {
  constructor() {
    super(
      'permission_model_unavailable',
      "the permission model cannot confine a worker: Node's permission model applies to a whole " +
        "process, and a worker shares the host's. Use launcher 'process', or set process.permissionModel: false",
    );
  }
}

export interface LaunchWorkerOptions
  extends Pick<LaunchOptions, 'group' | 'policy' | 'logger' | 'entry' | 'channel'> {
  /** Caps over the ones derived from the policy (`workerResourceLimits`). */
  readonly resourceLimits?: ResourceLimits;
}

/** A sandbox runtime in a worker thread of the host process, and its channel. */
export interface LaunchedWorker extends LaunchedRuntime {
  readonly launcher: 'worker';
  readonly worker: Worker;
  /** The worker's thread id in the host process, read at launch (Node resets it to -1 on exit). */
  readonly threadId: number;
  /** A thread has no process of its own to signal: `kill` ends it with `terminate()`. */
  readonly pid: null;
}

/**
 * A worker's V8 caps: the policy's old-space cap becomes `maxOldGenerationSizeMb`;
 * young generation and stack keep Node's defaults. Only the JS heap is capped —
 * `ArrayBuffer` and `Buffer` memory lives outside it.
 */
export function workerResourceLimits(policy: ProcessPolicy): ResourceLimits {
  return policy.maxOldSpaceMiB > 0 ? { maxOldGenerationSizeMb: policy.maxOldSpaceMiB } : {};
}

/**
 * Start the runtime in a worker thread: `new Worker(<entry>, { argv: ['--name',
 * group, '--url', 'worker://parent'] })` with a `MessagePort` of its own for the
 * frames, the policy's allow-listed environment as its private `process.env`,
 * V8 heap caps, and its stdout/stderr forwarded line by line to the logger.
 * Same runtime bundle, codec, channel and protocol as a sandbox process.
 */
export async function launchWorkerSandbox(options: LaunchWorkerOptions): Promise<LaunchedWorker> {
  const { group } = options;
  const logger = options.logger ?? silentLogger;
  // A worker cannot have the permission model; the supervisor refuses an explicit request.
  const policy = { ...(options.policy ?? defaultProcessPolicy), permissionModel: false };
  const entry = options.entry ?? runtimeEntryPath();
  const { port1, port2 } = new MessageChannel();
  const workerData: WorkerSandboxData = { port: port2 };
  let worker: Worker;
  try {
    worker = new Worker(entry, {
      argv: ['--name', group, '--url', WORKER_URL],
      workerData,
      transferList: [port2],
      // A copy holding only the allow-listed variables: the host's own process.env stays out of reach.
      env: sandboxEnv(policy, group),
      // The host's node flags are not the sandbox's, as a spawned `node` would not inherit them either.
      execArgv: [],
      resourceLimits: { ...workerResourceLimits(policy), ...options.resourceLimits },
      stdout: true,
      stderr: true,
    });
  } catch (error) {
    port1.close();
    throw error;
  }
  const { threadId } = worker;
  let killedBy: NodeJS.Signals | null = null;
  let online = false;
  let failed = false;
  let done = false;
  worker.once('online', () => {
    online = true;
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    worker.once('exit', (code) => {
      done = true;
      // terminate() ends a running thread with code 1 (one not yet running with 0) and no
      // 'error'; any other end is the worker's own, even when a kill raced it (the host
      // kills a worker whose channel just closed).
      const terminated = killedBy !== null && !failed && (code === 1 || !online);
      resolve(terminated ? { code: null, signal: killedBy } : { code, signal: null });
    });
  });
  // An uncaught error, a failed start or the heap cap (ERR_WORKER_OUT_OF_MEMORY) ends the
  // worker, never the host; 'exit' follows and tells the supervisor.
  worker.on('error', (error: Error & { code?: string }) => {
    failed = true;
    logger('error', `worker failed: ${error.code ? `${error.code}: ` : ''}${error.message}`, {
      group,
      thread: threadId,
    });
  });
  const limits = options.policy ?? defaultProcessPolicy;
  forwardLines(worker.stdout, limits, (line) =>
    logger('info', line, { group, thread: threadId, stream: 'stdout' }),
  );
  forwardLines(worker.stderr, limits, (line) =>
    logger('warn', line, { group, thread: threadId, stream: 'stderr' }),
  );

  const framing = { maxFrameBytes: options.channel?.policy?.maxFrameBytes };
  const channel = new Channel(new MessagePortTransport(port1, framing), {
    ...options.channel,
    codec: new ProtobufCodec(),
    name: group,
  });
  const ready = readyOf(channel, exited, group, logger);
  // The thread is gone and its port with it; release ours.
  void exited.then(() => channel.close());
  return {
    launcher: 'worker',
    worker,
    threadId,
    pid: null,
    channel,
    ready,
    exited,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (signal !== 'SIGTERM' && signal !== 'SIGKILL') {
        throw new Error(
          `a worker thread cannot receive ${signal}: only SIGTERM and SIGKILL apply (terminate)`,
        );
      }
      if (done || killedBy) return;
      // terminate() stops even a busy loop: V8 interrupts the isolate between any two instructions.
      killedBy = signal;
      void worker.terminate();
    },
  };
}
