// The cluster harness behind `npm run cluster`: Tidings in its reference production shape
// (docs/deploying.md), on one machine, each "host" a network namespace joined to a bridge:
//   dcs (etcd) · db1..db3 (PostgreSQL 15 under Patroni, synchronous replication) ·
//   lb (HAProxy: PostgreSQL to the primary, HTTP round robin; PgBouncer for the web) ·
//   web1, web2 (`npm run web`) · worker1, worker2 (`npm run worker`) · rx (a receiver).
// It runs the files in deploy/ as they are (Patroni YAML, HAProxy cfg, PgBouncer ini, the
// systemd units' ExecStart and Environment lines), so the documented configuration is the
// tested one. Every process it starts lives in one of its namespaces; stopping a member
// signals exactly the processes in that namespace (`ip netns pids`).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { computeSourceHash, isBuildCurrent, recordBuild } from '../support/build-stamp';
import { addressOf, DB_MEMBERS, linkOf, member, MEMBERS, namespaceOf, topology, type MemberName, type Topology } from './topology';

const root = path.resolve(import.meta.dirname, '../..');
const deploy = (file: string) => path.join(root, 'deploy', file);

export type ClusterState = {
  topology: Topology;
  secrets: {
    superuserPassword: string;
    replicationPassword: string;
    rewindPassword: string;
    tidingsPassword: string;
    nextauthSecret: string;
    encryptionKey: string;
  };
  /** Web processes reach PostgreSQL through PgBouncer (transaction mode) on lb, or HAProxy directly. */
  webThroughPgBouncer: boolean;
  /** Extra variables for web and worker processes (tests set e.g. TIDINGS_RETRY_SCALE). */
  processEnvironment: Record<string, string>;
  /** Web and worker members running another release's code (a rolling upgrade): its directory. */
  codeRoots?: Partial<Record<MemberName, string>>;
};

export type UpOptions = { webThroughPgBouncer?: boolean; processEnvironment?: Record<string, string>; log?: (line: string) => void };

function run(command: string, args: string[], options: { allowFailure?: boolean; input?: string } = {}): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input: options.input });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout ?? '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError instanceof Error ? ` (${lastError.message})` : ''}`);
}

