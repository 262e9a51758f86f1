/**
 * The runtime entry of a sandbox process:
 *   node main.js --name <group> --url fd://3|unix:///path
 */
import { parseArgs } from 'node:util';
import { openTransport } from '../wire/transports/url.js';
import { SandboxRuntime } from './runtime.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, url: { type: 'string', default: 'fd://3' } },
    strict: true,
  });
  if (!values.name) throw new Error('--name <group> is required');
  const transport = await openTransport(values.url);
  const runtime = new SandboxRuntime({
    group: values.name,
    transport,
    onExit: (code) => process.exit(code),
  });
  await runtime.start();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `corral sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(70);
});
