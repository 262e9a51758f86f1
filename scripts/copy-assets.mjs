// tsc copies neither the generated protobuf JS nor the integrations' manifests
// and translations; put them beside the built modules.
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('dist/src/wire/gen', { recursive: true });
cpSync('src/wire/gen/corral.js', 'dist/src/wire/gen/corral.js');
cpSync('src/wire/gen/corral.d.ts', 'dist/src/wire/gen/corral.d.ts');

const examples = 'examples/integrations';
if (existsSync(examples)) {
  for (const domain of readdirSync(examples)) {
    const from = join(examples, domain);
    const to = join('dist', from);
    mkdirSync(to, { recursive: true });
    if (existsSync(join(from, 'manifest.json')))
      cpSync(join(from, 'manifest.json'), join(to, 'manifest.json'));
    if (existsSync(join(from, 'translations')))
      cpSync(join(from, 'translations'), join(to, 'translations'), { recursive: true });
  }
}
