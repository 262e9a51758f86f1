/**
 * Installs `corral_fault` (`corral-fault.ts`, built) as an integration directory a
 * test hub can load: a `manifest.json` and an `index.js` that re-exports the
 * built module, under the hub's own config directory.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../actors/launch.js';
import { CorralError } from '../errors.js';

export const FAULT_DOMAIN = 'corral_fault';

const manifest = {
  domain: FAULT_DOMAIN,
  name: 'corral/testing faults',
  version: '1.0.0',
  integration_type: 'service',
  config_flow: true,
  iot_class: 'calculated',
};

/** Writes the integration under `parent` and returns the directory to list in `integrationDirs`. */
export async function installFaultIntegration(parent: string): Promise<string> {
  const built = join(packageRoot, 'dist', 'src', 'testing', 'corral-fault.js');
  if (!existsSync(built)) {
    throw new CorralError(
      'not_built',
      `corral/testing's fault integration is not built: ${built} is missing (run "npm run build")`,
    );
  }
  const dir = join(parent, FAULT_DOMAIN);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  await writeFile(
    join(dir, 'index.js'),
    `export { default } from ${JSON.stringify(pathToFileURL(built).href)};\n`,
  );
  return parent;
}
