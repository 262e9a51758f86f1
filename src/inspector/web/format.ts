/** Small formatters and the colour family of a state label; pure, shared by the views. */

export type Tone = 'ok' | 'warn' | 'bad' | 'off' | 'neutral';

const TONE_BY_SEGMENT: Record<string, Tone> = {
  running: 'ok',
  loaded: 'ok',
  open: 'ok',
  active: 'ok',
  done: 'ok',
  waiting: 'ok',
  starting: 'warn',
  spawning: 'warn',
  awaitingready: 'warn',
  backoff: 'warn',
  reaping: 'warn',
  stopping: 'warn',
  draining: 'warn',
  setup_in_progress: 'warn',
  unload_in_progress: 'warn',
  setup_retry: 'warn',
  initializing: 'warn',
  checking: 'warn',
  stepping: 'warn',
  finishing: 'warn',
  aborting: 'warn',
  crashed: 'bad',
  failed: 'bad',
  error: 'bad',
  setup_error: 'bad',
  failed_unload: 'bad',
  migration_error: 'bad',
  stopped: 'off',
  closed: 'off',
  idle: 'off',
  not_loaded: 'off',
  aborted: 'off',
};

const SEVERITY: Record<Tone, number> = { bad: 4, warn: 3, ok: 2, off: 1, neutral: 0 };

/**
 * The colour family of a dotted state label: the most severe tone of any segment,
 * so `live.running.pinging` is ok, `live.starting.spawning` amber and
 * `failed.coolingDown` red.
 */
export function stateTone(label: string): Tone {
  let tone: Tone = 'neutral';
  for (const segment of label.toLowerCase().split(/[.\s,()]+/)) {
    const t = TONE_BY_SEGMENT[segment];
    if (t && SEVERITY[t] > SEVERITY[tone]) tone = t;
  }
  return tone;
}

const MIB = 1024 * 1024;

export function formatMiB(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const mib = bytes / MIB;
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
}

/** `12s`, `4m 05s`, `2h 05m`, `3d 04h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${pad(h % 24)}h`;
}

/** A budget window: `60s`, `5 min`, `1.5 min`, `2 h`. */
export function formatPeriod(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Local wall-clock time with milliseconds: `14:03:07.042`. */
export function formatClock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatRate(perSec: number): string {
  if (!Number.isFinite(perSec)) return '—';
  if (perSec >= 100) return perSec.toFixed(0);
  if (perSec >= 10) return perSec.toFixed(1);
  return perSec.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** A deep dotted label cut to its last `keep` segments for narrow places: `…running.pinging`. */
export function shortStateLabel(label: string, keep = 2): string {
  const segments = label.split('.');
  return segments.length > keep ? `…${segments.slice(-keep).join('.')}` : label;
}
