import { accessSync, constants, existsSync } from 'node:fs';

// Where the browser tests look for Chromium, in order: an explicit TIDINGS_CHROMIUM,
// the distribution's package (Debian/Ubuntu), then Playwright's own download. Used by
// playwright.config.ts (which browser to launch) and scripts/ensure-browser.ts (which
// installs one when none is found), so both agree.
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export type BrowserProbes = {
  /** TIDINGS_CHROMIUM, when set. */
  explicit?: string;
  /** The executable Playwright would download to (chromium.executablePath()), if known. */
  playwrightPath?: () => string | undefined;
  isExecutable?: (file: string) => boolean;
};

function isExecutableFile(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type FoundBrowser = { path: string; source: 'TIDINGS_CHROMIUM' | 'system' | 'playwright' };

/** The first Chromium present and executable, or null. Cheap: file checks only. */
export function findChromium(probes: BrowserProbes = {}): FoundBrowser | null {
  const isExecutable = probes.isExecutable ?? isExecutableFile;
  if (probes.explicit) return isExecutable(probes.explicit) ? { path: probes.explicit, source: 'TIDINGS_CHROMIUM' } : null;
  for (const candidate of SYSTEM_CHROMIUM_PATHS) {
    if (isExecutable(candidate)) return { path: candidate, source: 'system' };
  }
  const own = probes.playwrightPath?.();
  if (own && isExecutable(own)) return { path: own, source: 'playwright' };
  return null;
}
