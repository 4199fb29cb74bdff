import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

// The production build is redone only when something it is built from changed.
const INPUTS = ['app', 'components', 'lib', 'types', 'public', 'generated', 'next.config.mjs', 'package.json', 'postcss.config.mjs', 'tailwind.config.ts', 'tsconfig.json', 'proxy.ts'];
const STAMP = '.next/tidings-build-stamp';

async function collect(root: string, relative: string, out: string[]): Promise<void> {
  const full = path.join(root, relative);
  if (!existsSync(full)) return;
  const info = await stat(full);
  if (info.isFile()) {
    out.push(relative);
    return;
  }
  for (const entry of await readdir(full)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    await collect(root, path.join(relative, entry), out);
  }
}

export async function computeSourceHash(root: string): Promise<string> {
  const files: string[] = [];
  for (const input of INPUTS) await collect(root, input, files);
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(file).update('\0').update(await readFile(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export async function isBuildCurrent(root: string): Promise<boolean> {
  if (!existsSync(path.join(root, '.next/BUILD_ID')) || !existsSync(path.join(root, STAMP))) return false;
  return (await readFile(path.join(root, STAMP), 'utf8')).trim() === (await computeSourceHash(root));
}

/** Records the hash taken before the build started: an edit made during the build triggers the next one. */
export async function recordBuild(root: string, sourceHash: string): Promise<void> {
  await writeFile(path.join(root, STAMP), sourceHash);
}
