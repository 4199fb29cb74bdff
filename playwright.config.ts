import os from 'node:os';
import path from 'node:path';
import { chromium as playwrightChromium, defineConfig } from '@playwright/test';
import { findChromium } from './scripts/support/find-browser';

// The browser tests run against the real product, started the way a user starts it
// (`npm start`: embedded PostgreSQL, migrations, demo data, production build, worker),
// in a data directory of their own.
const port = Number(process.env.E2E_PORT ?? 3210);
const databasePort = Number(process.env.E2E_DB_PORT ?? 54410);
const dataDir = path.join(os.tmpdir(), `tidings-e2e-${port}`);
export const E2E_ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password' };

// The Chromium scripts/ensure-browser.ts found or installed (`npm run test:e2e` runs it
// first): TIDINGS_CHROMIUM, the system's package, else Playwright's own browser.
const browser = findChromium({ explicit: process.env.TIDINGS_CHROMIUM, playwrightPath: () => playwrightChromium.executablePath() });

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser && browser.source !== 'playwright' ? browser.path : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `rm -rf "${dataDir}" && npm start`,
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: {
      PORT: String(port),
      TIDINGS_DATA_DIR: dataDir,
      TIDINGS_DB_PORT: String(databasePort),
      TIDINGS_ADMIN_EMAIL: E2E_ADMIN.email,
      TIDINGS_ADMIN_PASSWORD: E2E_ADMIN.password,
      TIDINGS_RETRY_SCALE: '0.01',
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
