/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * One card per sandbox group: lifecycle state, pid, the restart budget as a
 * bar, memory and message rates with a minute of history, the last failure,
 * and the demo fault buttons (crash / hang) for watching supervision work.
 */
import type { GroupStatus, StatusResponse } from '../../api/contract.js';
import { flash, h, reconcileChildren, setData, setText } from './dom.js';
import { formatMiB, formatPeriod, formatRate, stateTone } from './format.js';

const HISTORY = 60;
const SVG = 'http://www.w3.org/2000/svg';

export interface GroupsViewOptions {
  readonly onSelect: (group: string) => void;
  readonly onFault: (kind: 'crash' | 'hang', group: string) => Promise<void>;
}

interface Card {
  readonly el: HTMLDivElement;
  readonly badge: HTMLSpanElement;
  readonly pid: HTMLSpanElement;
  readonly budget: HTMLDivElement;
  readonly budgetText: HTMLSpanElement;
  readonly total: HTMLSpanElement;
  readonly memory: HTMLSpanElement;
  readonly memorySpark: SVGSVGElement;
  readonly rates: HTMLSpanElement;
  readonly rateSpark: SVGSVGElement;
  readonly entries: HTMLSpanElement;
  readonly failure: HTMLDivElement;
  readonly rateHistory: number[];
  readonly memoryHistory: number[];
}

export class GroupsView {
  private readonly list: HTMLDivElement;
  private readonly counter: HTMLSpanElement;
  private readonly cards = new Map<string, Card>();

  constructor(
    panel: HTMLElement,
    private readonly options: GroupsViewOptions,
  ) {
    this.list = h('div', { id: 'groups', class: 'groups' });
    this.counter = h('span', { class: 'panel-count' });
    panel.append(
      h('div', { class: 'panel-head' }, h('h2', {}, 'Sandbox groups'), this.counter),
      h('div', { class: 'panel-body groups-scroll' }, this.list),
    );
    this.list.append(h('div', { class: 'empty' }, 'waiting for status…'));
  }

  update(status: StatusResponse): void {
    const seen = new Set<string>();
    const ordered = [...status.groups].sort((a, b) => a.group.localeCompare(b.group));
    const elements: HTMLElement[] = [];
    for (const group of ordered) {
      seen.add(group.group);
      let card = this.cards.get(group.group);
      if (!card) {
        card = this.createCard(group.group);
        this.cards.set(group.group, card);
      }
      this.render(card, group);
      elements.push(card.el);
    }
    for (const [name, card] of this.cards) {
      if (!seen.has(name)) {
        card.el.remove();
        this.cards.delete(name);
      }
    }
    if (elements.length === 0) elements.push(h('div', { class: 'empty' }, 'no sandbox groups'));
    reconcileChildren(this.list, elements);
    setText(this.counter, String(status.groups.length));
  }