async function fetchWithTimeout(url: string, init: RequestInit = {}, timeoutMs = 2_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

// ---------------------------------------------------------------------------------------
// Packages

const REQUIRED_BINARIES: { binary: string; debianPackage: string }[] = [
  { binary: '/usr/lib/postgresql/15/bin/postgres', debianPackage: 'postgresql-15' },
  { binary: '/usr/bin/patroni', debianPackage: 'patroni' },
  { binary: '/usr/bin/etcd', debianPackage: 'etcd-server' },
  { binary: '/usr/sbin/haproxy', debianPackage: 'haproxy' },
  { binary: '/usr/sbin/pgbouncer', debianPackage: 'pgbouncer' },
];

/** Installs Debian's packages the cluster runs on when they are missing (as root, the machine's own apt). */
export function ensurePackages(log: (line: string) => void): void {
  const missing = REQUIRED_BINARIES.filter(({ binary }) => !existsSync(binary)).map(({ debianPackage }) => debianPackage);
  // Patroni's etcd3 client imports python-etcd; psycopg2 is how it talks to PostgreSQL.
  if (spawnSync('/usr/bin/python3', ['-c', 'import etcd, psycopg2']).status !== 0) missing.push('python3-etcd', 'python3-psycopg2');
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} (run as root, or apt-get install them)`);
  log(`installing Debian packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed: ${result.stderr}`);
  if (spawnSync('id', ['postgres']).status !== 0) throw new Error('the postgresql-15 package did not create the postgres user');
}

// ---------------------------------------------------------------------------------------
// State

const statePath = (t: Topology) => path.join(t.stateDir, 'state.json');

export function readState(t: Topology = topology()): ClusterState | null {
  if (!existsSync(statePath(t))) return null;
  return JSON.parse(readFileSync(statePath(t), 'utf8')) as ClusterState;
}

function requireState(): ClusterState {
  const state = readState();
  if (!state) throw new Error('no cluster is up: run `npm run cluster -- up` first');
  return state;
}

const secret = () => randomBytes(24).toString('base64url');

function memberDir(t: Topology, name: MemberName): string {
  const directory = path.join(t.stateDir, name);
  mkdirSync(directory, { recursive: true });
  chmodSync(directory, 0o755);
  return directory;
}

const postgresIds = () => ({
  uid: Number(run('id', ['-u', 'postgres']).trim()),
  gid: Number(run('id', ['-g', 'postgres']).trim()),
});

// ---------------------------------------------------------------------------------------
// Network: a bridge on the machine, a veth pair per member. No route leads anywhere else:
// the namespaces have no default route, and nothing is forwarded or translated.

function networkUp(t: Topology): void {
  if (run('ip', ['link', 'show', t.bridge], { allowFailure: true }) === '') {
    run('ip', ['link', 'add', t.bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', `${t.hostAddress}/24`, 'dev', t.bridge]);
  }
  run('ip', ['link', 'set', t.bridge, 'up']);
  const existing = run('ip', ['netns', 'list']);
  for (const { name } of MEMBERS) {
    const namespace = namespaceOf(t, name);
    if (!existing.split('\n').some((line) => line.split(' ')[0] === namespace)) run('ip', ['netns', 'add', namespace]);
    const link = linkOf(t, name);
    if (run('ip', ['link', 'show', link], { allowFailure: true }) === '') {
      run('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
      run('ip', ['link', 'set', link, 'master', t.bridge]);
      run('ip', ['-n', namespace, 'addr', 'add', `${addressOf(t, name)}/24`, 'dev', 'eth0']);
    }
    run('ip', ['link', 'set', link, 'up']);
    run('ip', ['-n', namespace, 'link', 'set', 'lo', 'up']);
    run('ip', ['-n', namespace, 'link', 'set', 'eth0', 'up']);
  }
}

function networkDown(t: Topology): void {
  for (const { name } of MEMBERS) {
    run('ip', ['link', 'del', linkOf(t, name)], { allowFailure: true });
    run('ip', ['netns', 'del', namespaceOf(t, name)], { allowFailure: true });
  }
  run('ip', ['link', 'del', t.bridge], { allowFailure: true });
}

export function pidsOf(t: Topology, name: MemberName): number[] {
  return run('ip', ['netns', 'pids', namespaceOf(t, name)], { allowFailure: true })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM to every process of the member, SIGKILL to what is left after `graceMs`. */
async function stopMember(t: Topology, name: MemberName, graceMs: number): Promise<void> {
  signal(pidsOf(t, name), 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pidsOf(t, name).length > 0) await sleep(200);
  signal(pidsOf(t, name), 'SIGKILL');
  while (pidsOf(t, name).length > 0) await sleep(100);
}

/** Starts `argv` inside the member's namespace, detached, its output appended to the member's log. */
function startInNamespace(t: Topology, name: MemberName, argv: string[], environment: Record<string, string>, logName = 'process.log', cwd = root): number {
  const logFile = path.join(memberDir(t, name), logName);
  const out = openSync(logFile, 'a');
  const child = spawn('ip', ['netns', 'exec', namespaceOf(t, name), ...argv], {
    cwd,
    env: environment as NodeJS.ProcessEnv,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  if (!child.pid) throw new Error(`could not start ${argv[0]} in ${name}`);
  return child.pid;
}

// ---------------------------------------------------------------------------------------
// systemd units: the harness starts web, worker and Patroni from the units in deploy/systemd.

type Unit = { execStart: string[]; user?: string; environment: Record<string, string>; environmentFiles: string[]; workingDirectory?: string };

export function readUnit(file: string): Unit {
  const unit: Unit = { execStart: [], environment: {}, environmentFiles: [] };
  let section = '';
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      section = line;
      continue;
    }
    if (section !== '[Service]') continue;
    const equals = line.indexOf('=');
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (key === 'ExecStart') unit.execStart = value.split(/\s+/);
    else if (key === 'User') unit.user = value;
    else if (key === 'WorkingDirectory') unit.workingDirectory = value;
    else if (key === 'EnvironmentFile') unit.environmentFiles.push(value);
    else if (key === 'Environment') {
      const at = value.indexOf('=');
      unit.environment[value.slice(0, at)] = value.slice(at + 1);
    }
  }
  return unit;
}

function writeEnvironmentFile(file: string, values: Record<string, string>): void {
  writeFileSync(file, Object.entries(values).map(([key, value]) => `${key}=${value}`).join('\n') + '\n', { mode: 0o600 });
}

function readEnvironmentFile(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !line.startsWith('#')) values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}

/**
 * Starts a unit's ExecStart in the member's namespace with the unit's Environment lines,
 * then its EnvironmentFiles in order (later wins, as in systemd), read from `files`
 * (the unit's path → this cluster's file) — and `replacePaths` for paths in ExecStart.
 */
function startUnit(
  t: Topology,
  name: MemberName,
  unitFile: string,
  files: Record<string, string>,
  replacePaths: Record<string, string>,
  hostPrefix: string[] = [],
): number {
  const unit = readUnit(unitFile);
  const environment: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...unit.environment };
  for (const file of unit.environmentFiles) {
    const local = files[file];
    if (!local) throw new Error(`${path.basename(unitFile)}: no file given for EnvironmentFile=${file}`);
    Object.assign(environment, readEnvironmentFile(local));
  }
  let argv = unit.execStart.map((word) => replacePaths[word] ?? word);
  // npm as installed with this project's Node (the machine's /usr/bin/npm in production).
  if (argv[0] === '/usr/bin/npm') argv[0] = 'npm';
  if (unit.user && unit.user !== 'root' && unit.user !== 'tidings') argv = ['runuser', '-u', unit.user, '--', ...argv];
  // A unit without WorkingDirectory runs in the member's own directory: its user (postgres)
  // may not be allowed into the checkout.
  const workingDirectory = unit.workingDirectory ? (replacePaths[unit.workingDirectory] ?? unit.workingDirectory) : memberDir(t, name);
  return startInNamespace(t, name, [...hostPrefix, ...argv], environment, 'process.log', workingDirectory);
}

// ---------------------------------------------------------------------------------------
// Members

function databaseUrl(state: ClusterState, via: 'haproxy' | 'pgbouncer', database = 'tidings', user = 'tidings'): string {
  const t = state.topology;
  const password = user === 'postgres' ? state.secrets.superuserPassword : state.secrets.tidingsPassword;
  const port = via === 'pgbouncer' ? 6432 : 5432;
  return `postgresql://${user}:${encodeURIComponent(password)}@${addressOf(t, 'lb')}:${port}/${database}`;
}

