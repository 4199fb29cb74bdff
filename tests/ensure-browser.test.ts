import { describe, expect, it } from 'vitest';
import { ensureBrowser, MANUAL_INSTALL_HINT, type EnsureBrowserDeps } from '../scripts/support/ensure-browser';
import { findChromium, type FoundBrowser } from '../scripts/support/find-browser';

// The machine is simulated: which files exist, which commands succeed, and what each
// command changes (an install makes a browser appear). Nothing is installed for real.
type Machine = {
  browser: FoundBrowser | null;
  runs: boolean;
  isRoot: boolean;
  isDebian: boolean;
  /** What each command does: returns its exit status, may install a browser. */
  commands: Record<string, (machine: Machine) => boolean>;
};

function simulate(machine: Machine) {
  const ran: string[] = [];
  const logged: string[] = [];
  const deps: EnsureBrowserDeps = {
    find: () => machine.browser,
    run: async (command, args) => {
      const line = [command, ...args].join(' ');
      ran.push(line);
      return machine.commands[line]?.(machine) ?? false;
    },
    probe: async () => (machine.runs ? { ok: true, output: 'Chromium 156.0.8078.114\n' } : { ok: false, output: 'error while loading shared libraries\n' }),
    isRoot: machine.isRoot,
    isDebian: machine.isDebian,
    hasAptGet: true,
    playwrightCli: 'playwright',
    log: (line) => logged.push(line),
  };
  return { deps, ran, logged };
}

const PLAYWRIGHT_INSTALL = 'playwright install chromium';
const APT_UPDATE = 'apt-get update';
const APT_INSTALL = 'apt-get install -y --no-install-recommends chromium';
const system: FoundBrowser = { path: '/usr/bin/chromium', source: 'system' };

describe('ensureBrowser', () => {
  it('uses a Chromium that is already there and installs nothing', async () => {
    const { deps, ran } = simulate({ browser: system, runs: true, isRoot: true, isDebian: true, commands: {} });
    const result = await ensureBrowser(deps);
    expect(result).toEqual({ ok: true, browser: system, version: 'Chromium 156.0.8078.114' });
    expect(ran).toEqual([]);
  });

  it("takes Playwright's download when it works, and does not touch apt", async () => {
    const { deps, ran } = simulate({
      browser: null,
      runs: true,
      isRoot: true,
      isDebian: true,
      commands: { [PLAYWRIGHT_INSTALL]: (machine) => ((machine.browser = { path: '/root/.cache/ms-playwright/chrome', source: 'playwright' }), true) },
    });
    const result = await ensureBrowser(deps);
    expect(result.ok && result.browser.source).toBe('playwright');
    expect(ran).toEqual([PLAYWRIGHT_INSTALL]);
  });

  it("falls back to Debian's package as root when the download cannot reach its host, saying what it runs", async () => {
    const { deps, ran, logged } = simulate({
      browser: null,
      runs: true,
      isRoot: true,
      isDebian: true,
      commands: {
        [PLAYWRIGHT_INSTALL]: () => false,
        [APT_UPDATE]: () => true,
        [APT_INSTALL]: (machine) => ((machine.browser = system), true),
      },
    });
    const result = await ensureBrowser(deps);
    expect(result).toMatchObject({ ok: true, browser: system });
    expect(ran).toEqual([PLAYWRIGHT_INSTALL, APT_UPDATE, APT_INSTALL]);
    expect(logged.some((line) => line.includes('apt-get install -y chromium'))).toBe(true);
  });

  it('does not try apt without root, and stops with one line naming the command to run', async () => {
    const { deps, ran } = simulate({ browser: null, runs: true, isRoot: false, isDebian: true, commands: { [PLAYWRIGHT_INSTALL]: () => false } });
    const result = await ensureBrowser(deps);
    expect(result).toEqual({ ok: false, message: MANUAL_INSTALL_HINT });
    expect(ran).toEqual([PLAYWRIGHT_INSTALL]);
    expect(MANUAL_INSTALL_HINT).not.toContain('\n');
    expect(MANUAL_INSTALL_HINT).toMatch(/apt-get install -y chromium/);
  });

  it('does not try apt off Debian', async () => {
    const { deps, ran } = simulate({ browser: null, runs: true, isRoot: true, isDebian: false, commands: { [PLAYWRIGHT_INSTALL]: () => false } });
    expect((await ensureBrowser(deps)).ok).toBe(false);
    expect(ran).toEqual([PLAYWRIGHT_INSTALL]);
  });

  it('treats a Chromium that does not start as missing', async () => {
    const { deps, ran, logged } = simulate({ browser: system, runs: false, isRoot: false, isDebian: true, commands: { [PLAYWRIGHT_INSTALL]: () => false } });
    expect((await ensureBrowser(deps)).ok).toBe(false);
    expect(ran).toEqual([PLAYWRIGHT_INSTALL]);
    expect(logged[0]).toMatch(/does not run/);
  });

  it('reports failure when apt-get fails', async () => {
    const { deps, ran } = simulate({
      browser: null,
      runs: true,
      isRoot: true,
      isDebian: true,
      commands: { [PLAYWRIGHT_INSTALL]: () => false, [APT_UPDATE]: () => false },
    });
    expect(await ensureBrowser(deps)).toEqual({ ok: false, message: MANUAL_INSTALL_HINT });
    expect(ran).toEqual([PLAYWRIGHT_INSTALL, APT_UPDATE]);
  });
});

describe('findChromium', () => {
  const files = (present: string[]) => (file: string) => present.includes(file);

  it("prefers TIDINGS_CHROMIUM, then the system's package, then Playwright's", () => {
    const playwrightPath = () => '/pw/chrome';
    expect(findChromium({ explicit: '/opt/chrome', isExecutable: files(['/opt/chrome', '/usr/bin/chromium']), playwrightPath })).toEqual({ path: '/opt/chrome', source: 'TIDINGS_CHROMIUM' });
    expect(findChromium({ isExecutable: files(['/pw/chrome', '/usr/bin/chromium']), playwrightPath })).toEqual({ path: '/usr/bin/chromium', source: 'system' });
    expect(findChromium({ isExecutable: files(['/pw/chrome']), playwrightPath })).toEqual({ path: '/pw/chrome', source: 'playwright' });
    expect(findChromium({ isExecutable: files([]), playwrightPath })).toBeNull();
  });

  it('does not fall back when TIDINGS_CHROMIUM names nothing executable', () => {
    expect(findChromium({ explicit: '/nope', isExecutable: files(['/usr/bin/chromium']) })).toBeNull();
  });
});
