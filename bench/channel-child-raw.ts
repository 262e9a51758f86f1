/**
 * Raw baseline of the channel bench: the same fd-3 pipe and the same
 * length-prefixed framing (StreamTransport), but no codec and no Channel. Every
 * frame is echoed back unchanged; a control frame starts a burst of pushes
 * (the encoded `state_changed` frame, sent as opaque bytes).
 */
import { inheritedPipeTransport } from '../src/wire/transports/pipe.js';
import { PUSH_BATCH, parseRawControl, yieldToLoop } from './channel-shared.js';
import { payloads } from './payloads.js';

const transport = inheritedPipeTransport();

transport.start({
  frame(bytes) {
    const control = parseRawControl(bytes);
    if (control) void pushMany(control.count, payloads[control.size].pushFrame);
    else transport.write(bytes);
  },
  end: () => process.exit(0),
});

async function pushMany(count: number, frame: Uint8Array): Promise<void> {
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + PUSH_BATCH);
    for (; sent < end; sent++) transport.write(frame);
    await yieldToLoop();
  }
}

// Announce readiness with an empty frame.
transport.write(new Uint8Array(0));
