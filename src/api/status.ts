/**
 * What `GET /api/status` reports: per sandbox group its lifecycle state,
 * process, restarts against the budget, memory and message rates; rates come
 * from sampling each channel's counters once per interval.
 */
import { readFileSync } from 'node:fs';
import type { Hub } from '../host/hub.js';
import { stateLabel } from '../inspector/collector.js';
import { describeFailure } from '../machines/failure-text.js';
import type { SandboxRouter } from '../sandboxing/sandbox-router.js';
import type { GroupStatus, StatusResponse } from './contract.js';

interface Sample {
  readonly at: number;
  readonly generation: number;
  readonly in: number;
  readonly out: number;
}

/** Resident set size of a process from /proc (Linux); null elsewhere or when it is gone. */
export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

export class StatusSampler {
  private readonly startedAt = Date.now();
  private readonly samples = new Map<string, Sample>();
  private readonly rates = new Map<string, { inPerSec: number; outPerSec: number }>();

  constructor(
    private readonly hub: Hub,
    private readonly router: SandboxRouter | undefined,
    private readonly version: string,
  ) {}

  /** Take a sample of every channel's counters; rates are the change since the previous one. */
  sample(now = Date.now()): void {
    if (!this.router) return;
    for (const { group, generation, sandbox } of this.router.supervisor.connections.list()) {
      const { callsIn, callsOut, pushesIn, pushesOut } = sandbox.channel.stats;
      const current = { at: now, generation, in: callsIn + pushesIn, out: callsOut + pushesOut };
      const previous = this.samples.get(group);
      if (previous && previous.generation === generation && now > previous.at) {
        const seconds = (now - previous.at) / 1000;
        this.rates.set(group, {
          inPerSec: Math.round((current.in - previous.in) / seconds),
          outPerSec: Math.round((current.out - previous.out) / seconds),
        });
      } else {
        this.rates.set(group, { inPerSec: 0, outPerSec: 0 });
      }
      this.samples.set(group, current);
    }
  }

  status(): StatusResponse {
    return {
      version: this.version,
      pid: process.pid,
      uptimeMs: Date.now() - this.startedAt,
      hostRssBytes: process.memoryUsage.rss(),
      groups: this.groups(),
      entryCount: this.hub.entries.list().length,
      entityCount: this.hub.states.all().length,
      isolation: this.isolation(),
    };
  }

  private isolation(): StatusResponse['isolation'] {
    if (!this.router)
      return { os: 'inline', reduced: 'integrations run in the hub process (isolation.mode: inline)' };
    const os = this.router.supervisor.osStatus;
    return { os: os?.active ?? 'none', reduced: os ? (os.reduced ?? null) : 'not decided yet' };
  }

  private groups(): GroupStatus[] {
    const supervisor = this.router?.supervisor;
    if (!supervisor) return [];
    const history = supervisor.persist().groups;
    const entries = this.hub.entries.list();
    const live = new Map(supervisor.connections.list().map((l) => [l.group, l]));
    const groups = new Set([...supervisor.groups(), ...entries.map((e) => e.sandbox)]);
    groups.delete('main');
    return [...groups].sort().map((group): GroupStatus => {
      const context = supervisor.contextOf(group);
      const { restartIntensity, restartPeriodMs } = supervisor.policy;
      const restartTimes = history[group]?.restartTimes ?? [];
      const failures = history[group]?.failures ?? [];
      const last = failures[failures.length - 1];
      const pid = live.get(group)?.sandbox.pid ?? null;
      const stats = live.get(group)?.sandbox.channel.stats;
      return {
        group,
        state: stateLabel(supervisor.stateOf(group)) || 'not_started',
        pid,
        restarts: {
          recent: restartTimes.filter((t) => t > Date.now() - restartPeriodMs).length,
          intensity: restartIntensity,
          periodMs: restartPeriodMs,
        },
        totalRestarts: context ? Math.max(0, context.generation - 1) : failures.length,
        rssBytes: pid === null ? null : rssOf(pid),
        rates: this.rates.get(group) ?? { inPerSec: 0, outPerSec: 0 },
        messages: {
          callsIn: stats?.callsIn ?? 0,
          callsOut: stats?.callsOut ?? 0,
          pushesIn: stats?.pushesIn ?? 0,
          pushesOut: stats?.pushesOut ?? 0,
        },
        entries: entries.filter((e) => e.sandbox === group).map((e) => e.entryId),
        lastFailure: last ? describeFailure(last, supervisor.policy) : null,
      };
    });
  }
}