function startDcs(state: ClusterState): void {
  const t = state.topology;
  const address = addressOf(t, 'dcs');
  const directory = memberDir(t, 'dcs');
  // deploy/etcd/etcd.env with this cluster's values: etcd reads its ETCD_* variables itself.
  const values: Record<string, string> = { NAME: 'dcs', DATA_DIR: path.join(directory, 'data'), ADDRESS: address, INITIAL_CLUSTER: `dcs=http://${address}:2380` };
  let text = readFileSync(deploy('etcd/etcd.env'), 'utf8');
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`\${${name}}`, value);
  const envFile = path.join(directory, 'etcd.env');
  writeFileSync(envFile, text, { mode: 0o600 });
  startInNamespace(t, 'dcs', ['etcd'], { PATH: process.env.PATH ?? '/usr/bin:/bin', ...readEnvironmentFile(envFile) }, 'process.log', directory);
}

function startDatabase(state: ClusterState, name: MemberName): void {
  const t = state.topology;
  const directory = memberDir(t, name);
  const { uid, gid } = postgresIds();
  const dataDir = path.join(directory, 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownSync(dataDir, uid, gid);
  chownSync(directory, uid, gid);
  // The YAML as it is in deploy/, copied where the postgres user can read it.
  const yaml = path.join(t.stateDir, 'patroni.yml');
  copyFileSync(deploy('patroni/patroni.yml'), yaml);
  chmodSync(yaml, 0o644);
  const address = addressOf(t, name);
  const envFile = path.join(directory, 'patroni.env');
  writeEnvironmentFile(envFile, {
    PATRONI_NAME: name,
    PATRONI_RESTAPI_LISTEN: `${address}:8008`,
    PATRONI_RESTAPI_CONNECT_ADDRESS: `${address}:8008`,
    PATRONI_POSTGRESQL_LISTEN: `${address},127.0.0.1:5432`,
    PATRONI_POSTGRESQL_CONNECT_ADDRESS: `${address}:5432`,
    PATRONI_POSTGRESQL_DATA_DIR: dataDir,
    PATRONI_POSTGRESQL_PGPASS: path.join(directory, 'pgpass'),
    PATRONI_ETCD3_HOSTS: `'${addressOf(t, 'dcs')}:2379'`,
    PATRONI_SUPERUSER_PASSWORD: state.secrets.superuserPassword,
    PATRONI_REPLICATION_PASSWORD: state.secrets.replicationPassword,
    PATRONI_REWIND_PASSWORD: state.secrets.rewindPassword,
  });
  chownSync(envFile, uid, gid);
  // Each database host has a /var/run/postgresql of its own (the socket directory), as
  // separate machines would: a tmpfs mounted in the mount namespace `ip netns exec` makes.
  const ownSocketDirectory = ['sh', '-c', `mount -t tmpfs -o mode=2775,uid=${uid},gid=${gid} tmpfs /var/run/postgresql && exec "$@"`, 'sh'];
  startUnit(t, name, deploy('systemd/patroni.service'), { '/etc/patroni/patroni.env': envFile }, { '/etc/patroni/patroni.yml': yaml }, ownSocketDirectory);
}

function startLoadBalancer(state: ClusterState): void {
  const t = state.topology;
  const directory = memberDir(t, 'lb');
  const cfg = path.join(directory, 'haproxy.cfg');
  copyFileSync(deploy('haproxy/haproxy.cfg'), cfg);
  startInNamespace(t, 'lb', ['haproxy', '-W', '-db', '-f', cfg], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HAPROXY_STATE_DIR: directory,
    LB_BIND_ADDRESS: '0.0.0.0',
    DB1_ADDRESS: addressOf(t, 'db1'),
    DB2_ADDRESS: addressOf(t, 'db2'),
    DB3_ADDRESS: addressOf(t, 'db3'),
    WEB1_ADDRESS: addressOf(t, 'web1'),
    WEB2_ADDRESS: addressOf(t, 'web2'),
  }, 'haproxy.log');

  // PgBouncer refuses to run as root: its files belong to the postgres user.
  const { uid, gid } = postgresIds();
  const bouncerDir = path.join(directory, 'pgbouncer');
  mkdirSync(bouncerDir, { recursive: true });
  chownSync(bouncerDir, uid, gid);
  const ini = readFileSync(deploy('pgbouncer/pgbouncer.ini'), 'utf8')
    .replaceAll('${LISTEN_ADDRESS}', '0.0.0.0')
    .replaceAll('${STATE_DIR}', bouncerDir);
  const iniFile = path.join(bouncerDir, 'pgbouncer.ini');
  writeFileSync(iniFile, ini, { mode: 0o600 });
  const userlist = path.join(bouncerDir, 'userlist.txt');
  writeFileSync(userlist, `"tidings" "${state.secrets.tidingsPassword}"\n`, { mode: 0o600 });
  for (const file of [iniFile, userlist]) chownSync(file, uid, gid);
  rmSync(path.join(bouncerDir, 'pgbouncer.pid'), { force: true });
  startInNamespace(t, 'lb', ['runuser', '-u', 'postgres', '--', 'pgbouncer', iniFile], { PATH: process.env.PATH ?? '/usr/bin:/bin' }, 'pgbouncer.out', bouncerDir);
}

