/**
 * The subscribers and the caller of `bench/api.ts`, in their own process so their
 * JSON parsing is not counted against the hub's event loop. Driven over IPC:
 * `subscribe` opens connections with `subscribe_entities`, `expect` reports when
 * every connection holds a given state for every entity, `calls` times sequential
 * `call_service` round trips, `close` ends it.
 */
import { WebSocket } from 'ws';

type Command =
  | { type: 'subscribe'; url: string; token: string; count: number }
  | { type: 'expect'; state: string; entities: number }
  | { type: 'calls'; warmup: number; measured: number }
  | { type: 'close' };

interface Subscriber {
  readonly ws: WebSocket;
  /** Entity id -> state, as the subscription keeps it. */
  readonly states: Map<string, string>;
  /** `c` entries received since the last `expect`. */
  diffs: number;
  initial: boolean;
}

const subscribers: Subscriber[] = [];
let caller: WebSocket | undefined;
let expected: { state: string; entities: number } | undefined;
let nextCallId = 2;
const pendingCalls = new Map<number, () => void>();

const send = (message: unknown) => process.send?.(message);

function apply(
  subscriber: Subscriber,
  event: { a?: Record<string, { s: string }>; c?: Record<string, { '+'?: { s?: string } }> },
) {
  for (const [entityId, state] of Object.entries(event.a ?? {})) subscriber.states.set(entityId, state.s);
  for (const [entityId, diff] of Object.entries(event.c ?? {})) {
    subscriber.diffs++;
    const s = diff['+']?.s;
    if (s !== undefined) subscriber.states.set(entityId, s);
  }
}

function current(subscriber: Subscriber): boolean {
  if (!expected || subscriber.states.size < expected.entities) return false;
  for (const state of subscriber.states.values()) if (state !== expected.state) return false;
  return true;
}

function checkExpected(): void {
  if (!expected || !subscribers.every(current)) return;
  const diffs = subscribers.reduce((sum, s) => sum + s.diffs, 0) / subscribers.length;
  expected = undefined;
  send({ type: 'current', diffsPerSubscriber: diffs });
}

function connect(url: string, token: string, onMessage: (message: Record<string, unknown>) => void) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/websocket`);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', access_token: token })));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as unknown;
      for (const message of (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[]) {
        if (message.type === 'auth_ok') {
          ws.send(JSON.stringify({ id: 1, type: 'supported_features', features: { coalesce_messages: 1 } }));
          resolve(ws);
        } else if (message.type === 'auth_invalid') reject(new Error('auth_invalid'));
        else onMessage(message);
      }
    });
  });
}

async function subscribe(url: string, token: string, count: number): Promise<void> {
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    let initialSeen: () => void = () => {};
    ready.push(new Promise<void>((resolve) => (initialSeen = resolve)));
    const states = new Map<string, string>();
    const subscriber: Subscriber = {
      ws: undefined as unknown as WebSocket,
      states,
      diffs: 0,
      initial: false,
    };
    const ws = await connect(url, token, (message) => {
      if (message.type !== 'event' || message.id !== 2) return;
      apply(subscriber, message.event as Parameters<typeof apply>[1]);
      if (!subscriber.initial) {
        subscriber.initial = true;
        initialSeen();
      }
      checkExpected();
    });
    (subscriber as { ws: WebSocket }).ws = ws;
    subscribers.push(subscriber);
    ws.send(JSON.stringify({ id: 2, type: 'subscribe_entities' }));
  }
  await Promise.all(ready);
}

async function timeCalls(warmup: number, measured: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < warmup + measured; i++) {
    const id = nextCallId++;
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      pendingCalls.set(id, resolve);
      caller!.send(
        JSON.stringify({
          id,
          type: 'call_service',
          domain: 'bench',
          service: 'echo',
          service_data: { value: i },
          return_response: true,
        }),
      );
    });
    if (i >= warmup) samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  return samples;
}

process.on('message', (command: Command) => {
  void (async () => {
    switch (command.type) {
      case 'subscribe':
        await subscribe(command.url, command.token, command.count);
        caller ??= await connect(command.url, command.token, (message) => {
          if (message.type !== 'result') return;
          if (message.success !== true) throw new Error(`call failed: ${JSON.stringify(message.error)}`);
          pendingCalls.get(message.id as number)?.();
          pendingCalls.delete(message.id as number);
        });
        send({ type: 'subscribed' });
        break;
      case 'expect':
        expected = { state: command.state, entities: command.entities };
        for (const subscriber of subscribers) subscriber.diffs = 0;
        send({ type: 'expecting' });
        checkExpected();
        break;
      case 'calls':
        send({ type: 'calls', samplesUs: await timeCalls(command.warmup, command.measured) });
        break;
      case 'close':
        for (const { ws } of subscribers) ws.terminate();
        caller?.terminate();
        process.exit(0);
    }
  })().catch((error: unknown) => {
    process.stderr.write(`api-client: ${(error as Error).stack}\n`);
    process.exit(1);
  });
});
