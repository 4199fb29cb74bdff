import type { Page } from '@playwright/test';

export const SHOTS = 'test-results/screenshots';

/** Full-page screenshots at 1280 and 390 px wide (`<name>-1280.png`, `<name>-390.png`), leaving the page at 1280. */
export async function screenshotWideAndNarrow(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A screenshot of the viewport (or, with `fullPage`, the whole page) as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: options.fullPage });
}