function tidingsEnvironmentFiles(state: ClusterState, name: MemberName, role: 'web' | 'worker'): Record<string, string> {
  const t = state.topology;
  const directory = memberDir(t, name);
  const shared = path.join(directory, 'tidings.env');
  writeEnvironmentFile(shared, {
    NEXTAUTH_SECRET: state.secrets.nextauthSecret,
    TIDINGS_ENCRYPTION_KEY: state.secrets.encryptionKey,
    NEXTAUTH_URL: `http://${addressOf(t, 'lb')}`,
    // Receivers in this cluster: the rx host and the machine itself (a test's receiver).
    TIDINGS_ALLOW_HTTP: '1',
    TIDINGS_ALLOWED_NETWORKS: `${t.subnet}.0/24`,
    ...state.processEnvironment,
  });
  const own = path.join(directory, `${role}.env`);
  const via = role === 'web' && state.webThroughPgBouncer ? 'pgbouncer' : 'haproxy';
  writeEnvironmentFile(own, { DATABASE_URL: databaseUrl(state, via) });
  return { '/etc/tidings/tidings.env': shared, [`/etc/tidings/${role}.env`]: own };
}

function startTidings(state: ClusterState, name: MemberName): void {
  const role = member(name).role as 'web' | 'worker';
  const codeRoot = state.codeRoots?.[name] ?? root;
  startUnit(state.topology, name, deploy(`systemd/tidings-${role}.service`), tidingsEnvironmentFiles(state, name, role), { '/opt/tidings': codeRoot });
}

