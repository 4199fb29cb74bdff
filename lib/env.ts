import { z } from 'zod';

// The one module that reads process.env. Everything else asks it.
// A bad value stops startup with a message naming the variable.

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', ''])
  .transform((value) => value === '1' || value === 'true');

const port = z.coerce.number().int().min(1).max(65535);

const encryptionKey = z.string().refine((value) => decodeKey(value)?.length === 32, {
  message: 'must be 32 bytes, as 64 hex characters or base64',
});

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), { message: 'must be a postgres:// URL' })
    .optional(),
  TIDINGS_DATA_DIR: z.string().min(1).default('.tidings'),
  TIDINGS_DB_PORT: port.default(54329),
  PORT: port.default(3000),
  // The web server's listen address. Unset: `npm start` listens on 127.0.0.1 only (see
  // launcherChildEnv), `npm run web` on every interface, as `next start` does.
  HOST: z
    .string()
    .regex(/^[0-9A-Za-z.:%_-]+$/, 'must be an address or a host name, such as 127.0.0.1 or 0.0.0.0')
    .optional(),
  // Proxies in front of the web server that append to X-Forwarded-For (a load balancer: 1;
  // a CDN and a load balancer: 2). 0: the header is the client's own claim and is ignored.
  TIDINGS_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(16).default(0),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TIDINGS_ENCRYPTION_KEY: encryptionKey.optional(),
  TIDINGS_ADMIN_EMAIL: z.email().default('admin@example.com'),
  TIDINGS_ADMIN_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters')
    .refine((value) => Buffer.byteLength(value, 'utf8') <= 72, { message: 'must be at most 72 bytes (bcrypt reads no more)' })
    .optional(),
  // /api/metrics answers only to `Authorization: Bearer <this>`; unset, only to loopback clients.
  TIDINGS_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TIDINGS_ALLOW_HTTP: booleanFlag.optional(),
  TIDINGS_ALLOWED_NETWORKS: z.string().optional(),
  // Requests a minute per API key, unless an owner or admin set the key's own limit.
  TIDINGS_API_KEY_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  TIDINGS_RETRY_SCALE: z.coerce.number().positive().max(100).default(1),
  TIDINGS_RETENTION_DAYS: z.coerce.number().positive().default(30),
  TIDINGS_AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(365),
  TIDINGS_DISABLE_AFTER_DAYS: z.coerce.number().positive().default(5),
  TIDINGS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(200),
  TIDINGS_WORKER_PER_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
  // Requests in flight per organization in each worker; unset: a quarter of TIDINGS_WORKER_CONCURRENCY.
  TIDINGS_WORKER_PER_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(2000).optional(),
  TIDINGS_INBOX_ENABLED: booleanFlag.optional(),
  // Requests kept per inbox: the oldest are deleted as new ones arrive.
  TIDINGS_INBOX_KEEP: z.coerce.number().int().min(1).max(100_000).default(500),
  TIDINGS_DEMO_TRAFFIC: booleanFlag.default(false),
  TIDINGS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Outgoing mail (invitations, warnings): smtp://user:pass@host:port or smtps://…; unset, no mail is sent.
  TIDINGS_SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^\s]+$/.test(value), { message: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  TIDINGS_MAIL_FROM: z.string().min(3).default('Tidings <tidings@localhost>'),
  // How long an invitation link stays valid.
  TIDINGS_INVITE_HOURS: z.coerce.number().positive().max(24 * 365).default(72),
  TIDINGS_MAX_WEBHOOKS_PER_ORG: z.coerce.number().int().min(1).max(1_000_000).default(100),
  // Held deliveries kept per PAUSED or DISABLED webhook; events past it are counted on the webhook, not held.
  TIDINGS_MAX_HELD_PER_WEBHOOK: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
});

export type RawEnv = z.infer<typeof EnvSchema>;

export type Env = RawEnv & {
  /** No DATABASE_URL was given: the launcher runs embedded PostgreSQL and generates local secrets. */
  localDemo: boolean;
  /**
   * Demo openness: loopback targets, `http://` URLs and the inbox default on only when
   * NODE_ENV is not `production` (explicit variables always win), whatever the database.
   */
  allowHttp: boolean;
  allowedNetworks: string[];
  inboxEnabled: boolean;
  /** TIDINGS_WORKER_PER_ORG_CONCURRENCY, or its default: a quarter of the worker's concurrency. */
  workerPerOrganizationConcurrency: number;
};

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n'),
    );
    this.name = 'EnvError';
  }
}

