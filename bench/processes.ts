// The processes the bench starts: its loopback receiver (bench/receiver.ts) and worker processes.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { workerCommand } from '../scripts/support/worker-command';
import { root } from './settings';

export type BenchReceiver = { child: ChildProcess; port: number; url: string; ask: <T>(kind: string) => Promise<T> };

export async function startReceiver(): Promise<BenchReceiver> {
  const child = fork(path.join(root, 'bench/receiver.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  const ask = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { kind: string } & T) => {
        if (message.kind === kind) {
          child.off('message', onMessage);
          resolve(message);
        }
      };
      child.on('message', onMessage);
      child.send({ kind });
    });
  return { child, port: ready.port, url: `http://127.0.0.1:${ready.port}/hook`, ask };
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = workerCommand(root);
  const child = spawn(worker.command, worker.args, {
    cwd: root,
    // Info level only for the "worker ready" line; the worker logs nothing per delivery.
    // BENCH_WORKER_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles it.
    env: { ...env, TIDINGS_LOG_LEVEL: 'info', NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

/** SIGTERM to each worker process, and wait until all have exited. */
export async function stopWorkerProcesses(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map(async (child) => { child.kill('SIGTERM'); await once(child, 'exit'); }));
}
