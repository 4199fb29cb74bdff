import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The browser gets event names and labels, never the catalog's schemas and samples
// (they are most of its weight): no client module may import the definitions, or
// anything under schemas/ or samples/.
const root = path.resolve(import.meta.dirname, '../../..');

async function sourceFiles(directory: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await sourceFiles(full)));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

describe('the browser bundle', () => {
  it('imports event names and labels only, never the catalog definitions, schemas or samples', async () => {
    const files = [...(await sourceFiles(path.join(root, 'components'))), ...(await sourceFiles(path.join(root, 'app')))];
    const offenders: string[] = [];
    let clientModules = 0;
    for (const file of files) {
      const source = await readFile(file, 'utf8');
      // Components are rendered in the browser (client components, or imported by them).
      const inBrowser = file.includes(`${path.sep}components${path.sep}`) || /^\s*['"]use client['"]/.test(source);
      if (!inBrowser) continue;
      clientModules += 1;
      if (/events\/catalog\/(definitions|schemas|samples)/.test(source)) offenders.push(path.relative(root, file));
    }
    expect(clientModules).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });
});
