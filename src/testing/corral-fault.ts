/**
 * `corral_fault`: the integration `corral/testing` loads into a hub for the one
 * fault that needs code inside a sandbox. Its `exhaust_memory` service keeps
 * allocating JavaScript heap until the sandbox's heap cap
 * (`ProcessPolicy.maxOldSpaceMiB`) ends the runtime — what a leaking
 * integration does. It refuses to run outside a sandbox, so it never takes a
 * test runner down.
 */
import { defineIntegration } from '../sdk/index.js';

export default defineIntegration({
  domain: 'corral_fault',
  configFlow: {
    steps: {
      user: (flow) => flow.createEntry({ title: 'corral/testing faults', data: {} }),
    },
  },
  setupEntry(api) {
    api.registerService('exhaust_memory', () => {
      if (process.env.CORRAL_SANDBOX === undefined) {
        throw new Error('exhaust_memory runs only inside a sandbox (CORRAL_SANDBOX is not set)');
      }
      // Small arrays of numbers live on the V8 heap (a Buffer would not count against the cap).
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(16_384).fill(hoard.length));
    });
  },
});
