/**
 * Frame faults: a Transport around the host's end of each sandbox channel (the
 * channel's `intercept` seam) that holds, drops or garbles frames as its group's
 * fault settings say. It acts on whole frames, where a slow or lossy link, or a
 * runtime writing garbage, would show itself to the host.
 */
import type { FrameInterceptor } from '../wire/channel.js';
import { isResponse, PUSH_ID } from '../wire/frame.js';
import { ProtobufCodec } from '../wire/protobuf-codec.js';
import type { Transport, TransportSink } from '../wire/transport.js';

/** `in`: sandbox to host; `out`: host to sandbox. */
export type FrameDirection = 'in' | 'out';
export type FrameDirections = FrameDirection | 'both';

/** What a drop predicate is shown of a frame. */
export interface FrameInfo {
  readonly direction: FrameDirection;
  /** The message type (`ready`, `ping`, `state_changed`, ...); empty when undecodable. */
  readonly type: string;
  /** 0 for a push, the call id for a call and its response. */
  readonly id: number;
  readonly kind: 'call' | 'push' | 'response' | 'undecodable';
  readonly size: number;
}

export type FramePredicate = (frame: FrameInfo) => boolean;

/** The timers frame delays run on: the hub's clock, so a simulated hub releases them on `advance`. */
export interface FaultClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Field 1 with wire type 7, which protobuf does not have: no decoder accepts it. */
export const CORRUPT_FRAME: Uint8Array = Uint8Array.of(0x0f);

export interface FrameFaultStats {
  dropped: number;
  corrupted: number;
  delayed: number;
}

export function directionsOf(directions: FrameDirections): FrameDirection[] {
  return directions === 'both' ? ['in', 'out'] : [directions];
}

/** mulberry32: a seeded ratio of drops is the same run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The frame fault settings of one sandbox group, read by every channel the group launches. */
export class GroupFrameFaults {
  readonly delayMs: Record<FrameDirection, number> = { in: 0, out: 0 };
  readonly drop: Partial<Record<FrameDirection, FramePredicate>> = {};
  readonly corrupt: Record<FrameDirection, number> = { in: 0, out: 0 };
  readonly stats: FrameFaultStats = { dropped: 0, corrupted: 0, delayed: 0 };
  /** The transport of the group's latest launch. */
  current: FaultyTransport | undefined;
  #nextReadyDelayMs: number | undefined;

  constructor(
    readonly group: string,
    private readonly clock: FaultClock,
  ) {}

  /** The channel seam: wrap the transport of a new launch of this group. */
  readonly intercept: FrameInterceptor = (transport) => {
    const readyDelayMs = this.#nextReadyDelayMs;
    this.#nextReadyDelayMs = undefined;
    this.current = new FaultyTransport(transport, this, this.clock, readyDelayMs);
    return this.current;
  };

  /** Hold the `ready` of the group's next launch (and what follows it) for `ms`. */
  delayNextReady(ms: number): void {
    this.#nextReadyDelayMs = ms;
  }

  /** Frames are being held or dropped on purpose: a call to this group may stay unanswered. */
  get withholding(): boolean {
    return (
      (this.current?.silenced ?? false) ||
      this.delayMs.in > 0 ||
      this.delayMs.out > 0 ||
      this.drop.in !== undefined ||
      this.drop.out !== undefined ||
      (this.current?.holding ?? false)
    );
  }

  /** Lift delays, drops and pending corruption (not an armed slow ready). */
  clear(): void {
    this.delayMs.in = 0;
    this.delayMs.out = 0;
    delete this.drop.in;
    delete this.drop.out;
    this.corrupt.in = 0;
    this.corrupt.out = 0;
  }
}

/** Frames delivered in order, each no earlier than its due time. */
class Lane {
  #queue: { due: number; deliver: () => void }[] = [];
  #timer: unknown;
  #scheduled = false;
  #epoch = 0;

  constructor(private readonly clock: FaultClock) {}

  get holding(): boolean {
    return this.#queue.length > 0;
  }

