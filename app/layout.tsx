import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Tidings', template: '%s · Tidings' },
  description: 'Webhooks for donation, registration and CRM platforms',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so each carries the script nonce of its own
  // Content-Security-Policy (proxy.ts); a page prerendered at build time would have none.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
