// Writes docs/statecharts.md from the real machine definitions (built into dist/).
// `--stdout` prints instead; a test compares that with the checked-in file.
import { writeFileSync } from 'node:fs';
import { channelMachine } from '../dist/src/machines/channel.js';
import { configEntryMachine } from '../dist/src/machines/config-entry.js';
import { configFlowMachine } from '../dist/src/machines/config-flow.js';
import { describeMachine, listTransitions, toMermaid } from '../dist/src/machines/describe.js';
import { sandboxMachine } from '../dist/src/machines/sandbox.js';
import { supervisorMachine } from '../dist/src/machines/supervisor.js';

const machines = [
  ['Sandbox lifecycle', 'src/machines/sandbox.ts', sandboxMachine],
  ['Supervisor', 'src/machines/supervisor.ts', supervisorMachine],
  ['Channel', 'src/machines/channel.ts', channelMachine],
  ['Config entry', 'src/machines/config-entry.ts', configEntryMachine],
  ['Config flow', 'src/machines/config-flow.ts', configFlowMachine],
];

const parts = [
  '# Statecharts',
  '',
  'Generated from the machine definitions by `npm run docs:statecharts`; a test fails when',
  'this file no longer matches the machines. Guards are in brackets; `after X` is a delayed',
  'transition whose delay `X` comes from the policy; `always` is taken as soon as its guard holds.',
];
for (const [title, file, machine] of machines) {
  const chart = describeMachine(machine);
  parts.push(
    '',
    `## ${title}`,
    '',
    `\`${file}\``,
    '',
    '```mermaid',
    toMermaid(chart),
    '```',
    '',
    'Transitions:',
    '',
  );
  parts.push('```', ...listTransitions(chart), '```');
}
const text = `${parts.join('\n')}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(text);
else writeFileSync(new URL('../docs/statecharts.md', import.meta.url), text);
