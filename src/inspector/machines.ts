/** The statecharts the inspector draws, read from the real machine definitions. */
import { channelMachine } from '../machines/channel.js';
import { configEntryMachine } from '../machines/config-entry.js';
import { configFlowMachine } from '../machines/config-flow.js';
import { describeMachine, type Statechart } from '../machines/describe.js';
import { sandboxMachine } from '../machines/sandbox.js';
import { supervisorMachine } from '../machines/supervisor.js';

const machines = [supervisorMachine, sandboxMachine, channelMachine, configEntryMachine, configFlowMachine];

let described: Record<string, Statechart> | undefined;

/** Keyed by machine id (`sandbox`, `supervisor`, ...), the key `ActorView.machine` names. */
export function inspectableMachines(): Record<string, Statechart> {
  described ??= Object.fromEntries(machines.map((m) => [m.id, describeMachine(m)]));
  return described;
}

export const knownMachineIds: ReadonlySet<string> = new Set(machines.map((m) => m.id));
