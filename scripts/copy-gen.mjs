// tsc does not copy the generated protobuf JS; put it beside the built modules.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/src/wire/gen', { recursive: true });
cpSync('src/wire/gen/corral.js', 'dist/src/wire/gen/corral.js');
cpSync('src/wire/gen/corral.d.ts', 'dist/src/wire/gen/corral.d.ts');
