/**
 * The context of the service call whose handler is running, so the states it changes
 * carry the call's context (who or what caused a change can be traced back to the call).
 * A sandboxed proxy's states get theirs from the context id on the state frame instead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from './types.js';

export const serviceCallContext = new AsyncLocalStorage<Context>();
