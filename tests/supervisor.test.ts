import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Supervisor } from '../scripts/support/supervisor';

// Real child processes (a few lines of node), so exits, signals and process groups are
// the operating system's, not a simulation.
function nodeChild(script: string) {
  return () => spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Supervisor', () => {
  it('restarts a process that was killed, saying so in one line, and stops it when asked', async () => {
    const said: string[] = [];
    const gaveUp: string[] = [];
    const supervisor = new Supervisor({ name: 'worker', spawn: nodeChild('setInterval(() => {}, 1000)'), say: (line) => said.push(line), onGiveUp: (reason) => gaveUp.push(reason), backoffMs: 50 });
    supervisor.start();
    const first = supervisor.pid!;
    await waitFor(() => isAlive(first), 5_000, 'the first process');
    process.kill(-first, 'SIGKILL');
    await waitFor(() => supervisor.starts === 2 && supervisor.pid !== first, 5_000, 'a restart');
    const second = supervisor.pid!;
    expect(said).toEqual(['worker was killed by SIGKILL; restarting it in 50 ms']);
    await supervisor.stop();
    expect(isAlive(second)).toBe(false);
    expect(gaveUp).toEqual([]);
    // Stopped on purpose: not restarted.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(supervisor.starts).toBe(2);
  });

  it('backs off between restarts and gives up, with the reason, on the fifth exit within the window', async () => {
    const said: string[] = [];
    let reason = '';
    const supervisor = new Supervisor({ name: 'web server', spawn: nodeChild('process.exit(3)'), say: (line) => said.push(line), onGiveUp: (why) => (reason = why), backoffMs: 10 });
    supervisor.start();
    await waitFor(() => reason !== '', 10_000, 'giving up');
    expect(supervisor.starts).toBe(5);
    expect(said).toEqual([
      'web server exited with code 3; restarting it in 10 ms',
      'web server exited with code 3; restarting it in 20 ms',
      'web server exited with code 3; restarting it in 40 ms',
      'web server exited with code 3; restarting it in 80 ms',
    ]);
    expect(reason).toBe('web server exited with code 3, 5 times within 60 s; not restarting it');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(supervisor.starts).toBe(5);
  });

  it('forgets exits older than the window', async () => {
    let clock = 0;
    const gaveUp: string[] = [];
    const supervisor = new Supervisor({ name: 'worker', spawn: nodeChild('process.exit(1)'), say: () => undefined, onGiveUp: (reason) => gaveUp.push(reason), backoffMs: 5, maxBackoffMs: 5, now: () => (clock += 20_000) });
    supervisor.start();
    // Each exit is 20 s after the previous one: never five within a minute.
    await waitFor(() => supervisor.starts >= 12, 10_000, 'a dozen restarts');
    await supervisor.stop();
    expect(gaveUp).toEqual([]);
  });

  it('kills what the process started in its group when it dies', async () => {
    const supervisor = new Supervisor({
      name: 'worker',
      // The child starts a grandchild in its own group, prints its pid, then dies.
      spawn: () =>
        spawn(process.execPath, ['-e', "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => process.exit(7), 300);"], { stdio: ['ignore', 'pipe', 'ignore'], detached: true }),
      say: () => undefined,
      onGiveUp: () => undefined,
      backoffMs: 60_000,
    });
    let grandchild = 0;
    supervisor.start();
    // @ts-expect-error reaching into the first child's stdout for the grandchild's pid
    (supervisor.child.stdout as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (grandchild = Number(chunk.toString().trim())));
    await waitFor(() => grandchild > 0, 5_000, 'the grandchild');
    await waitFor(() => !isAlive(grandchild), 5_000, 'the grandchild to be killed with its parent');
    await supervisor.stop();
  });
});