function startReceiver(state: ClusterState): void {
  const t = state.topology;
  startInNamespace(t, 'rx', [process.execPath, '--import', 'tsx', path.join(root, 'scripts/cluster/receiver.ts'), addressOf(t, 'rx'), '8080', path.join(memberDir(t, 'rx'), 'requests.jsonl')], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  });
}

export function startMember(state: ClusterState, name: MemberName): void {
  const role = member(name).role;
  if (role === 'dcs') startDcs(state);
  else if (role === 'db') startDatabase(state, name);
  else if (role === 'lb') startLoadBalancer(state);
  else if (role === 'web' || role === 'worker') startTidings(state, name);
  else startReceiver(state);
}

// ---------------------------------------------------------------------------------------
// Patroni

export type DatabaseMember = { name: string; role: string; state: string; lag: number | string | null; timeline: number | null };

export async function patroniMembers(state: ClusterState): Promise<DatabaseMember[]> {
  const t = state.topology;
  for (const name of DB_MEMBERS) {
    try {
      const response = await fetchWithTimeout(`http://${addressOf(t, name)}:8008/cluster`, {}, 1_500);
      if (!response.ok) continue;
      const body = (await response.json()) as { members: { name: string; role: string; state: string; lag?: number | string; timeline?: number }[] };
      return body.members.map((m) => ({ name: m.name, role: m.role, state: m.state, lag: m.lag ?? null, timeline: m.timeline ?? null }));
    } catch {
      // that member's REST API is unreachable: ask the next one
    }
  }
  return [];
}

export async function primaryName(state: ClusterState): Promise<string | undefined> {
  return (await patroniMembers(state)).find((m) => m.role === 'leader' && m.state === 'running')?.name;
}

/** Waits until there is a running leader and a streaming synchronous standby. */
export async function waitForHealthyDatabase(state: ClusterState, timeoutMs: number, expectedMembers = 3): Promise<DatabaseMember[]> {
  return waitFor('a leader, a synchronous standby and every database member streaming', timeoutMs, async () => {
    const members = await patroniMembers(state);
    const leader = members.find((m) => m.role === 'leader' && m.state === 'running');
    // Patroni 3.0 reports a replica that replays WAL as "running" (later versions: "streaming").
    const replaying = (m: DatabaseMember) => (m.state === 'running' || m.state === 'streaming') && typeof m.lag === 'number';
    const sync = members.find((m) => m.role === 'sync_standby' && replaying(m));
    const streaming = members.filter((m) => m === leader || replaying(m));
    return leader && sync && streaming.length >= expectedMembers ? members : undefined;
  });
}

