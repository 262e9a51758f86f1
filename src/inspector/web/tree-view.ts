/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The live actor tree: hub → supervisor → sandboxes → process/channel, entries,
 * flows, bridges → proxies. One keyed element per actor, updated in place and
 * moved only when the order changes; every actor stays in the DOM (hidden when
 * its parent is collapsed) so `[data-actor-id]` always finds it.
 */
import type { ActorView } from '../../api/contract.js';
import {
  type ActorTree,
  ancestorsOf,
  buildTree,
  COLLAPSE_OVER,
  descendantCount,
  displayId,
  filterTree,
  HUB_ID,
  kindCounts,
} from './actor-tree.js';
import { flash, h, reconcileChildren, setData, setText } from './dom.js';
import { shortStateLabel, stateTone } from './format.js';

interface NodeElements {
  readonly item: HTMLLIElement;
  readonly row: HTMLDivElement;
  readonly caret: HTMLButtonElement;
  readonly count: HTMLSpanElement;
  readonly pill: HTMLSpanElement;
  readonly list: HTMLUListElement;
}

export interface TreeViewOptions {
  readonly onSelect: (id: string) => void;
}

export class ActorTreeView {
  private readonly nodes = new Map<string, NodeElements>();
  /** The parent each node was placed under, to notice when the tree's shape changes. */
  private readonly parents = new Map<string, string>();
  /** The user's expand/collapse choices; a node without one follows `COLLAPSE_OVER`. */
  private readonly expanded = new Map<string, boolean>();
  private readonly hub: NodeElements;
  private readonly total: HTMLSpanElement;
  private actors: ReadonlyMap<string, ActorView> = new Map();
  private tree: ActorTree = { children: new Map(), parentOf: new Map() };
  private query = '';
  private selected: string | undefined;

  constructor(
    panel: HTMLElement,
    private readonly options: TreeViewOptions,
  ) {
    this.total = h('span', { class: 'panel-count' });
    const search = h('input', {
      type: 'search',
      class: 'filter',
      placeholder: 'filter actors: id, kind, state…',
      'aria-label': 'Filter actors',
      spellcheck: 'false',
    });
    search.addEventListener('input', () => {
      this.query = search.value;
      this.layout();
    });
    this.hub = this.createNode(HUB_ID);
    setData(this.hub.row, 'kind', 'hub');
    this.setState(this.hub, 'running', 'running', false);
    const root = h('ul', { id: 'tree', class: 'tree', role: 'tree' }, this.hub.item);
    panel.append(
      h('div', { class: 'panel-head' }, h('h2', {}, 'Actors'), this.total),
      h('div', { class: 'panel-tools' }, search),
      h('div', { class: 'panel-body tree-scroll' }, root),
    );
  }

  /** Applies the current actors; `changed` are the ids whose view changed since the last call. */
  update(actors: ReadonlyMap<string, ActorView>, changed: ReadonlySet<string> | 'all'): void {
    this.actors = actors;
    let removed = false;
    for (const [id, node] of this.nodes) {
      if (!actors.has(id)) {
        node.item.remove();
        this.nodes.delete(id);
        this.parents.delete(id);
        removed = true;
      }
    }
    // Most updates only move a state; the tree's shape changes when actors come, go or move.
    let reshaped = changed === 'all' || removed;
    const ids = changed === 'all' ? actors.keys() : changed;
    for (const id of ids) {
      const actor = actors.get(id);
      if (!actor) continue;
      if (id !== HUB_ID && this.parents.get(id) !== actor.parentId) {
        this.parents.set(id, actor.parentId);
        reshaped = true;
      }
      this.render(actor, changed !== 'all');
    }
    if (reshaped) this.tree = buildTree(actors);
    // A filter matches state labels too, so it may show or hide rows on any change.
    if (reshaped || this.query.trim() !== '') this.layout();
    setText(this.total, String(actors.size));
  }

  /** Dims the whole tree while the page is not receiving updates: what it shows may be stale. */
  setLive(live: boolean): void {
    this.hub.item.parentElement?.classList.toggle('stale', !live);
  }

  select(id: string | undefined): void {
    if (this.selected !== undefined) this.nodeOf(this.selected)?.row.classList.remove('selected');
    this.selected = id;
    if (id === undefined) return;
    const node = this.nodeOf(id);
    if (!node) return;
    node.row.classList.add('selected');
    let opened = false;
    for (const up of ancestorsOf(this.tree, id)) {
      if (!this.isExpanded(up)) {
        this.expanded.set(up, true);
        opened = true;
      }
    }
    if (opened) this.layout();
    node.row.scrollIntoView({ block: 'nearest' });
  }

  private nodeOf(id: string): NodeElements | undefined {
    return id === HUB_ID ? this.hub : this.nodes.get(id);
  }

