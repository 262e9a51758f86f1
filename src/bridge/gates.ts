/**
 * The trust gates between the host and one untrusted sandbox group. Each is a
 * pure function of host-side state — never of anything the sandbox claims about
 * itself — and says in one line what a compromised sandbox could do without it.
 * The bridge and the store server call them (the flow manager calls the flow cap,
 * which holds for every flow); each has a forged-frame test. The caps bound how
 * much a group can make the host keep, from counts the host keeps itself.
 */
import type { ConfigEntryRecord } from '../host/config-entries.js';
import { type DeviceEntry, findMatchingDevices } from '../host/device-registry.js';
import { isOwnEvent } from '../host/entry-runtime.js';
import type { SandboxCapsPolicy, StorePolicy } from '../policy.js';
import type { DeviceInfo } from '../sdk/types.js';

/** Event-type prefixes of the hub itself: no domain, however it is named, may fire in them. */
const CORE_EVENT_PREFIXES = ['hub_'] as const;

/** Keys of a group's store the host writes and the sandbox only reads (restore-state). */
const HOST_KEY_PREFIX = 'core.';

// A sandbox could otherwise register entities and devices against a victim integration's config entry.
export function ownsEntry(
  entry: Pick<ConfigEntryRecord, 'sandbox'> | undefined,
  group: string,
): entry is ConfigEntryRecord {
  return entry !== undefined && entry.sandbox === group;
}

/**
 * The domains a group owns: those of the entries main routed to it, plus the
 * entity platforms of the proxies it placed. Derived from host state only.
 */
export function ownedDomains(
  group: string,
  entries: Iterable<Pick<ConfigEntryRecord, 'sandbox' | 'domain'>>,
  proxyPlatforms: Iterable<string>,
): Set<string> {
  const owned = new Set<string>(proxyPlatforms);
  for (const entry of entries) if (entry.sandbox === group) owned.add(entry.domain);
  return owned;
}

// A setup the host gave up on (timed out, failed) or an unloaded entry could otherwise keep placing entities.
export function entryAcceptsEntities(entryState: string): boolean {
  return entryState === 'setup_in_progress' || entryState === 'loaded';
}

// A sandbox could otherwise act (services, events) in the name of an integration it does not run.
export function ownsDomain(owned: ReadonlySet<string>, domain: string): boolean {
  return owned.has(domain);
}

// A sandbox could otherwise fire core control-plane events (hub_stop, state_changed) or another integration's events.
export function isEventAllowed(eventType: string, owned: ReadonlySet<string>): boolean {
  if (CORE_EVENT_PREFIXES.some((prefix) => eventType.startsWith(prefix))) return false;
  for (const domain of owned) if (isOwnEvent(domain, eventType)) return true;
  return false;
}

// A sandbox could otherwise hijack a device of an integration outside its group by claiming its identifiers.
export function refusesForeignDeviceMerge(
  devices: Iterable<DeviceEntry>,
  deviceInfo: DeviceInfo | null,
  groupEntryIds: ReadonlySet<string>,
): boolean {
  if (!deviceInfo) return false;
  const matches = findMatchingDevices(devices, deviceInfo.identifiers ?? [], deviceInfo.connections ?? []);
  return matches.some((device) => device.configEntries.some((entryId) => !groupEntryIds.has(entryId)));
}

// A sandbox could otherwise take over the registry entry (entity id, user settings) of an entity of another group.
export function refusesForeignEntityClaim(
  registryEntry: { readonly configEntryId: string | null } | undefined,
  groupEntryIds: ReadonlySet<string>,
): boolean {
  return (
    registryEntry !== undefined &&
    registryEntry.configEntryId !== null &&
    !groupEntryIds.has(registryEntry.configEntryId)
  );
}

// In an owned domain, and free or the group's own (a re-registration replaces only its own handler):
// a sandbox could otherwise squat any domain's services or replace a handler another integration owns.
export function canRegisterService(
  domain: string,
  service: string,
  owned: ReadonlySet<string>,
  services: { has(domain: string, service: string): boolean },
  ownServices: ReadonlySet<string> = new Set(),
): boolean {
  if (!ownsDomain(owned, domain)) return false;
  return !services.has(domain, service) || ownServices.has(serviceKey(domain, service));
}

// A sandbox could otherwise unregister services it never registered (light.turn_on, another integration's).
export function canUnregisterService(
  domain: string,
  service: string,
  ownServices: ReadonlySet<string>,
): boolean {
  return ownServices.has(serviceKey(domain, service));
}

/** How the bridge names a service it registered. */
export function serviceKey(domain: string, service: string): string {
  return `${domain.toLowerCase()}.${service.toLowerCase()}`;
}

