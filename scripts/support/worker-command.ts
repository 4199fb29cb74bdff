import path from 'node:path';

// How the worker process is started everywhere (npm start, npm run worker, the bench):
// a bounded heap keeps its resident memory within the 250 MB target under load.
export const WORKER_NODE_ARGS = ['--max-old-space-size=192', '--max-semi-space-size=8', '--conditions=react-server', '--import', 'tsx'];

export function workerCommand(root: string): { command: string; args: string[] } {
  return { command: path.join(root, 'node_modules/.bin/node'), args: [...WORKER_NODE_ARGS, path.join(root, 'worker/index.ts')] };
}
