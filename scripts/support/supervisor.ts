import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

// Keeps one child process of `npm start` (the web server, the worker) running: when it
// exits without being asked to, it is started again after a backoff (1 s, 2 s, 4 s …),
// with one line saying so. A process that keeps dying (`maxExits` unexpected exits within
// `windowMs`) is not restarted again: `onGiveUp` gets the reason and stops everything.

export type SupervisorOptions = {
  name: string;
  /** Starts the process, in a process group of its own (spawn with `detached: true`). */
  spawn: () => ChildProcess;
  say: (line: string) => void;
  onGiveUp: (reason: string) => void;
  maxExits?: number;
  windowMs?: number;
  /** Delay before the first restart; doubled for each further exit within the window. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How `stop()` asks the process to stop (SIGTERM unless told). */
  stopSignal?: NodeJS.Signals;
  /** After that signal, how long to wait before SIGKILL. */
  stopTimeoutMs?: number;
  now?: () => number;
};

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export class Supervisor {
  private child: ChildProcess | null = null;
  private stopping = false;
  private exits: number[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  /** How many times the process has been (re)started. */
  starts = 0;

  constructor(private readonly options: SupervisorOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopping) return;
    const child = this.options.spawn();
    this.child = child;
    this.starts += 1;
    child.once('exit', (code, signal) => this.exited(child, code, signal));
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    // Whatever the process started in its group goes with it.
    signalGroup(child, 'SIGKILL');
    if (this.stopping || this.child !== child) return;
    this.child = null;
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? 60_000;
    this.exits = [...this.exits.filter((at) => now - at < windowMs), now];
    const maxExits = this.options.maxExits ?? 5;
    if (this.exits.length >= maxExits) {
      this.options.onGiveUp(`${this.options.name} ${describeExit(code, signal)}, ${this.exits.length} times within ${Math.round(windowMs / 1000)} s; not restarting it`);
      return;
    }
    const delay = Math.min(this.options.maxBackoffMs ?? 30_000, (this.options.backoffMs ?? 1_000) * 2 ** (this.exits.length - 1));
    this.options.say(`${this.options.name} ${describeExit(code, signal)}; restarting it in ${formatDelay(delay)}`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }

  /** Asks the process to stop (the stop signal to its group, SIGKILL after the timeout) and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    signalGroup(child, this.options.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), this.options.stopTimeoutMs ?? 20_000);
    await exited;
    clearTimeout(timer);
  }
}

function formatDelay(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}
