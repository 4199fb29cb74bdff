import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import config from '../../playwright.config';

const run = promisify(execFile);

/** Runs `npm run tidings -- …` against the same data directory as the server under test. */
export async function tidings(args: string[]): Promise<string> {
  const env = { ...process.env, ...(config.webServer as { env: Record<string, string> }).env };
  const { stdout } = await run('npm', ['run', '--silent', 'tidings', '--', ...args], { env, timeout: 60_000 });
  return stdout;
}
