/**
 * Node IPC baseline of the channel bench (`fork` + `process.send`, run with
 * `serialization: 'json'` or `'advanced'`): echoes `call_service` data back as
 * `{ response }` and sends `state_changed` objects on request.
 */
import { type IpcMessage, PUSH_BATCH, type PushCommand, yieldToLoop } from './channel-shared.js';
import { payloads } from './payloads.js';

const send = (message: IpcMessage): void => {
  process.send!(message);
};

process.on('message', (message: IpcMessage) => {
  if (message.type === 'call_service') {
    const { data } = message.payload as { data: unknown };
    send({ id: message.id, type: message.type, payload: { response: data } });
  } else if (message.type === 'bench.push') {
    void pushMany(message.payload as PushCommand);
  }
});

async function pushMany({ count, size }: PushCommand): Promise<void> {
  const payload = payloads[size].ipcPush;
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + PUSH_BATCH);
    for (; sent < end; sent++) send({ id: 0, type: 'state_changed', payload });
    await yieldToLoop();
  }
}

process.on('disconnect', () => process.exit(0));
send({ id: 0, type: 'ready', payload: null });
