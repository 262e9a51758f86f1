import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The built example integrations the harness tests run. */
export const EXAMPLES = fileURLToPath(new URL('../../dist/examples/integrations', import.meta.url));

export const KITCHEN = { name: 'Kitchen', count: 2, area: 'Kitchen' };
/** demo_hub's flow: connection, then the platform menu, then the token. */
export const DEMO_HUB_FLOW = [
  { host: 'hub.local', port: 8080 },
  { next_step_id: 'lights' },
  { token: 'secret' },
];

/** The data of a store file as the hub wrote it, or undefined. */
export async function storedData(file: string): Promise<unknown> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { data: unknown }).data;
  } catch {
    return undefined;
  }
}