// A sandbox could otherwise rewrite the UI strings of an integration it does not run (requested ∩ returned only).
export function narrowTranslations(
  requested: Iterable<string>,
  returned: unknown,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  if (!isObject(returned)) return out;
  for (const domain of new Set(requested)) {
    if (!Object.hasOwn(returned, domain)) continue;
    const strings = returned[domain];
    if (!isObject(strings)) continue;
    const kept: Record<string, string> = {};
    for (const [key, text] of Object.entries(strings)) if (typeof text === 'string') kept[key] = text;
    out[domain] = kept;
  }
  return out;
}

// A sandbox could otherwise overwrite what the host keeps for it (its restore-state) with anything it likes.
export function sandboxMayWriteKey(key: string): boolean {
  return !key.startsWith(HOST_KEY_PREFIX);
}

// A sandbox could otherwise make the host parse and keep one huge value.
export function exceedsValueLimit(valueBytes: number, policy: Pick<StorePolicy, 'maxValueBytes'>): boolean {
  return valueBytes > policy.maxValueBytes;
}

// Why writing under `key` would break the group's quotas (`stored`: each key's size on disk), or undefined:
// a sandbox could otherwise fill the host's disk through the store channel.
export function storeQuotaProblem(
  stored: ReadonlyMap<string, number>,
  key: string,
  valueBytes: number,
  fileBytes: number,
  policy: Pick<StorePolicy, 'maxValueBytes' | 'maxGroupBytes' | 'maxGroupKeys'>,
): string | undefined {
  if (exceedsValueLimit(valueBytes, policy)) {
    return `the value is ${valueBytes} bytes, more than the ${policy.maxValueBytes}-byte limit per key`;
  }
  if (!stored.has(key) && stored.size + 1 > policy.maxGroupKeys) {
    return `the group already holds ${stored.size} keys, the limit is ${policy.maxGroupKeys}; remove keys it no longer needs`;
  }
  let total = fileBytes;
  for (const [other, size] of stored) if (other !== key) total += size;
  if (total > policy.maxGroupBytes) {
    return `the group would hold ${total} bytes, more than its ${policy.maxGroupBytes}-byte quota`;
  }
  return undefined;
}

/** A sandbox could otherwise make the host keep any number of entities (20 000 cost the host 100 MiB). */
export function entityCapReached(
  held: number,
  caps: Pick<SandboxCapsPolicy, 'maxEntitiesPerGroup'>,
): boolean {
  return held >= caps.maxEntitiesPerGroup;
}

/** A sandbox could otherwise make the host keep attributes of any size for one entity (up to a 16 MiB frame). */
export function exceedsEntityAttributeCap(
  entityBytes: number,
  caps: Pick<SandboxCapsPolicy, 'maxAttributeBytesPerEntity'>,
): boolean {
  return entityBytes > caps.maxAttributeBytesPerEntity;
}

/** A sandbox could otherwise fill the host's memory with many entities whose attributes each pass the per-entity cap. */
export function exceedsGroupAttributeCap(
  groupBytes: number,
  caps: Pick<SandboxCapsPolicy, 'maxAttributeBytesPerGroup'>,
): boolean {
  return groupBytes > caps.maxAttributeBytesPerGroup;
}

/** A sandbox could otherwise make the host keep any number of service handlers and schemas. */
export function serviceCapReached(
  held: number,
  caps: Pick<SandboxCapsPolicy, 'maxServicesPerGroup'>,
): boolean {
  return held >= caps.maxServicesPerGroup;
}

/** Whoever starts flows (a client, an integration's flow) could otherwise keep any number open, each held until it ends. */
export function flowCapReached(
  open: number,
  caps: Pick<SandboxCapsPolicy, 'maxOpenFlowsPerDomain'>,
): boolean {
  return open >= caps.maxOpenFlowsPerDomain;
}

/** A group's event allowance: `tokens` left as of `at` (ms); it refills at the sustained rate. */
export interface EventBucket {
  readonly tokens: number;
  readonly at: number;
}

/** A full bucket at `now`. */
export function fullEventBucket(now: number, caps: Pick<SandboxCapsPolicy, 'eventBurst'>): EventBucket {
  return { tokens: caps.eventBurst, at: now };
}

/**
 * A sandbox could otherwise flood the host's bus, and every listener on it, with events faster than
 * they can be handled. A token bucket: `allowed` takes one token; the caller keeps `bucket`.
 */
export function eventWithinRate(
  bucket: EventBucket,
  now: number,
  caps: Pick<SandboxCapsPolicy, 'eventsPerSecond' | 'eventBurst'>,
): { readonly allowed: boolean; readonly bucket: EventBucket } {
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(caps.eventBurst, bucket.tokens + (elapsed * caps.eventsPerSecond) / 1000);
  if (tokens < 1) return { allowed: false, bucket: { tokens, at: now } };
  return { allowed: true, bucket: { tokens: tokens - 1, at: now } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
