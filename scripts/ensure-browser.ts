// Runs before Playwright (`npm run test:e2e`): makes sure a Chromium is there, installing
// one when it is not (see scripts/support/ensure-browser.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ensureBrowser } from './support/ensure-browser';
import { findChromium } from './support/find-browser';

const root = path.resolve(import.meta.dirname, '..');

function say(line: string): void {
  console.log(`[browser] ${line}`);
}

function run(command: string, args: string[]): Promise<boolean> {
  say(`$ ${[path.basename(command), ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

function probe(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, output: error.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, output });
    });
  });
}

const result = await ensureBrowser({
  find: () => findChromium({ explicit: process.env.TIDINGS_CHROMIUM, playwrightPath: () => chromium.executablePath() }),
  run,
  probe,
  isRoot: process.getuid?.() === 0,
  isDebian: existsSync('/etc/debian_version'),
  hasAptGet: existsSync('/usr/bin/apt-get'),
  playwrightCli: path.join(root, 'node_modules/.bin/playwright'),
  log: say,
});
if (result.ok) {
  say(`using ${result.version} at ${result.browser.path}`);
} else {
  console.error(result.message);
  process.exit(1);
}
