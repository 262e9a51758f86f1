import { describe, expect, it } from 'vitest';
import { watchMemory } from '../../src/actors/memory-watch.js';
import { CUT_MARK, LineLimiter } from '../../src/actors/output-lines.js';

function limiter(limits = { maxOutputLineBytes: 16, maxOutputLinesPerSecond: 1000 }) {
  const lines: string[] = [];
  let now = 0;
  const l = new LineLimiter(
    limits,
    (line) => lines.push(line),
    () => now,
  );
  return { l, lines, tick: (ms: number) => (now += ms) };
}

describe('LineLimiter', () => {
  it('splits chunks into lines across chunk edges', () => {
    const { l, lines } = limiter();
    l.write(Buffer.from('ab'));
    l.write(Buffer.from('c\nde\r\nf'));
    l.end();
    expect(lines).toEqual(['abc', 'de', 'f']);
  });

  it('cuts a line at the byte limit, marks it, and drops the rest up to its newline', () => {
    const { l, lines } = limiter();
    l.write('x'.repeat(100));
    l.write('y'.repeat(100_000));
    l.write('\nnext\n');
    expect(lines).toEqual([`${'x'.repeat(16)}${CUT_MARK}`, 'next']);
  });

  it('never keeps more than the limit of an endless line without a newline', () => {
    const { l, lines } = limiter();
    for (let i = 0; i < 1000; i += 1) l.write(Buffer.alloc(64 * 1024, 0x61));
    expect(lines).toEqual([]);
    expect((l as unknown as { line: string }).line.length).toBe(16);
    l.end();
    expect(lines).toEqual([`${'a'.repeat(16)}${CUT_MARK}`]);
  });

  it('cuts multi-byte text on a character boundary within the byte limit', () => {
    const { l, lines } = limiter({ maxOutputLineBytes: 5, maxOutputLinesPerSecond: 1000 });
    l.write(Buffer.from('ééé\n'));
    expect(lines).toEqual([`éé${CUT_MARK}`]);
  });

  it('passes at most the rate per second and reports how many it dropped', () => {
    const { l, lines, tick } = limiter({ maxOutputLineBytes: 100, maxOutputLinesPerSecond: 3 });
    l.write('1\n2\n3\n4\n5\n');
    expect(lines).toEqual(['1', '2', '3']);
    tick(1000);
    l.write('6\n');
    expect(lines).toEqual(['1', '2', '3', '[2 lines dropped: more than 3 lines per second]', '6']);
  });
});

describe('watchMemory', () => {
  it('calls back once with the figure when the tree goes over the limit, then stops', async () => {
    const readings = [10, 20, 300, 400];
    const over: number[] = [];
    watchMemory(
      1,
      100,
      1,
      (rss) => over.push(rss),
      () => readings.shift() ?? 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(over).toEqual([300]);
    expect(readings).toEqual([400]);
  });

  it('does not watch with a zero limit', async () => {
    let reads = 0;
    watchMemory(
      1,
      0,
      1,
      () => {},
      () => ++reads,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads).toBe(0);
  });
});
