/**
 * `corral/testing`: a test harness for integrations and embedders. Runner
 * agnostic — it throws plain typed errors and imports no test framework.
 */
export {
  ClockNotSimulatedError,
  EntryNotLoadedError,
  FaultUnsupportedError,
  FlowFormError,
  FlowOutcomeError,
  GroupNotFoundError,
  SandboxLeftAliveError,
  WaitTimeoutError,
} from './errors.js';
export type { FaultTarget, SandboxFaults, StoreWriteFaultHandle } from './faults.js';
export {
  CORRUPT_FRAME,
  type FrameDirection,
  type FrameDirections,
  type FrameFaultStats,
  type FrameInfo,
  type FramePredicate,
} from './frame-faults.js';
export { type LifecycleTransition, lifecycleLabel, type SandboxLifecycle } from './lifecycle.js';
export {
  createTestHub,
  type TestHub,
  type TestHubOptions,
  type TestIsolation,
  type WaitOptions,
} from './test-hub.js';
