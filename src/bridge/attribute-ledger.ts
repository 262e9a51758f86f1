/**
 * What a group's entity attributes cost the host, as the attribute caps count it:
 * the UTF-8 bytes of their encoded JSON (attributes and capabilities), per entity
 * and for the group, kept in step with the group's proxies. Only a set that
 * changed is measured; its encoding costs about what decoding it did.
 */
import { CapExceededError } from '../errors.js';
import type { SandboxCapsPolicy } from '../policy.js';
import { exceedsEntityAttributeCap, exceedsGroupAttributeCap } from './gates.js';

/** One entity's bytes: its attributes and its capabilities, each as encoded JSON. */
export interface AttributeBytes {
  readonly attributes: number;
  readonly capabilities: number;
}

export class AttributeLedger<Key> {
  readonly #bytes = new Map<Key, AttributeBytes>();
  #total = 0;

  constructor(
    private readonly group: string,
    private readonly caps: Pick<
      SandboxCapsPolicy,
      'maxAttributeBytesPerEntity' | 'maxAttributeBytesPerGroup'
    >,
  ) {}

  /** The group's bytes. */
  get total(): number {
    return this.#total;
  }

  bytesOf(key: Key): AttributeBytes | undefined {
    return this.#bytes.get(key);
  }

  /** Why `bytes` for entity `name` (replacing what `replacing` holds) would break a cap, or undefined. */
  problem(name: string, bytes: AttributeBytes, replacing?: Key): CapExceededError | undefined {
    const { caps, group } = this;
    const entityBytes = bytes.attributes + bytes.capabilities;
    if (exceedsEntityAttributeCap(entityBytes, caps)) {
      const size = Number.isFinite(entityBytes)
        ? `${entityBytes} bytes of JSON`
        : 'too deeply nested to encode as JSON';
      return new CapExceededError(
        'exceedsEntityAttributeCap',
        caps.maxAttributeBytesPerEntity,
        `the attributes and capabilities of "${name}" are ${size}, more than the ${caps.maxAttributeBytesPerEntity}-byte cap per entity (maxAttributeBytesPerEntity); keep bulky data out of attributes`,
      );
    }
    const held = replacing === undefined ? undefined : this.#bytes.get(replacing);
    const groupBytes = this.#total - (held ? held.attributes + held.capabilities : 0) + entityBytes;
    if (exceedsGroupAttributeCap(groupBytes, caps)) {
      return new CapExceededError(
        'exceedsGroupAttributeCap',
        caps.maxAttributeBytesPerGroup,
        `sandbox group "${group}" would hold ${groupBytes} bytes of entity attributes, more than its ${caps.maxAttributeBytesPerGroup}-byte cap (maxAttributeBytesPerGroup); "${name}" is refused`,
      );
    }
    return undefined;
  }

  set(key: Key, bytes: AttributeBytes): void {
    this.delete(key);
    this.#bytes.set(key, bytes);
    this.#total += bytes.attributes + bytes.capabilities;
  }

  delete(key: Key): void {
    const held = this.#bytes.get(key);
    if (!held) return;
    this.#bytes.delete(key);
    this.#total -= held.attributes + held.capabilities;
  }

  clear(): void {
    this.#bytes.clear();
    this.#total = 0;
  }
}

/** Bytes of `value` as encoded JSON (UTF-8); infinite when it cannot be encoded (nested too deep). */
export function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    // Nesting too deep for the encoder's stack (the decoder accepted it): never kept.
    return Number.POSITIVE_INFINITY;
  }
}
