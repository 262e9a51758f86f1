import { describe, expect, it } from 'vitest';
import type { ActorView } from '../../src/api/contract.js';
import {
  ancestorsOf,
  buildTree,
  descendantCount,
  displayId,
  expiredActors,
  filterTree,
  HUB_ID,
  kindCounts,
} from '../../src/inspector/web/actor-tree.js';

function actor(id: string, parentId: string, kind: string, stateLabel = 'running'): ActorView {
  return { id, parentId, kind, machine: null, state: stateLabel, stateLabel, status: 'active', updatedAt: 0 };
}

function actors(...list: ActorView[]): Map<string, ActorView> {
  return new Map(list.map((a) => [a.id, a]));
}

const hub = actors(
  actor('proxy:light.b', 'bridge:demo', 'proxy', 'on'),
  actor('entry:01B', HUB_ID, 'entry', 'loaded'),
  actor('bridge:demo', HUB_ID, 'bridge'),
  actor('channel:demo', 'sandbox:demo', 'channel', 'open'),
  actor('sandbox:demo', 'supervisor', 'sandbox', 'live.running.waiting'),
  actor('process:demo', 'sandbox:demo', 'process'),
  actor('supervisor', HUB_ID, 'supervisor'),
  actor('flow:01F', HUB_ID, 'flow', 'waiting'),
  actor('proxy:light.a', 'bridge:demo', 'proxy', 'off'),
  actor('entry:01A', HUB_ID, 'entry', 'setup_retry'),
);

describe('buildTree', () => {
  it('orders the hub roots supervisor, entries, flows, bridges', () => {
    expect(buildTree(hub).children.get(HUB_ID)).toEqual([
      'supervisor',
      'entry:01A',
      'entry:01B',
      'flow:01F',
      'bridge:demo',
    ]);
  });

  it('puts a sandbox process before its channel', () => {
    expect(buildTree(hub).children.get('sandbox:demo')).toEqual(['process:demo', 'channel:demo']);
  });

  it('sorts numbered ids in numeric order', () => {
    const many = actors(
      actor('bridge:z', HUB_ID, 'bridge'),
      ...[10, 2, 1].map((n) => actor(`proxy:sensor.node_${n}`, 'bridge:z', 'proxy')),
    );
    expect(buildTree(many).children.get('bridge:z')).toEqual([
      'proxy:sensor.node_1',
      'proxy:sensor.node_2',
      'proxy:sensor.node_10',
    ]);
  });

  it('treats an actor with the hub id as the root, not as a child of itself', () => {
    const tree = buildTree(actors(actor(HUB_ID, '', 'hub'), actor('supervisor', HUB_ID, 'supervisor')));
    expect(tree.children.get(HUB_ID)).toEqual(['supervisor']);
    expect(tree.parentOf.has(HUB_ID)).toBe(false);
  });

  it('hangs an actor whose parent is unknown off the hub', () => {
    const tree = buildTree(actors(actor('channel:x', 'sandbox:gone', 'channel')));
    expect(tree.children.get(HUB_ID)).toEqual(['channel:x']);
    expect(tree.parentOf.get('channel:x')).toBe(HUB_ID);
  });

  it('keeps every member of a parent cycle reachable from the hub', () => {
    const tree = buildTree(actors(actor('a', 'b', 'x'), actor('b', 'a', 'x'), actor('self', 'self', 'x')));
    const reachable = new Set<string>();
    const walk = (id: string) => {
      for (const child of tree.children.get(id) ?? []) {
        reachable.add(child);
        walk(child);
      }
    };
    walk(HUB_ID);
    expect([...reachable].sort()).toEqual(['a', 'b', 'self']);
  });
});

describe('tree queries', () => {
  const tree = buildTree(hub);

  it('lists ancestors nearest first, without the hub', () => {
    expect(ancestorsOf(tree, 'channel:demo')).toEqual(['sandbox:demo', 'supervisor']);
  });

  it('counts descendants at any depth', () => {
    expect(descendantCount(tree, 'supervisor')).toBe(3);
    expect(descendantCount(tree, HUB_ID)).toBe(10);
  });

  it('summarises direct children by kind', () => {
    expect(kindCounts(tree, hub, 'bridge:demo')).toEqual([{ kind: 'proxy', count: 2 }]);
  });
});

describe('filterTree', () => {
  const tree = buildTree(hub);

  it('shows everything for an empty query', () => {
    expect(filterTree(tree, hub, '  ')).toBeUndefined();
  });

  it('keeps matches and their ancestors', () => {
    expect([...(filterTree(tree, hub, 'CHANNEL') ?? [])].sort()).toEqual([
      'channel:demo',
      'sandbox:demo',
      'supervisor',
    ]);
  });

  it('matches state labels and needs every word', () => {
    expect([...(filterTree(tree, hub, 'proxy on') ?? [])].sort()).toEqual(['bridge:demo', 'proxy:light.b']);
    expect([...(filterTree(tree, hub, 'setup_retry') ?? [])]).toEqual(['entry:01A']);
  });
});

describe('displayId', () => {
  it('dims the kind prefix of an id that carries it', () => {
    expect(displayId('sandbox:built-in.demo_light', 'sandbox', 'supervisor')).toEqual({
      prefix: 'sandbox:',
      name: 'built-in.demo_light',
      tagKind: false,
    });
  });

  it("writes a child's id relative to its parent", () => {
    expect(displayId('sandbox:x/process', 'process', 'sandbox:x')).toEqual({
      prefix: '…/',
      name: 'process',
      tagKind: false,
    });
  });

  it('tags the kind when the id does not say it', () => {
    expect(displayId('proc:1', 'process', HUB_ID).tagKind).toBe(true);
    expect(displayId('supervisor', 'supervisor', HUB_ID).tagKind).toBe(false);
  });
});

describe('expiredActors', () => {
  it('lists actors that ended longer ago than the keep time, never active ones', () => {
    const list = actors(
      { ...actor('old', HUB_ID, 'flow'), status: 'done', updatedAt: 0 },
      { ...actor('recent', HUB_ID, 'flow'), status: 'stopped', updatedAt: 25_000 },
      { ...actor('quiet', HUB_ID, 'flow'), updatedAt: 0 },
    );
    expect(expiredActors(list, 40_000, 30_000)).toEqual(['old']);
  });
});