async function lbServesWeb(state: ClusterState): Promise<boolean> {
  const response = await fetchWithTimeout(`http://${addressOf(state.topology, 'lb')}/api/health`);
  return response.status === 200;
}

async function webServes(state: ClusterState, name: MemberName): Promise<boolean> {
  const response = await fetchWithTimeout(`http://${addressOf(state.topology, name)}:3000/api/health`);
  return response.status === 200;
}

/** What HAProxy thinks of each backend server ("UP", "DOWN", …), from its stats socket. */
export async function loadBalancerView(state: ClusterState): Promise<Record<string, string>> {
  const socket = path.join(state.topology.stateDir, 'lb', 'haproxy.sock');
  const view: Record<string, string> = {};
  if (!existsSync(socket)) return view;
  const out = await new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    const connection = net.connect(socket, () => connection.end('show stat\n'));
    connection.on('data', (chunk: Buffer) => chunks.push(chunk));
    connection.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    connection.on('error', () => resolve(''));
    connection.setTimeout(2_000, () => connection.destroy());
  });
  for (const line of out.split('\n')) {
    const fields = line.split(',');
    if (fields.length > 17 && !['FRONTEND', 'BACKEND', 'svname'].includes(fields[1])) view[`${fields[0]}/${fields[1]}`] = fields[17];
  }
  return view;
}

/**
 * Sets a server's administrative state in HAProxy (`set server <backend>/<server> state
 * ready|drain|maint`): how a rolling upgrade takes a web process out before restarting it.
 */
export async function setLoadBalancerServer(state: ClusterState, server: string, wanted: 'ready' | 'drain' | 'maint'): Promise<void> {
  const socket = path.join(state.topology.stateDir, 'lb', 'haproxy.sock');
  await new Promise<void>((resolve, reject) => {
    const connection = net.connect(socket, () => connection.end(`set server ${server} state ${wanted}\n`));
    connection.on('data', () => undefined);
    connection.on('close', () => resolve());
    connection.on('error', reject);
  });
}

/** The web member answers /api/health itself (not through the load balancer). */
export async function webMemberHealthy(state: ClusterState, name: MemberName): Promise<boolean> {
  return webServes(state, name).catch(() => false);
}

// ---------------------------------------------------------------------------------------
// Commands

/** The production build every web process runs, made once (and again only when the sources changed). */
async function buildIfNeeded(log: (line: string) => void): Promise<void> {
  if (await isBuildCurrent(root)) return;
  log('building the production bundle once (npm run build)…');
  const sourceHash = await computeSourceHash(root);
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  await recordBuild(root, sourceHash);
}

async function createDatabase(state: ClusterState): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(state, 'haproxy', 'postgres', 'postgres'), connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    const password = state.secrets.tidingsPassword.replaceAll("'", "''");
    const role = await client.query(`select 1 from pg_roles where rolname = 'tidings'`);
    if (role.rowCount === 0) await client.query(`create role tidings login password '${password}'`);
    const database = await client.query(`select 1 from pg_database where datname = 'tidings'`);
    if (database.rowCount === 0) await client.query('create database tidings owner tidings');
  } finally {
    await client.end();
  }
}

/** Applies this checkout's migrations (npm run tidings -- migrate) through the load balancer. */
export function migrate(state: ClusterState): void {
  const result = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'scripts/cli.ts'), 'migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(state, 'haproxy'), NODE_ENV: 'production', NEXTAUTH_SECRET: state.secrets.nextauthSecret, TIDINGS_ENCRYPTION_KEY: state.secrets.encryptionKey },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`migration failed: ${result.stderr || result.stdout}`);
}

