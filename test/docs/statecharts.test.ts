import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelMachine } from '../../src/machines/channel.js';
import { describeMachine, listTransitions, toMermaid } from '../../src/machines/describe.js';

const root = join(import.meta.dirname, '..', '..');

describe('statechart docs', () => {
  it('docs/statecharts.md matches the machine definitions (run "npm run docs:statecharts")', () => {
    const fresh = execFileSync(process.execPath, ['scripts/render-statecharts.mjs', '--stdout'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(readFileSync(join(root, 'docs/statecharts.md'), 'utf8')).toBe(fresh);
  });

  it('describes every transition of the channel machine with its event, guard and target', () => {
    expect(listTransitions(describeMachine(channelMachine))).toEqual([
      'open --drain--> draining',
      'open --close--> closed',
      'open --transport.ended--> closed',
      'open --failed--> closed',
      'draining --drained [idle]--> closed',
      'draining --close--> closed',
      'draining --transport.ended--> closed',
      'draining --failed--> closed',
      'draining --after drainTimeout--> closed',
      'draining --always [idle]--> closed',
    ]);
  });

  it('renders nested states, initial arrows and final states as Mermaid', () => {
    const mermaid = toMermaid(describeMachine(channelMachine));
    expect(mermaid.split('\n')).toEqual(
      expect.arrayContaining([
        'stateDiagram-v2',
        '  [*] --> channel_open',
        '  channel_closed --> [*]',
        '  channel_draining --> channel_closed: after drainTimeout',
      ]),
    );
  });
});
