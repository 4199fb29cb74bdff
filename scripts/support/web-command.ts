import path from 'node:path';

// How the web process is started (npm start; `npm run web` runs the same): our own server
// around Next (scripts/web-server.ts), not `next start`, so client addresses can be trusted.
// Unlike the worker, no `--conditions=react-server`: the worker needs it to import lib/
// modules marked `server-only`; the web server imports none, and Next runs as under `next start`.
export const WEB_NODE_ARGS = ['--import', 'tsx'];

export function webCommand(root: string): { command: string; args: string[] } {
  return { command: path.join(root, 'node_modules/.bin/node'), args: [...WEB_NODE_ARGS, path.join(root, 'scripts/web-server.ts')] };
}
