import { describe, expect, test } from 'vitest';
import { byteSize, FrameTooLargeError } from '../../src/errors.js';
import { describeFailure } from '../../src/machines/failure-text.js';
import { defaultSupervisionPolicy } from '../../src/policy.js';

const at = { at: 0, generation: 1 };
const say = (failure: Parameters<typeof describeFailure>[0]) =>
  describeFailure(failure, defaultSupervisionPolicy);

describe('a sandbox failure in words', () => {
  test('a hang says how long the heartbeat went unanswered, and how the reap ended it', () => {
    expect(say({ ...at, reason: 'hung' })).toBe('hung: no heartbeat answer for 4 s');
    expect(say({ ...at, reason: 'hung', code: null, signal: 'SIGKILL' })).toBe(
      'hung: no heartbeat answer for 4 s (killed by SIGKILL)',
    );
  });

  test('an exit says its code or signal', () => {
    expect(say({ ...at, reason: 'exit', code: 1, signal: null })).toBe('exit: exited with code 1');
    expect(say({ ...at, reason: 'exit', code: null, signal: 'SIGSEGV' })).toBe('exit: killed by SIGSEGV');
  });

  test('a channel closed for a protocol violation carries the violation', () => {
    const violation = new FrameTooLargeError(2 ** 32 - 1, 16 * 2 ** 20).message;
    expect(violation).toBe('protocol violation: frame of 4 GiB exceeds 16 MiB');
    expect(say({ ...at, reason: 'channel_closed', message: violation })).toBe(
      'channel_closed: protocol violation: frame of 4 GiB exceeds 16 MiB',
    );
    expect(say({ ...at, reason: 'channel_closed', message: 'undecodable frame: index out of range' })).toBe(
      'channel_closed: undecodable frame: index out of range',
    );
  });

  test('a ready timeout, a spawn error and a memory kill say what happened', () => {
    expect(say({ ...at, reason: 'ready_timeout' })).toBe('ready_timeout: not ready within 10 s');
    expect(say({ ...at, reason: 'spawn_error', message: 'ENOENT' })).toBe(
      'spawn_error: could not start: ENOENT',
    );
    expect(say({ ...at, reason: 'memory', message: 'RSS 600 MiB over 512 MiB' })).toBe(
      'memory: RSS 600 MiB over 512 MiB',
    );
  });

  test('sizes read at a glance', () => {
    expect(byteSize(12)).toBe('12 bytes');
    expect(byteSize(1536)).toBe('1.5 KiB');
    expect(byteSize(16 * 2 ** 20)).toBe('16 MiB');
  });
});
