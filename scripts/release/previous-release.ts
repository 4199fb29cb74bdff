// The previous release, checked out and built once under .releases/<version>/, for the
// upgrade tests: its web and worker run against this release's schema (rolling upgrade),
// and its `npm start` writes the data this release's `npm start` takes over (in place).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export type PreviousRelease = { version: string; commit: string; directory: string };

export function previousRelease(): { version: string; commit: string } {
  const { version, commit } = JSON.parse(readFileSync(path.join(import.meta.dirname, 'previous-release.json'), 'utf8')) as { version: string; commit: string };
  return { version, commit };
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${(result.stderr || result.stdout).slice(-2_000)}`);
}

const dependencies = (directory: string) => {
  const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify([manifest.dependencies, manifest.devDependencies]);
};

/** Checks out and builds the previous release (once; later calls reuse it). */
export function preparePreviousRelease(log: (line: string) => void = () => undefined): PreviousRelease {
  const { version, commit } = previousRelease();
  const directory = path.join(root, '.releases', version);
  const stamp = path.join(directory, '.prepared');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === commit) return { version, commit, directory };
  log(`preparing release ${version} (${commit.slice(0, 7)}) in ${path.relative(root, directory)}…`);
  rmSync(directory, { recursive: true, force: true });
  run('git', ['clone', '--quiet', '--no-checkout', root, directory], root);
  run('git', ['checkout', '--quiet', commit], directory);
  // Same dependencies as this checkout: hard links to its node_modules (seconds, no
  // registry); otherwise the release's own install.
  if (dependencies(directory) === dependencies(root)) run('cp', ['-al', path.join(root, 'node_modules'), path.join(directory, 'node_modules')], root);
  else run('npm', ['install', '--no-audit', '--no-fund'], directory);
  run('npm', ['run', 'build'], directory);
  // The release's own build stamp, so its `npm start` does not build again.
  run(process.execPath, ['--import', 'tsx', '-e', `import('./scripts/support/build-stamp.ts').then(async (m) => m.recordBuild(process.cwd(), await m.computeSourceHash(process.cwd())))`], directory);
  writeFileSync(stamp, commit);
  log(`release ${version} built`);
  return { version, commit, directory };
}
