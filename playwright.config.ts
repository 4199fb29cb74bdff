import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// The browser tests run against the real product, started the way a user starts it
// (`npm start`: embedded PostgreSQL, migrations, demo data, production build, worker),
// in a data directory of their own.
const port = Number(process.env.E2E_PORT ?? 3210);
const databasePort = Number(process.env.E2E_DB_PORT ?? 54410);
const dataDir = path.join(os.tmpdir(), `tidings-e2e-${port}`);
export const E2E_ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password' };

const chromium = '/usr/bin/chromium';

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
      executablePath: existsSync(chromium) ? chromium : undefined,
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
    },
  },
});
