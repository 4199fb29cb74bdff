// Child processes for fault tests: the real worker, web and emitter processes, each in a
// process group of its own so that a SIGKILL reaches the process doing the work.
//
// Why groups: `tsx script.ts` is a launcher that runs the script in a second node
// process and relays SIGINT/SIGTERM to it. SIGKILL cannot be relayed, so killing the
// launcher alone leaves the script running as an orphan (it keeps heartbeating its jobs
// and sending requests). Signalling the group kills the launcher and the script together.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { workerCommand } from '../../scripts/support/worker-command';

export const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const OUTPUT_KEPT = 262_144;

export type Child = {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The last 256 KB of stdout and stderr together, for failure messages. */
  output: () => string;
  /** Every complete stdout line so far. */
  lines: string[];
  /** Resolves when the process (the launcher) has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the whole process group: launcher and script. */
  kill: (signal?: NodeJS.Signals) => void;
};

const running = new Set<Child>();

// A test that fails (or a vitest worker that exits) must not leave workers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, options: { reapGroupOnExit?: boolean } = {}): Child {
  const spawned = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (spawned.pid === undefined) throw new Error(`${name} did not start`);
  const pid = spawned.pid;
  let output = '';
  let partial = '';
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  spawned.stdout!.on('data', (chunk: Buffer) => {
    keep(chunk);
    const text = partial + chunk.toString('utf8');
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    lines.push(...complete);
  });
  spawned.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    spawned.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const child: Child = {
    name,
    process: spawned,
    pid,
    output: () => output,
    lines,
    exited,
    kill: (signal = 'SIGTERM') => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone already
      }
    },
  };
  running.add(child);
  void exited.then(() => {
    // The launcher is gone; make sure nothing of its group outlives it (unless the test
    // checks exactly that: then it cleans up itself, after looking).
    if (options.reapGroupOnExit !== false) child.kill('SIGKILL');
    running.delete(child);
  });
  return child;
}

/** `tsx --conditions=react-server <script> …args`, as `npm run tidings` runs scripts. */
export function spawnScript(name: string, script: string, args: string[] = [], env: Record<string, string> = {}): Child {
  return start(name, tsx, ['--conditions=react-server', script, ...args], { ...process.env, TIDINGS_LOG_LEVEL: 'warn', ...env });
}

/** The delivery worker exactly as `npm start` and `npm run worker` start it (bounded heap, one node process). */
export function spawnWorker(env: Record<string, string> = {}): Child {
  const { command, args } = workerCommand(root);
  return start('worker', command, args, { ...process.env, TIDINGS_LOG_LEVEL: 'warn', ...env });
}

/**
 * `npm <args>` as a user runs it in a terminal: npm leads a process group of its own (a
 * terminal's foreground job), so `kill(SIGINT)` on the group is exactly a Ctrl-C. `env`
 * is the whole environment.
 */
export function spawnNpm(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return start(name, 'npm', args, env, { reapGroupOnExit: false });
}

/** The environment of someone who just cloned the project: none of the test run's settings, plus `extra`. */
export function userEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('TIDINGS_') || name.startsWith('NEXTAUTH_') || name === 'DATABASE_URL' || name === 'NODE_ENV' || name.startsWith('VITEST')) delete env[name];
  }
  return { ...env, ...extra };
}

/** Every live process descended from `pid` (children, grandchildren …), from /proc. */
export async function descendants(pid: number): Promise<{ pid: number; command: string }[]> {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may contain spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      parents.set(Number(entry), Number(fields[1]));
      commands.set(Number(entry), (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim());
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; command: string }[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push({ pid: child, command: commands.get(child) ?? '' });
      queue.push(child);
    }
  }
  return found;
}

/** True while a process with this pid exists and is not a zombie. */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** SIGKILLs the group and waits for the launcher to be reaped. */
export async function killHard(child: Child): Promise<void> {
  child.kill('SIGKILL');
  await child.exited;
}

/** SIGTERMs the group and waits; SIGKILL after `graceMs`. */
export async function stopGracefully(child: Child, graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => killHard(child)));
}

/** Waits for a stdout line matching `pattern`, failing with the child's output. */
export async function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = child.lines.find((candidate) => pattern.test(candidate));
    if (line) return line;
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited before printing ${pattern}:\n${child.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not print ${pattern} within ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a web process of ours answers 200 on /api/health at `port` (false while it cannot connect). */
export async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

/** Polls `check` until it holds; the error names what was awaited and, when given, the last observed state. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  describe?: () => Promise<string> | string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const state = describe ? `; last state: ${await describe()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
