/** `cover` (blinds, doors, shades: position and tilt) and `lock` (locked, open, jammed). */
import { z } from 'zod';
import { type DataOf, type DomainSpec, matchesFully, NO_FIELDS } from './spec.js';

export const CoverEntityFeature = {
  OPEN: 1,
  CLOSE: 2,
  SET_POSITION: 4,
  STOP: 8,
  OPEN_TILT: 16,
  CLOSE_TILT: 32,
  STOP_TILT: 64,
  SET_TILT_POSITION: 128,
} as const;

export const CoverState = { OPEN: 'open', CLOSED: 'closed', OPENING: 'opening', CLOSING: 'closing' } as const;

export interface CoverFields {
  isClosed: boolean | null;
  isOpening: boolean;
  isClosing: boolean;
  /** 0 (closed) .. 100 (open) */
  currentPosition: number | null;
  currentTiltPosition: number | null;
}

const position = z.number().int().min(0).max(100);
export const coverSetPositionFields = { position };
export type CoverSetPositionData = DataOf<typeof coverSetPositionFields>;
export const coverSetTiltPositionFields = { tilt_position: position };
export type CoverSetTiltPositionData = DataOf<typeof coverSetTiltPositionFields>;

export const COVER: DomainSpec<CoverFields> = {
  domain: 'cover',
  defaults: {
    isClosed: null,
    isOpening: false,
    isClosing: false,
    currentPosition: null,
    currentTiltPosition: null,
  },
  state: (cover) => {
    if (cover.isOpening) return CoverState.OPENING;
    if (cover.isClosing) return CoverState.CLOSING;
    if (cover.isClosed === null) return null;
    return cover.isClosed ? CoverState.CLOSED : CoverState.OPEN;
  },
  attributes: { current_position: 'currentPosition', current_tilt_position: 'currentTiltPosition' },
  capabilities: {},
  features: CoverEntityFeature,
  services: {
    open_cover: { fields: NO_FIELDS, method: 'openCover', requiredFeature: CoverEntityFeature.OPEN },
    close_cover: { fields: NO_FIELDS, method: 'closeCover', requiredFeature: CoverEntityFeature.CLOSE },
    toggle: {
      fields: NO_FIELDS,
      method: 'toggle',
      requiredFeature: CoverEntityFeature.OPEN | CoverEntityFeature.CLOSE,
    },
    set_cover_position: {
      fields: coverSetPositionFields,
      method: 'setCoverPosition',
      requiredFeature: CoverEntityFeature.SET_POSITION,
    },
    stop_cover: { fields: NO_FIELDS, method: 'stopCover', requiredFeature: CoverEntityFeature.STOP },
    open_cover_tilt: {
      fields: NO_FIELDS,
      method: 'openCoverTilt',
      requiredFeature: CoverEntityFeature.OPEN_TILT,
    },
    close_cover_tilt: {
      fields: NO_FIELDS,
      method: 'closeCoverTilt',
      requiredFeature: CoverEntityFeature.CLOSE_TILT,
    },
    set_cover_tilt_position: {
      fields: coverSetTiltPositionFields,
      method: 'setCoverTiltPosition',
      requiredFeature: CoverEntityFeature.SET_TILT_POSITION,
    },
    stop_cover_tilt: {
      fields: NO_FIELDS,
      method: 'stopCoverTilt',
      requiredFeature: CoverEntityFeature.STOP_TILT,
    },
  },
  queries: {},
  restoreState: false,
};

export const LockEntityFeature = { OPEN: 1 } as const;

export const LockState = {
  LOCKED: 'locked',
  UNLOCKED: 'unlocked',
  LOCKING: 'locking',
  UNLOCKING: 'unlocking',
  JAMMED: 'jammed',
  OPEN: 'open',
  OPENING: 'opening',
} as const;

export interface LockFields {
  isLocked: boolean | null;
  isLocking: boolean;
  isUnlocking: boolean;
  isJammed: boolean;
  isOpen: boolean;
  isOpening: boolean;
  changedBy: string | null;
  /** A regular expression a code must match; null when the lock takes no code. */
  codeFormat: string | null;
}

export const lockCodeFields = { code: z.string().optional() };
export type LockCodeData = DataOf<typeof lockCodeFields>;

/** A code, when the lock has a format, must match it in full. */
function codeMatchesFormat(lock: LockFields, data: Record<string, unknown>) {
  if (lock.codeFormat === null) return null;
  const code = data.code;
  if (typeof code === 'string' && matchesFully(lock.codeFormat, code)) return null;
  return { message: `code must match ${lock.codeFormat}`, path: ['code'] };
}

export const LOCK: DomainSpec<LockFields> = {
  domain: 'lock',
  defaults: {
    isLocked: null,
    isLocking: false,
    isUnlocking: false,
    isJammed: false,
    isOpen: false,
    isOpening: false,
    changedBy: null,
    codeFormat: null,
  },
  state: (lock) => {
    if (lock.isJammed) return LockState.JAMMED;
    if (lock.isOpening) return LockState.OPENING;
    if (lock.isLocking) return LockState.LOCKING;
    if (lock.isUnlocking) return LockState.UNLOCKING;
    if (lock.isOpen) return LockState.OPEN;
    if (lock.isLocked === null) return null;
    return lock.isLocked ? LockState.LOCKED : LockState.UNLOCKED;
  },
  attributes: { changed_by: 'changedBy' },
  capabilities: { code_format: 'codeFormat' },
  features: LockEntityFeature,
  services: {
    lock: { fields: lockCodeFields, method: 'lock', check: codeMatchesFormat },
    unlock: { fields: lockCodeFields, method: 'unlock', check: codeMatchesFormat },
    open: {
      fields: lockCodeFields,
      method: 'open',
      requiredFeature: LockEntityFeature.OPEN,
      check: codeMatchesFormat,
    },
  },
  queries: {},
  restoreState: false,
};
