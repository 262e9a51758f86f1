/**
 * The runtime entry of a sandbox process or worker thread:
 *   node main.js --name <group> --url fd://3|unix:///path
 *   node main.js --name <group> --url fd://3 --spare [--preload <dir>]...   (a warm spare)
 *   new Worker(main.js, { argv: ['--name', group, '--url', 'worker://parent'], workerData: { port } })
 */
import { parseArgs } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { openTransport } from '../wire/transports/url.js';
import { WORKER_URL } from '../wire/transports/worker.js';
import { SandboxRuntime } from './runtime.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      // In a worker the frames travel on the host's port, never on a file descriptor of the shared process.
      url: { type: 'string', default: isMainThread ? 'fd://3' : WORKER_URL },
      // A warm spare: import these integration directories, then wait for the host to claim it.
      spare: { type: 'boolean', default: false },
      preload: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  if (!values.name) throw new Error('--name <group> is required');
  const transport = await openTransport(values.url);
  const runtime = new SandboxRuntime({
    group: values.name,
    transport,
    // In a worker thread process.exit ends the thread only, never the host.
    onExit: (code) => process.exit(code),
    spare: values.spare ? { preload: values.preload } : undefined,
  });
  await runtime.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `corral sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(70);
});
