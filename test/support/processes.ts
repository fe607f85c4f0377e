// The process tree, read from /proc (Linux): which processes a process started, and whether they still run.
import * as fs from 'fs';

/** Parent pid and state letter from /proc/<pid>/stat, or undefined when the process is gone. */
function stat(pid: number): { ppid: number; state: string } | undefined {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after its last ")".
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

/** Whether the process runs (a zombie, finished but not yet reaped, does not). */
export function isRunning(pid: number): boolean {
  const found = stat(pid);
  return found !== undefined && found.state !== 'Z';
}

/** Every running process below `pid`: its children, their children, and so on. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const found = stat(Number(entry));
    if (found === undefined || found.state === 'Z') continue;
    parents.set(found.ppid, [...(parents.get(found.ppid) ?? []), Number(entry)]);
  }
  const below: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      below.push(child);
      visit(child);
    }
  };
  visit(pid);
  return below;
}

/** The command line of a running process (arguments joined by spaces), or '' when it is gone. */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Waits until none of `pids` runs, polling; returns those still running after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