export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    return bytes.length > 0 ? bytes : undefined;
  }
  return undefined;
}

/** Parses an environment. Empty strings count as unset, as shells and .env files produce them. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(unknown)'),
        message: issue.message,
      })),
    );
  }
  const raw = result.data;
  const localDemo = !raw.DATABASE_URL || source.TIDINGS_LOCAL_DEMO === '1';
  if (raw.NODE_ENV === 'production' && !localDemo) {
    const missing = (['NEXTAUTH_SECRET', 'TIDINGS_ENCRYPTION_KEY'] as const)
      .filter((name) => !raw[name])
      .map((variable) => ({ variable, message: 'is required in production with DATABASE_URL' }));
    if (missing.length > 0) throw new EnvError(missing);
  }
  const demoOpen = raw.NODE_ENV !== 'production';
  const allowedNetworks = (raw.TIDINGS_ALLOWED_NETWORKS ?? (demoOpen ? '127.0.0.0/8,::1/128' : ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const cidr of allowedNetworks) {
    if (!isCidr(cidr)) {
      throw new EnvError([{ variable: 'TIDINGS_ALLOWED_NETWORKS', message: `"${cidr}" is not a CIDR range` }]);
    }
  }
  return {
    ...raw,
    localDemo,
    allowHttp: raw.TIDINGS_ALLOW_HTTP ?? demoOpen,
    allowedNetworks,
    inboxEnabled: raw.TIDINGS_INBOX_ENABLED ?? demoOpen,
    workerPerOrganizationConcurrency:
      raw.TIDINGS_WORKER_PER_ORG_CONCURRENCY ?? Math.max(1, Math.floor(raw.TIDINGS_WORKER_CONCURRENCY / 4)),
  };
}

/** What a production web server or worker cannot run without (README "Configuration"). */
const PRODUCTION_PROCESS_REQUIRES = ['DATABASE_URL', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'TIDINGS_ENCRYPTION_KEY'] as const;

/**
 * A production web server or worker started on its own (`npm run web`, `npm run worker`,
 * NODE_ENV=production without the launcher's TIDINGS_LOCAL_DEMO) refuses to start without
 * its database, its secrets and its public address: otherwise it would start and answer
 * every request with a 503. The error names each missing variable on a line of its own.
 */
export function assertProductionProcessEnv(source: Record<string, string | undefined>): void {
  if (source.NODE_ENV !== 'production' || source.TIDINGS_LOCAL_DEMO === '1') return;
  const missing = PRODUCTION_PROCESS_REQUIRES.filter((name) => !source[name]).map((variable) => ({
    variable,
    message: 'is required in production (npm run web, npm run worker); npm start sets it for its own processes',
  }));
  if (missing.length > 0) throw new EnvError(missing);
}

/**
 * A production process's configuration (the web server, the worker), or one line per bad or
 * missing variable and exit 1: no stack, it is the operator's to fix.
 */
export function readProcessConfigurationOrExit(): Env {
  try {
    assertProductionProcessEnv(process.env);
    return env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * What `npm start` hands its web and worker processes. They run with NODE_ENV=production
 * (a production build), which alone would close the demo: so the launcher passes its own
 * decision, made under the NODE_ENV it was started with, as explicit variables, and the
 * listen address (127.0.0.1 unless HOST is set).
 */
export function launcherChildEnv(env: Env): Record<string, string> {
  return {
    TIDINGS_ALLOW_HTTP: env.allowHttp ? '1' : '0',
    TIDINGS_ALLOWED_NETWORKS: env.allowedNetworks.join(','),
    TIDINGS_INBOX_ENABLED: env.inboxEnabled ? '1' : '0',
    HOST: env.HOST ?? '127.0.0.1',
  };
}

function isCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || !address || !bits || !/^\d{1,3}$/.test(bits)) return false;
  if (address.includes(':')) return Number(bits) <= 128 && /^[0-9a-fA-F:.]+$/.test(address);
  return Number(bits) <= 32 && /^(\d{1,3}\.){3}\d{1,3}$/.test(address) && address.split('.').every((part) => Number(part) <= 255);
}

let cached: Env | undefined;

/** The validated configuration of this process, parsed once on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For scripts that set variables (the launcher, tests) before anything reads them. */
export function resetEnvCache(): void {
  cached = undefined;
}
