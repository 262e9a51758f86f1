/**
 * Entity ids are `<domain>.<object_id>`: the one key every part of the hub (states,
 * registries, service targets, the wire) uses for an entity, so every part checks
 * it the same way, here.
 */

import { EntityIdError } from '../errors.js';

/** Same limit as the original hub's state machine. */
export const MAX_ENTITY_ID_LENGTH = 255;

const DOMAIN = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
const OBJECT_ID = /^[a-z0-9_]+$/;

/** A domain (entity domain or integration domain): lowercase, digits, single inner `_`. */
export function isValidDomain(domain: unknown): domain is string {
  return typeof domain === 'string' && DOMAIN.test(domain);
}

/** Why `entityId` is not a valid entity id, or `undefined` when it is. */
export function entityIdProblem(entityId: unknown): string | undefined {
  if (typeof entityId !== 'string') return `expected a string, got ${typeof entityId}`;
  if (entityId.length > MAX_ENTITY_ID_LENGTH) return `it is longer than ${MAX_ENTITY_ID_LENGTH} characters`;
  const dot = entityId.indexOf('.');
  if (dot < 0) return 'it has no "." between domain and object id';
  if (entityId !== entityId.toLowerCase()) return 'it contains uppercase letters';
  const domain = entityId.slice(0, dot);
  const objectId = entityId.slice(dot + 1);
  if (!isValidDomain(domain)) {
    return domain === ''
      ? 'the domain is empty'
      : `the domain "${domain}" must be letters and digits with single "_" between them`;
  }
  if (!OBJECT_ID.test(objectId)) {
    return objectId === ''
      ? 'the object id is empty'
      : `the object id "${objectId}" may only contain lowercase letters, digits and "_"`;
  }
  return undefined;
}

export function isValidEntityId(entityId: unknown): entityId is string {
  return entityIdProblem(entityId) === undefined;
}

/** Throws `EntityIdError` unless `entityId` is valid; returns it typed. */
export function assertEntityId(entityId: unknown): string {
  const problem = entityIdProblem(entityId);
  if (problem !== undefined) throw new EntityIdError(String(entityId), problem);
  return entityId as string;
}

/** The domain of a (valid) entity id. */
export function entityDomain(entityId: string): string {
  return entityId.slice(0, entityId.indexOf('.'));
}