  private createCard(group: string): Card {
    const badge = h('span', { class: 'badge' });
    const pid = h('span', { class: 'mono' });
    const budget = h('div', { class: 'budget-bar' });
    const budgetText = h('span', { class: 'mono' });
    const total = h('span', { class: 'mono' });
    const memory = h('span', { class: 'mono' });
    const rates = h('span', { class: 'mono' });
    const entries = h('span', { class: 'mono' });
    const failure = h('div', { class: 'failure' });
    const memorySpark = sparkline();
    const rateSpark = sparkline();
    const faults = (['crash', 'hang'] as const).map((kind) => {
      const button = h(
        'button',
        { type: 'button', class: `btn btn-${kind}`, title: `POST /api/demo/${kind}` },
        kind,
      );
      button.addEventListener('click', (ev) => {
        ev.stopPropagation();
        button.disabled = true;
        this.options.onFault(kind, group).finally(() => {
          button.disabled = false;
        });
      });
      return button;
    });
    const el = h(
      'div',
      { class: 'group-card', 'data-group': group, 'data-state': '', tabindex: 0 },
      h('div', { class: 'group-head' }, h('span', { class: 'group-name mono' }, group), badge),
      h(
        'div',
        { class: 'group-grid' },
        h('span', { class: 'label' }, 'pid'),
        h('span', { class: 'value' }, pid),
        h('span', { class: 'label' }, 'restarts'),
        h('span', { class: 'value budget' }, budget, budgetText),
        h('span', { class: 'label' }, 'total'),
        h('span', { class: 'value' }, total),
        h('span', { class: 'label' }, 'memory'),
        h('span', { class: 'value spark-row' }, memory, memorySpark),
        h('span', { class: 'label' }, 'msgs/s'),
        h('span', { class: 'value spark-row' }, rates, rateSpark),
        h('span', { class: 'label' }, 'entries'),
        h('span', { class: 'value' }, entries),
      ),
      failure,
      h('div', { class: 'group-actions' }, ...faults),
    );
    el.addEventListener('click', () => this.options.onSelect(group));
    el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.options.onSelect(group);
    });
    return {
      el,
      badge,
      pid,
      budget,
      budgetText,
      total,
      memory,
      memorySpark,
      rates,
      rateSpark,
      entries,
      failure,
      rateHistory: [],
      memoryHistory: [],
    };
  }

  private render(card: Card, group: GroupStatus): void {
    const tone = stateTone(group.state);
    // Heartbeats move the state every few seconds; flash only a change of health.
    if (card.el.dataset.tone && card.el.dataset.tone !== tone) flash(card.badge, 'badge');
    setData(card.el, 'state', group.state);
    setData(card.el, 'tone', tone);
    setText(card.badge, group.state);
    setData(card.badge, 'tone', tone);

    const pid = group.pid === null ? '—' : String(group.pid);
    if (card.pid.textContent && card.pid.textContent !== pid && group.pid !== null) flash(card.pid, 'badge');
    setText(card.pid, pid);

    const { recent, intensity, periodMs } = group.restarts;
    renderBudget(card.budget, recent, intensity);
    setText(card.budgetText, `${recent} / ${intensity} in ${formatPeriod(periodMs)}`);
    setText(card.total, String(group.totalRestarts));

    push(card.memoryHistory, group.rssBytes ?? 0);
    setText(card.memory, formatMiB(group.rssBytes));
    drawSparkline(card.memorySpark, card.memoryHistory, true);

    push(card.rateHistory, group.rates.inPerSec + group.rates.outPerSec);
    setText(card.rates, `↓${formatRate(group.rates.inPerSec)} ↑${formatRate(group.rates.outPerSec)}`);
    card.rates.title = `in ${group.rates.inPerSec}/s, out ${group.rates.outPerSec}/s\ncalls in ${group.messages.callsIn}, calls out ${group.messages.callsOut}\npushes in ${group.messages.pushesIn}, pushes out ${group.messages.pushesOut}`;
    drawSparkline(card.rateSpark, card.rateHistory);

    setText(card.entries, String(group.entries.length));
    card.entries.title = group.entries.join('\n');
    setText(card.failure, group.lastFailure ? `last failure: ${group.lastFailure}` : '');
    card.failure.hidden = !group.lastFailure;
  }
}

/** One segment per allowed restart (a plain bar past 20), filled up to `recent`. */
function renderBudget(bar: HTMLElement, recent: number, intensity: number): void {
  const ratio = intensity > 0 ? recent / intensity : recent > 0 ? 1 : 0;
  setData(bar, 'level', ratio >= 1 ? 'bad' : ratio >= 0.5 ? 'warn' : 'ok');
  const segments = intensity > 0 && intensity <= 20 ? intensity : 1;
  if (bar.childElementCount !== segments) {
    bar.replaceChildren(...Array.from({ length: segments }, () => h('span', { class: 'seg' })));
  }
  if (segments === 1) {
    const seg = bar.firstElementChild as HTMLElement;
    seg.style.setProperty('--fill', `${Math.min(1, ratio) * 100}%`);
    seg.classList.toggle('partial', true);
    return;
  }
  [...bar.children].forEach((seg, i) => {
    seg.classList.toggle('used', i < recent);
  });
}

function push(history: number[], value: number): void {
  history.push(value);
  if (history.length > HISTORY) history.shift();
}

function sparkline(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${HISTORY} 20`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.append(document.createElementNS(SVG, 'polyline'));
  return svg;
}

/** Scaled from zero, or between the minute's min and max when `spread` (memory moves little). */
function drawSparkline(svg: SVGSVGElement, values: readonly number[], spread = false): void {
  const max = Math.max(...values);
  const min = spread ? Math.min(...values) : 0;
  const range = max - min || 1;
  const offset = HISTORY - values.length;
  const points = values
    .map((v, i) => `${offset + i},${(19 - ((v - min) / range) * 18).toFixed(1)}`)
    .join(' ');
  svg.firstElementChild?.setAttribute('points', points);
}
