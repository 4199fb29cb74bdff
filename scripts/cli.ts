// `npm run tidings -- <command>`: operator commands against the same database as `npm start`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { prepareEnvironment } from './support/local-environment';
import { MIGRATIONS_DIR, readMigrationFiles, runMigrations } from './support/migrate';

const USAGE = `Usage: npm run tidings -- <command> [options]

Commands:
  migrate                                   apply pending database migrations
  user revoke-sessions --email <e>          sign a user out everywhere (their existing sessions stop working)
  seed                                      create the demo data (only into an empty database)
  api-key create --org <slug> --scopes <a,b,…> [--name <name>] [--rate-limit <requests a minute>]
                                            create an API key; prints the key alone on the last line
  api-key rate-limit --key <id or prefix> --rate-limit <requests a minute|default>
                                            set how many requests a minute a key may send
  user create --email <e> --password <p> --org <slug> --role <owner|admin|viewer> [--reset-password]
                                            create a console user; an existing email is refused unless
                                            --reset-password, which gives it this password (ending its
                                            sessions) and the role
  user list --org <slug>                    list the members of an organization with role and last sign-in
  user invite --org <slug> --email <e> --role <owner|admin|viewer>
                                            invite someone; prints the single-use link alone on the last line
                                            (also emailed when TIDINGS_SMTP_URL is set)
  org create --parent <slug> --slug <slug> --name <name>
                                            create a sub-organization
  simulate --org <slug> [--rate <events/s>] [--for <seconds>]
                                            emit realistic demo traffic through the ingestion path (default 5/s for 60 s)
  migration create --name <name>            write a new migration from the changes to prisma/schema.prisma

Scopes: webhooks:read webhooks:write deliveries:read deliveries:write events:write
        forms:read forms:write organizations:read organizations:write audit:read
        view:transactions view:contacts view:forms view:purchases view:orders view:form_submissions
        events:expunge (erases a person's data from every event type: name it on purpose)`;

class UsageError extends Error {}

function requireOption(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`Missing --${name}`);
  return value.trim();
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      scopes: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      parent: { type: 'string' },
      slug: { type: 'string' },
      rate: { type: 'string' },
      for: { type: 'string' },
      key: { type: 'string' },
      'rate-limit': { type: 'string' },
      'reset-password': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return;
  }
  const known = ['migrate', 'seed', 'api-key create', 'api-key rate-limit', 'user create', 'user revoke-sessions', 'user list', 'user invite', 'org create', 'simulate', 'migration create'];
  if (!known.includes(command)) throw new UsageError(`Unknown command "${command}"`);

  const environment = await prepareEnvironment();
  try {
    await runMigrations(environment.databaseUrl, { log: (line) => console.error(line) });
    const { installQueues } = await import('../lib/queue/boss');
    await installQueues(environment.databaseUrl);
    // Custom header values stored in plain text before they were secrets are sealed now.
    const { sealLegacyCustomHeaders } = await import('../lib/webhooks/seal-legacy-custom-headers');
    const sealed = await sealLegacyCustomHeaders();
    if (sealed > 0) console.error(`encrypted the custom header values of ${sealed} webhook(s)`);
    // Imported after the environment is prepared: lib/ reads its configuration on first use.
    const { runCommand } = await import('./support/cli-commands');
    if (command === 'migrate') {
      console.log('Database is up to date.');
    } else if (command === 'migration create') {
      await createMigration(requireOption(values, 'name'), environment.databaseUrl);
    } else {
      await runCommand(command, values, environment.env);
    }
  } finally {
    const { closeDb } = await import('../lib/db');
    await closeDb();
    if (environment.ownsDatabase) await environment.stopDatabase();
  }
}

async function createMigration(name: string, databaseUrl: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new UsageError('--name uses lowercase letters, digits and _');
  // Each migration keeps a copy of the schema it produced; the next one is the SQL
  // that Prisma renders from that copy to today's schema.prisma.
  const previous = (await readMigrationFiles()).map((file) => path.join(MIGRATIONS_DIR, file.name, 'schema.prisma')).filter((file) => existsSync(file)).at(-1);
  const run = promisify(execFile);
  const prisma = path.resolve(import.meta.dirname, '../node_modules/.bin/prisma');
  const from = previous ? ['--from-schema-datamodel', previous] : ['--from-empty'];
  const { stdout } = await run(prisma, ['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (stdout.includes('This is an empty migration')) {
    console.log('schema.prisma has no changes that need a migration.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const directory = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(directory);
  await writeFile(path.join(directory, 'migration.sql'), stdout);
  await copyFile('prisma/schema.prisma', path.join(directory, 'schema.prisma'));
  console.log(`Wrote ${path.relative(process.cwd(), directory)}/migration.sql`);
}

main()
  // pg-boss's timers (enqueueing starts one) would keep a finished command alive.
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exit(1);
  });
