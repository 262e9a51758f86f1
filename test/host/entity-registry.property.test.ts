import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CorralError } from '../../src/errors.js';
import { isValidEntityId } from '../../src/host/entity-id.js';
import { hostCore } from './support.js';

const domain = fc.constantFrom('light', 'switch');
const platform = fc.constantFrom('hue', 'zha');
const uniqueId = fc.constantFrom('1', '2', '3', '4');
const name = fc.constantFrom('kitchen', 'Kitchen', 'kitchen_2', 'hall', '***', undefined);

const op = fc.oneof(
  fc.record({ kind: fc.constant('getOrCreate' as const), domain, platform, uniqueId, name }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), to: name }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('state' as const),
    entityId: fc.constantFrom('light.kitchen_2', 'switch.hall'),
  }),
);

describe('EntityRegistry properties', () => {
  test('property: entity ids stay unique, valid and free of foreign states under any getOrCreate/update/remove', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { entities, states } = hostCore();
        for (const o of ops) {
          const all = entities.entries();
          const picked = all.length > 0 ? all[('pick' in o ? o.pick : 0) % all.length] : undefined;
          try {
            if (o.kind === 'getOrCreate') {
              const before = new Set(states.all().map((s) => s.entityId));
              const wasKnown = entities.entityIdFor(o.domain, o.platform, o.uniqueId) !== undefined;
              const entry = entities.getOrCreate({ ...o, suggestedObjectId: o.name });
              // A new entity never takes an id that already has a foreign state.
              if (!wasKnown) expect(before.has(entry.entityId)).toBe(false);
            } else if (o.kind === 'rename' && picked) {
              entities.update(picked.entityId, { newEntityId: `${picked.domain}.${o.to ?? 'x'}` });
            } else if (o.kind === 'remove' && picked) {
              entities.remove(picked.entityId);
            } else if (o.kind === 'state' && !entities.get(o.entityId)) {
              states.set(o.entityId, 'on');
            }
          } catch (error) {
            // Refusals (taken or malformed ids) must be typed, and leave the registry as it was.
            expect(error).toBeInstanceOf(CorralError);
            expect(entities.entries()).toEqual(all);
          }
          const ids = entities.entries().map((e) => e.entityId);
          expect(new Set(ids).size).toBe(ids.length);
          for (const entry of entities.entries()) {
            expect(isValidEntityId(entry.entityId)).toBe(true);
            expect(entry.entityId.startsWith(`${entry.domain}.`)).toBe(true);
            expect(entities.entityIdFor(entry.domain, entry.platform, entry.uniqueId)).toBe(entry.entityId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('property: getOrCreate is idempotent for the same (domain, platform, uniqueId)', () => {
    const registration = fc.record(
      {
        domain,
        platform,
        uniqueId,
        suggestedObjectId: name,
        originalName: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        supportedFeatures: fc.nat({ max: 64 }),
        capabilities: fc.option(fc.dictionary(fc.constantFrom('a', 'b'), fc.integer()), { nil: undefined }),
        disabledByDefault: fc.boolean(),
      },
      { requiredKeys: ['domain', 'platform', 'uniqueId'] },
    );
    fc.assert(
      fc.property(fc.array(registration, { maxLength: 5 }), registration, (setup, r) => {
        const { entities, eventsOf, stores } = hostCore();
        for (const s of setup) entities.getOrCreate(s);
        const once = entities.getOrCreate(r);
        const [events, saves, data] = [
          eventsOf('entity_registry_updated').length,
          stores.entities.saves,
          entities.toData(),
        ];
        const twice = entities.getOrCreate(r);
        expect(twice).toBe(once);
        expect(entities.toData()).toEqual(data);
        expect(eventsOf('entity_registry_updated')).toHaveLength(events);
        expect(stores.entities.saves).toBe(saves);
      }),
      { numRuns: 300 },
    );
  });
});
