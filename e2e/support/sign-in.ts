import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../playwright.config';

export async function signIn(page: Page, credentials = E2E_ADMIN): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toContainText(credentials.email);
}
