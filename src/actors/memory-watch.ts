/**
 * The host's watch on a sandbox's memory, read from /proc: the resident set of the
 * sandbox's whole process tree, so off-heap Buffers (which escape the V8 heap cap) and
 * any process the sandbox spawned count too.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of one process in bytes (`VmRSS`), or 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The direct children of every thread of `pid`. */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((word) => word.length > 0)
        .map(Number);
    } catch {
      return [];
    }
  });
}

/** The RSS of `root` and every process below it, bytes (bounded walk: a fork bomb cannot stall it). */
export function treeRss(root: number, maxProcesses = 1024): number {
  let total = 0;
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0 && seen.size < maxProcesses) {
    const pid = queue.shift() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rssOf(pid);
    queue.push(...childrenOf(pid));
  }
  return total;
}

/**
 * Read the tree's RSS every `intervalMs`; the first time it is over `limitBytes`, call
 * `onOver` with the figure and stop watching. Returns the stop function.
 */
export function watchMemory(
  root: number,
  limitBytes: number,
  intervalMs: number,
  onOver: (rssBytes: number) => void,
  read: (pid: number) => number = treeRss,
): () => void {
  if (limitBytes <= 0 || process.platform !== 'linux') return () => {};
  const timer = setInterval(() => {
    const rss = read(root);
    if (rss > limitBytes) {
      clearInterval(timer);
      onOver(rss);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
