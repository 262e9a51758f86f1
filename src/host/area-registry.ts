/**
 * The area registry: named places ("Living Room") that devices and entities sit in.
 * An area's id is a slug of the name it was created with and never changes, so a
 * rename keeps every reference to it valid.
 */

import { freeze, produce } from 'immer';
import { AreaExistsError, AreaNotFoundError, StoredDataError, ValidationError } from '../errors.js';
import type { EventBus } from './event-bus.js';
import { type Persisted, readVersioned } from './persisted.js';
import { firstFree, slugify } from './slug.js';
import { deepEqual } from './snapshot.js';

export interface AreaEntry {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly icon: string | null;
}

export interface AreaData {
  readonly version: 1;
  readonly areas: readonly AreaEntry[];
}

export interface AreaChanges {
  readonly name?: string;
  readonly aliases?: readonly string[];
  readonly icon?: string | null;
}

const STORE = 'area registry';

/** Names are unique ignoring case, width variants and whitespace ("Living room" = "living  Room"). */
export function normalizeAreaName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export class AreaRegistry {
  readonly #bus: EventBus;
  readonly #persisted: Persisted<AreaData>;
  readonly #areas = new Map<string, AreaEntry>();

  constructor(bus: EventBus, persisted: Persisted<AreaData>) {
    this.#bus = bus;
    this.#persisted = persisted;
  }

  /** Replace the contents with the persisted data (no events). */
  async load(): Promise<void> {
    const raw = await this.#persisted.load();
    this.#areas.clear();
    if (raw === undefined) return;
    const read = readVersioned(raw, 'areas', 1);
    if (!read.ok) throw new StoredDataError(STORE, read.reason);
    for (const item of read.items) {
      const area = item as Partial<AreaEntry>;
      if (typeof area.id !== 'string' || area.id === '' || typeof area.name !== 'string') {
        throw new StoredDataError(STORE, `an area has no id or name: ${JSON.stringify(item)}`);
      }
      if (this.#areas.has(area.id)) throw new StoredDataError(STORE, `area id "${area.id}" appears twice`);
      this.#areas.set(
        area.id,
        freeze(
          {
            id: area.id,
            name: area.name,
            aliases: Array.isArray(area.aliases) ? area.aliases.filter((a) => typeof a === 'string') : [],
            icon: typeof area.icon === 'string' ? area.icon : null,
          },
          true,
        ),
      );
    }
  }

  toData(): AreaData {
    return { version: 1, areas: [...this.#areas.values()] };
  }

  get(areaId: string): AreaEntry | undefined {
    return this.#areas.get(areaId);
  }

  list(): AreaEntry[] {
    return [...this.#areas.values()];
  }

  getByName(name: string): AreaEntry | undefined {
    const key = normalizeAreaName(name);
    for (const area of this.#areas.values()) if (normalizeAreaName(area.name) === key) return area;
    return undefined;
  }

  create({
    name,
    aliases = [],
    icon = null,
  }: {
    name: string;
    aliases?: readonly string[];
    icon?: string | null;
  }): AreaEntry {
    const trimmed = checkName(name);
    const existing = this.getByName(trimmed);
    if (existing) throw new AreaExistsError(trimmed, existing.id);
    const id = firstFree(slugify(trimmed) || 'area', (candidate) => this.#areas.has(candidate));
    const area: AreaEntry = freeze({ id, name: trimmed, aliases: checkAliases(aliases), icon }, true);
    this.#areas.set(id, area);
    this.#changed('create', id);
    return area;
  }

  /** The area with this name (ignoring case and spaces), created when there is none. */
  getOrCreateByName(name: string): AreaEntry {
    return this.getByName(checkName(name)) ?? this.create({ name });
  }

  update(areaId: string, changes: AreaChanges): AreaEntry {
    const area = this.#areas.get(areaId);
    if (!area) throw new AreaNotFoundError(areaId);
    const name = changes.name === undefined ? area.name : checkName(changes.name);
    const clash = this.getByName(name);
    if (clash && clash.id !== areaId) throw new AreaExistsError(name, clash.id);
    const next = produce(area, (draft) => {
      draft.name = name;
      const aliases = changes.aliases === undefined ? area.aliases : checkAliases(changes.aliases);
      if (!deepEqual(aliases, area.aliases)) draft.aliases = [...aliases];
      if (changes.icon !== undefined) draft.icon = changes.icon;
    });
    if (next === area) return area;
    this.#areas.set(areaId, next);
    this.#changed('update', areaId);
    return next;
  }

  /**
   * Remove an area. Devices and entities in it are cleared by their registries,
   * which listen for this `remove` event. False when there was no such area.
   */
  remove(areaId: string): boolean {
    if (!this.#areas.delete(areaId)) return false;
    this.#changed('remove', areaId);
    return true;
  }

  #changed(action: 'create' | 'update' | 'remove', areaId: string): void {
    this.#persisted.saveWith(() => this.toData());
    this.#bus.fire('area_registry_updated', { action, areaId });
  }
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '') {
    throw new ValidationError('an area needs a non-empty name, e.g. "Living Room"', [
      { message: 'expected a non-empty string', path: ['name'] },
    ]);
  }
  return trimmed;
}

function checkAliases(aliases: unknown): string[] {
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) {
    throw new ValidationError('area aliases must be a list of strings', [
      { message: 'expected a list of strings', path: ['aliases'] },
    ]);
  }
  return [...new Set(aliases.map((a: string) => a.trim()).filter((a) => a !== ''))];
}