export async function up(options: UpOptions = {}): Promise<ClusterState> {
  const log = options.log ?? ((line: string) => console.log(`[cluster] ${line}`));
  const t = topology();
  if (process.getuid?.() !== 0) throw new Error('the cluster harness needs root (network namespaces, the postgres user)');
  ensurePackages(log);
  await buildIfNeeded(log);
  mkdirSync(t.stateDir, { recursive: true });
  chmodSync(t.stateDir, 0o755);
  let state = readState(t);
  if (!state) {
    state = {
      topology: t,
      secrets: {
        superuserPassword: secret(),
        replicationPassword: secret(),
        rewindPassword: secret(),
        tidingsPassword: secret(),
        nextauthSecret: randomBytes(32).toString('hex'),
        encryptionKey: randomBytes(32).toString('hex'),
      },
      webThroughPgBouncer: options.webThroughPgBouncer ?? true,
      processEnvironment: options.processEnvironment ?? {},
    };
    writeFileSync(statePath(t), JSON.stringify(state, null, 2), { mode: 0o600 });
  }
  log(`network: bridge ${t.bridge} ${t.hostAddress}/24, namespaces ${t.prefix}-*`);
  networkUp(t);

  const started = (name: MemberName) => pidsOf(t, name).length > 0;
  if (!started('dcs')) startDcs(state);
  await waitFor('etcd', 30_000, async () => (await fetchWithTimeout(`http://${addressOf(t, 'dcs')}:2379/health`)).ok);
  log('dcs: etcd up');

  // db1 first, so it bootstraps the cluster; the others clone from it.
  if (!started('db1')) startDatabase(state, 'db1');
  await waitFor('db1 to bootstrap', 120_000, async () => (await primaryName(state)) !== undefined);
  for (const name of ['db2', 'db3'] as const) if (!started(name)) startDatabase(state, name);
  const leader = await primaryName(state);
  // Short failover timing for the tests (deploy/patroni/patroni.yml keeps production's):
  // a dead primary is replaced within about ttl seconds.
  await fetchWithTimeout(`http://${addressOf(t, leader as MemberName)}:8008/config`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ttl: 10, loop_wait: 2, retry_timeout: 4 }),
  });
  const members = await waitForHealthyDatabase(state, 180_000);
  log(`db: ${members.map((m) => `${m.name} ${m.role}`).join(', ')}`);

  if (!started('lb')) startLoadBalancer(state);
  await waitFor('HAProxy to reach the primary', 30_000, async () => {
    await createDatabase(state);
    return true;
  });
  migrate(state);
  log('lb: HAProxy and PgBouncer up; database migrated');

  for (const name of ['web1', 'web2', 'worker1', 'worker2', 'rx'] as const) if (!started(name)) startMember(state, name);
  await waitFor('web1 and web2 healthy', 120_000, async () => (await webServes(state, 'web1')) && (await webServes(state, 'web2')));
  await waitFor('the load balancer to serve the web', 30_000, () => lbServesWeb(state));
  log(`web: ${webUrl(state)} (web1, web2${state.webThroughPgBouncer ? ', through PgBouncer' : ''}); workers: worker1, worker2`);
  return state;
}

/** The last cluster's logs outlive it, in <state directory>-logs/, for a failure to be read. */
function keepLogs(t: Topology): void {
  if (!existsSync(t.stateDir)) return;
  const kept = `${t.stateDir}-logs`;
  rmSync(kept, { recursive: true, force: true });
  for (const { name } of MEMBERS) {
    const directory = path.join(t.stateDir, name);
    if (!existsSync(directory)) continue;
    for (const file of readdirSync(directory).filter((entry) => /\.(log|out)$/.test(entry))) {
      mkdirSync(path.join(kept, name), { recursive: true });
      copyFileSync(path.join(directory, file), path.join(kept, name, file));
    }
  }
}