  private createNode(id: string): NodeElements {
    const caret = h('button', { class: 'caret', type: 'button', tabindex: -1, 'aria-label': 'Expand' });
    const count = h('span', { class: 'count' });
    const pill = h('span', { class: 'state-pill' });
    const row = h(
      'div',
      { class: 'node-row', role: 'treeitem', tabindex: 0, 'data-actor-id': id, 'data-state': '' },
      caret,
      h('span', { class: 'dot' }),
      h('span', { class: 'id' }, h('span', { class: 'id-prefix' }), h('span', { class: 'id-name' }, id)),
      count,
      pill,
    );
    const list = h('ul', { class: 'children', role: 'group' });
    const item = h('li', { class: 'node' }, row, list);
    caret.addEventListener('click', (ev) => {
      ev.stopPropagation();
      this.expanded.set(id, !this.isExpanded(id));
      this.layout();
    });
    row.addEventListener('click', () => this.options.onSelect(id));
    row.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        this.options.onSelect(id);
      } else if (ev.key === 'ArrowRight' || ev.key === 'ArrowLeft') {
        this.expanded.set(id, ev.key === 'ArrowRight');
        this.layout();
      }
    });
    return { item, row, caret, count, pill, list };
  }

  private render(actor: ActorView, live: boolean): void {
    if (actor.id === HUB_ID) {
      this.setState(this.hub, actor.stateLabel, actor.stateLabel, live);
      return;
    }
    let node = this.nodes.get(actor.id);
    if (!node) {
      node = this.createNode(actor.id);
      this.nodes.set(actor.id, node);
      live = false;
    }
    const { prefix, name, tagKind } = displayId(actor.id, actor.kind, actor.parentId);
    const prefixEl = node.row.querySelector<HTMLElement>('.id-prefix')!;
    setText(prefixEl, tagKind ? `${actor.kind} ` : prefix);
    prefixEl.classList.toggle('kind-tag', tagKind);
    setText(node.row.querySelector('.id-name')!, name);
    setData(node.row, 'kind', actor.kind);
    setData(node.row, 'status', actor.status);
    node.row.title = `${actor.id}\nkind: ${actor.kind}\nstate: ${actor.stateLabel}\nstatus: ${actor.status}`;
    const short = shortStateLabel(actor.stateLabel);
    const pill =
      actor.status === 'active' || short === actor.status
        ? short
        : [short, actor.status].filter(Boolean).join(' · ');
    this.setState(node, actor.stateLabel, pill, live);
  }

  private setState(node: NodeElements, label: string, pill: string, live: boolean): void {
    const before = { label: node.row.dataset.state, tone: node.row.dataset.tone };
    const tone = stateTone(label);
    setData(node.row, 'state', label);
    setText(node.pill, pill);
    setData(node.row, 'tone', tone);
    // Rows inside a collapsed list are not drawn; animating them would be wasted work.
    if (!live || before.label === label || node.item.closest('[hidden]')) return;
    // A heartbeat moves a state every few seconds: only a change of health flashes hard.
    flash(node.row, before.tone === tone ? 'rowSubtle' : 'row');
  }

  private isExpanded(id: string): boolean {
    const choice = this.expanded.get(id);
    if (choice !== undefined) return choice;
    return (this.tree.children.get(id)?.length ?? 0) <= COLLAPSE_OVER;
  }

  /** Places every node under its parent in order and applies collapse and filter. */
  private layout(): void {
    const keep = filterTree(this.tree, this.actors, this.query);
    const place = (id: string, node: NodeElements) => {
      const kids = this.tree.children.get(id) ?? [];
      const elements: HTMLLIElement[] = [];
      for (const kid of kids) {
        const child = this.nodes.get(kid);
        if (!child) continue;
        child.item.hidden = keep !== undefined && !keep.has(kid);
        place(kid, child);
        elements.push(child.item);
      }
      reconcileChildren(node.list, elements);
      const open = keep !== undefined || this.isExpanded(id);
      node.list.hidden = !open || kids.length === 0;
      node.caret.classList.toggle('leaf', kids.length === 0);
      setText(node.caret, open ? '▾' : '▸');
      node.caret.setAttribute('aria-label', open ? 'Collapse' : 'Expand');
      if (kids.length > 0) node.row.setAttribute('aria-expanded', String(open));
      else node.row.removeAttribute('aria-expanded');
      setText(node.count, kids.length === 0 || open ? '' : this.summary(id));
    };
    place(HUB_ID, this.hub);
  }

  private summary(id: string): string {
    const parts = kindCounts(this.tree, this.actors, id).map(
      ({ kind, count }) => `${count} ${plural(kind, count)}`,
    );
    const deep = descendantCount(this.tree, id);
    const direct = this.tree.children.get(id)?.length ?? 0;
    return deep > direct ? `${parts.join(', ')} (+${deep - direct})` : parts.join(', ');
  }
}

function plural(word: string, count: number): string {
  if (count === 1) return word;
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}
