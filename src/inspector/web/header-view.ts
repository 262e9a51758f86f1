/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** The header: the live connection badge, the hub's vitals, and a line for errors. */
import type { StatusResponse } from '../../api/contract.js';
import type { ConnectionState } from './api.js';
import { h, setData, setText } from './dom.js';
import { formatDuration, formatMiB } from './format.js';

export class HeaderView {
  private readonly badge: HTMLButtonElement;
  private readonly stats: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  private connection: ConnectionState = { phase: 'connecting' };
  private status: { value: StatusResponse; receivedAt: number } | undefined;
  private counts = { actors: 0, events: 0 };
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(header: HTMLElement, onRetry: () => void) {
    this.badge = h('button', {
      id: 'connection',
      type: 'button',
      class: 'conn',
      title: 'live updates (/api/ws)',
    });
    this.badge.addEventListener('click', onRetry);
    this.stats = h('div', { class: 'hub-stats' });
    this.notice = h('div', { class: 'notice', role: 'status', hidden: true });
    header.append(
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo' }, 'Corral'),
        h('span', { class: 'sub' }, 'inspector'),
      ),
      this.badge,
      this.stats,
      this.notice,
    );
    this.renderConnection();
    setInterval(() => this.tick(), 1000);
  }

  setConnection(state: ConnectionState): void {
    this.connection = state;
    this.renderConnection();
    this.renderStats();
  }

  setStatus(status: StatusResponse): void {
    this.status = { value: status, receivedAt: Date.now() };
    this.renderStats();
  }

  setCounts(actors: number, events: number): void {
    this.counts = { actors, events };
    this.renderStats();
  }

  /** Shows an error or note for a few seconds. */
  note(message: string, tone: 'bad' | 'ok' = 'bad'): void {
    setText(this.notice, message);
    setData(this.notice, 'tone', tone);
    this.notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      this.notice.hidden = true;
    }, 6000);
  }

  private tick(): void {
    if (this.connection.phase === 'disconnected') this.renderConnection();
    this.renderStats();
  }

  private renderConnection(): void {
    const c = this.connection;
    setData(this.badge, 'phase', c.phase);
    if (c.phase === 'live') setText(this.badge, 'live');
    else if (c.phase === 'connecting') setText(this.badge, 'connecting…');
    else
      setText(this.badge, `disconnected · retry ${Math.max(0, Math.ceil((c.retryAt - Date.now()) / 1000))}s`);
  }

  private renderStats(): void {
    const parts: [string, string][] = [];
    if (this.status) {
      const s = this.status.value;
      const live = this.connection.phase === 'live';
      const uptime = s.uptimeMs + (live ? Date.now() - this.status.receivedAt : 0);
      parts.push(
        ['pid', String(s.pid)],
        ['up', formatDuration(uptime)],
        ['version', s.version],
        ['entities', String(s.entityCount)],
        ['entries', String(s.entryCount)],
        ['host rss', formatMiB(s.hostRssBytes)],
        // Said where the operator looks: a hub whose sandboxes lack the OS boundary.
        [
          'isolation',
          s.isolation.reduced ? `REDUCED (${s.isolation.os}): ${s.isolation.reduced}` : s.isolation.os,
        ],
      );
    }
    parts.push(['actors', String(this.counts.actors)], ['events', String(this.counts.events)]);
    const key = parts.map(([k, v]) => `${k}=${v}`).join(';');
    if (this.stats.dataset.key === key) return;
    this.stats.dataset.key = key;
    this.stats.replaceChildren(
      ...parts.map(([label, value]) =>
        h('span', { class: 'stat' }, h('span', { class: 'label' }, label), value),
      ),
    );
  }
}
