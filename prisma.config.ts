import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// prisma.config.ts does not load .env by itself.
if (existsSync('.env')) process.loadEnvFile('.env');
// A default keeps `prisma generate` offline-capable when no database is configured.
const connectionString =
  process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:54329/tidings';
process.env.DATABASE_URL = connectionString;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    return new PrismaPg({ connectionString });
  },
});
