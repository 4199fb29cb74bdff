import { findChromium, type FoundBrowser } from './find-browser';

// What `npm run test:e2e` does before Playwright starts: find a Chromium that runs, or
// install one (Playwright's download; where that cannot reach its host and we are root
// on Debian, the distribution's package), or stop with one line saying what to run.

export type CommandResult = { ok: boolean; output: string };

export type EnsureBrowserDeps = {
  /** Finds an executable Chromium (file checks only). */
  find: () => FoundBrowser | null;
  /** Runs a command, output shown to the user; resolves whether it exited 0. */
  run: (command: string, args: string[]) => Promise<boolean>;
  /** Runs a command quietly and returns its output (for `chromium --version`). */
  probe: (command: string, args: string[]) => Promise<CommandResult>;
  isRoot: boolean;
  isDebian: boolean;
  hasAptGet: boolean;
  /** Path of node_modules/.bin/playwright. */
  playwrightCli: string;
  log: (line: string) => void;
};

export type EnsureBrowserResult = { ok: true; browser: FoundBrowser; version: string } | { ok: false; message: string };

export const MANUAL_INSTALL_HINT =
  'No Chromium for the browser tests: run `sudo apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`, then run the tests again.';

async function usable(deps: EnsureBrowserDeps): Promise<{ browser: FoundBrowser; version: string } | null> {
  const browser = deps.find();
  if (!browser) return null;
  const result = await deps.probe(browser.path, ['--version']);
  if (!result.ok) {
    deps.log(`Chromium at ${browser.path} does not run (${result.output.trim().split('\n').pop() ?? 'no output'})`);
    return null;
  }
  return { browser, version: result.output.trim().split('\n').filter((line) => /\d+\.\d+/.test(line)).pop() ?? result.output.trim() };
}

export async function ensureBrowser(deps: EnsureBrowserDeps): Promise<EnsureBrowserResult> {
  let found = await usable(deps);
  if (found) return { ok: true, ...found };

  deps.log('No Chromium found for the browser tests; trying `playwright install chromium`…');
  if (await deps.run(deps.playwrightCli, ['install', 'chromium'])) {
    found = await usable(deps);
    if (found) return { ok: true, ...found };
  }

  if (deps.isRoot && deps.isDebian && deps.hasAptGet) {
    deps.log("Playwright's download did not work; installing Debian's Chromium: apt-get update && apt-get install -y chromium");
    const installed =
      (await deps.run('apt-get', ['update'])) && (await deps.run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']));
    if (installed) {
      found = await usable(deps);
      if (found) return { ok: true, ...found };
    }
  }
  return { ok: false, message: MANUAL_INSTALL_HINT };
}
