import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { computeSourceHash, isBuildCurrent, recordBuild } from '../../scripts/support/build-stamp';
import { root } from './processes';

const LOCK = path.join(root, '.next-build-lock');

async function takeLock(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK);
      return;
    } catch {
      // A lock older than the longest build is left over from a killed run.
      const info = await stat(LOCK).catch(() => null);
      if (info && Date.now() - info.mtimeMs > 15 * 60_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another production build');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/**
 * The production build `npm start` and `npm run web` serve, made once (as `npm start`
 * would, with its source stamp) so that test files starting real processes do not each
 * build, nor two build at the same time.
 */
export async function ensureProductionBuild(): Promise<void> {
  if (await isBuildCurrent(root)) return;
  await takeLock(15 * 60_000);
  try {
    if (await isBuildCurrent(root)) return;
    const sourceHash = await computeSourceHash(root);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
    const build = spawn(path.join(root, 'node_modules/.bin/next'), ['build'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const [code] = (await once(build, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`next build failed:\n${output.slice(-4000)}`);
    await recordBuild(root, sourceHash);
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