  push(delayMs: number, deliver: () => void): void {
    if (delayMs <= 0 && this.#queue.length === 0) {
      deliver();
      return;
    }
    const after = this.#queue.at(-1)?.due ?? Number.NEGATIVE_INFINITY;
    this.#queue.push({ due: Math.max(this.clock.now() + delayMs, after), deliver });
    this.#schedule();
  }

  /** Forget what is held. */
  cancel(): void {
    this.#epoch++;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#scheduled = false;
    this.#queue = [];
  }

  #schedule(): void {
    const head = this.#queue[0];
    if (this.#scheduled || !head) return;
    this.#scheduled = true;
    const epoch = this.#epoch;
    const wait = head.due - this.clock.now();
    const release = () => {
      if (epoch !== this.#epoch) return;
      this.#timer = undefined;
      this.#scheduled = false;
      this.#release();
    };
    // Already due: a simulated clock would wait for the next advance, so release on the next turn.
    if (wait <= 0) setImmediate(release);
    else this.#timer = this.clock.setTimeout(release, wait);
  }

  #release(): void {
    const now = this.clock.now();
    while (this.#queue[0] && this.#queue[0].due <= now) {
      const { deliver } = this.#queue.shift()!;
      try {
        deliver();
      } catch {
        // A held frame written after its channel closed is lost, as on a real link.
      }
    }
    this.#schedule();
  }
}

/** The host's end of one sandbox channel, with its group's faults applied. */
export class FaultyTransport implements Transport {
  /** The runtime's `ready` arrived here (it may still be held). */
  sawReady = false;
  /** Nothing passes either way, as with a runtime whose event loop is stuck. */
  silenced = false;
  readonly #lanes: Record<FrameDirection, Lane>;
  readonly #codec = new ProtobufCodec();
  #closed = false;

  constructor(
    private readonly inner: Transport,
    private readonly faults: GroupFrameFaults,
    clock: FaultClock,
    private readonly readyDelayMs: number | undefined,
  ) {
    this.#lanes = { in: new Lane(clock), out: new Lane(clock) };
  }

  get holding(): boolean {
    return this.#lanes.in.holding || this.#lanes.out.holding;
  }

  start(sink: TransportSink): void {
    this.inner.start({
      frame: (bytes) => this.#pass('in', bytes, (frame) => sink.frame(frame)),
      // The end follows the frames held before it, unless the host itself closed.
      end: (error) => (this.#closed ? sink.end(error) : this.#lanes.in.push(0, () => sink.end(error))),
    });
  }

  write(frame: Uint8Array): void {
    this.#pass('out', frame, (bytes) => this.inner.write(bytes));
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#lanes.in.cancel();
    this.#lanes.out.cancel();
    return this.inner.close();
  }

  #pass(direction: FrameDirection, bytes: Uint8Array, deliver: (bytes: Uint8Array) => void): void {
    const { faults } = this;
    if (this.silenced) {
      faults.stats.dropped++;
      return;
    }
    const drop = faults.drop[direction];
    const lookingForReady = direction === 'in' && !this.sawReady;
    const info = drop || lookingForReady ? this.#classify(direction, bytes) : undefined;
    let extraMs = 0;
    if (lookingForReady && info?.type === 'ready') {
      this.sawReady = true;
      extraMs = this.readyDelayMs ?? 0;
    }
    if (drop && info && drop(info)) {
      faults.stats.dropped++;
      return;
    }
    let out = bytes;
    if (faults.corrupt[direction] > 0) {
      faults.corrupt[direction]--;
      faults.stats.corrupted++;
      out = CORRUPT_FRAME;
    }
    const delayMs = faults.delayMs[direction] + extraMs;
    if (delayMs > 0) faults.stats.delayed++;
    this.#lanes[direction].push(delayMs, () => deliver(out));
  }

  #classify(direction: FrameDirection, bytes: Uint8Array): FrameInfo {
    try {
      const frame = this.#codec.decode(bytes);
      const kind = isResponse(frame) ? 'response' : frame.id === PUSH_ID ? 'push' : 'call';
      return { direction, type: frame.type, id: frame.id, kind, size: bytes.length };
    } catch {
      return { direction, type: '', id: 0, kind: 'undecodable', size: bytes.length };
    }
  }
}
