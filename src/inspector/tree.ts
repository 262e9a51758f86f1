/**
 * The parts of the actor tree that are not XState actors: the hub at the root,
 * and under each sandbox its bridge with one entity proxy per entity the
 * sandbox registered, read from the host's own registries and states.
 */
import type { ActorView } from '../api/contract.js';
import type { Hub } from '../host/hub.js';
import { MAIN_GROUP } from '../host/router.js';
import { HUB_ACTOR_ID } from './collector.js';

export function hubActors(hub: Hub, now = Date.now()): ActorView[] {
  const node = (id: string, parentId: string, kind: string, state: string): ActorView => ({
    id,
    parentId,
    kind,
    machine: null,
    state,
    stateLabel: state,
    status: 'active',
    updatedAt: now,
  });
  const views: ActorView[] = [node(HUB_ACTOR_ID, '', 'hub', 'running')];
  const groupOfEntry = new Map(hub.entries.list().map((e) => [e.entryId, e.sandbox]));
  const byGroup = new Map<string, ActorView[]>();
  for (const entity of hub.entities.entries()) {
    const group = entity.configEntryId ? groupOfEntry.get(entity.configEntryId) : undefined;
    if (!group || group === MAIN_GROUP) continue;
    const state = hub.states.get(entity.entityId);
    if (!state) continue;
    const available = state.state === 'unavailable' ? 'unavailable' : 'available';
    const proxies = byGroup.get(group) ?? [];
    proxies.push(node(`proxy:${entity.entityId}`, `bridge:${group}`, 'proxy', available));
    byGroup.set(group, proxies);
  }
  for (const [group, proxies] of byGroup) {
    const down = proxies.some((p) => p.stateLabel === 'unavailable');
    views.push(
      node(`bridge:${group}`, `sandbox:${group}`, 'bridge', down ? 'unavailable' : 'live'),
      ...proxies,
    );
  }
  return views;
}