export async function down(log: (line: string) => void = (line) => console.log(`[cluster] ${line}`)): Promise<void> {
  const t = topology();
  // The app processes first (they drain), then the load balancer, databases and etcd.
  const order: MemberName[] = ['web1', 'web2', 'worker1', 'worker2', 'rx', 'lb', 'db1', 'db2', 'db3', 'dcs'];
  await Promise.all(order.slice(0, 5).map((name) => stopMember(t, name, 15_000)));
  for (const name of order.slice(5)) await stopMember(t, name, 15_000);
  networkDown(t);
  keepLogs(t);
  rmSync(t.stateDir, { recursive: true, force: true });
  log('down: every process stopped, namespaces and bridge removed');
}

export function webUrl(state: ClusterState): string {
  return `http://${addressOf(state.topology, 'lb')}`;
}

export type Status = {
  webUrl: string;
  databaseUrl: string;
  webDatabaseUrl: string;
  /** Where a process listening on this machine is reachable from the workers. */
  hostAddress: string;
  receiverUrl: string;
  databases: DatabaseMember[];
  members: { name: string; address: string; processes: number; link: 'up' | 'down'; loadBalancer?: string }[];
};

export async function status(): Promise<Status> {
  const state = requireState();
  const t = state.topology;
  const view = await loadBalancerView(state);
  return {
    webUrl: webUrl(state),
    databaseUrl: databaseUrl(state, 'haproxy'),
    webDatabaseUrl: databaseUrl(state, state.webThroughPgBouncer ? 'pgbouncer' : 'haproxy'),
    hostAddress: t.hostAddress,
    receiverUrl: `http://${addressOf(t, 'rx')}:8080`,
    databases: await patroniMembers(state),
    members: MEMBERS.map(({ name }) => ({
      name,
      address: addressOf(t, name),
      processes: pidsOf(t, name).length,
      link: run('ip', ['-br', 'link', 'show', linkOf(t, name)], { allowFailure: true }).includes('DOWN') ? ('down' as const) : ('up' as const),
      loadBalancer: view[`postgres/${name}`] ?? view[`web/${name}`],
    })),
  };
}

/** Stops every process of the member: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(name: MemberName, graceMs = 20_000): Promise<void> {
  await stopMember(requireState().topology, name, graceMs);
}

/** Changes Patroni's dynamic configuration (what `patronictl edit-config` changes). */
export async function patchPatroniConfig(state: ClusterState, change: Record<string, unknown>): Promise<void> {
  const leader = await primaryName(state);
  if (!leader) throw new Error('no primary to send the configuration to');
  const response = await fetchWithTimeout(`http://${addressOf(state.topology, leader as MemberName)}:8008/config`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  if (!response.ok) throw new Error(`PATCH /config answered ${response.status}`);
}

/** kill -9 of every process of the member (Patroni and PostgreSQL on a database host). */
export async function kill(name: MemberName): Promise<void> {
  const t = requireState().topology;
  member(name);
  signal(pidsOf(t, name), 'SIGKILL');
  while (pidsOf(t, name).length > 0) await sleep(50);
}

export function cut(name: MemberName): void {
  const t = requireState().topology;
  member(name);
  run('ip', ['link', 'set', linkOf(t, name), 'down']);
}

export function heal(name: MemberName): void {
  const t = requireState().topology;
  member(name);
  run('ip', ['link', 'set', linkOf(t, name), 'up']);
}

/**
 * Stops the member (SIGTERM, then SIGKILL after a grace period) if it runs, and starts it
 * again; `codeRoot`: a web or worker member runs the release in that directory from now on
 * (this checkout when `null`).
 */
export async function restart(name: MemberName, options: { codeRoot?: string | null } = {}): Promise<void> {
  const state = requireState();
  member(name);
  if (options.codeRoot !== undefined) {
    state.codeRoots = { ...state.codeRoots, [name]: options.codeRoot ?? undefined };
    writeFileSync(statePath(state.topology), JSON.stringify(state, null, 2), { mode: 0o600 });
  }
  await stopMember(state.topology, name, 20_000);
  startMember(state, name);
}
