// The cluster's shape: which "hosts" (network namespaces) exist, their addresses, and where
// the harness keeps its state. Everything is named after one prefix and one /24 so that
// two harnesses on one machine (or a harness and other tests) never meet: both can be
// changed with TIDINGS_CLUSTER_PREFIX and TIDINGS_CLUSTER_SUBNET.
import path from 'node:path';

export type Role = 'dcs' | 'db' | 'lb' | 'web' | 'worker' | 'rx';
export type MemberName = 'dcs' | 'db1' | 'db2' | 'db3' | 'lb' | 'web1' | 'web2' | 'worker1' | 'worker2' | 'rx';

export type Member = { name: MemberName; role: Role; hostNumber: number };

export const MEMBERS: readonly Member[] = [
  { name: 'dcs', role: 'dcs', hostNumber: 2 },
  { name: 'db1', role: 'db', hostNumber: 11 },
  { name: 'db2', role: 'db', hostNumber: 12 },
  { name: 'db3', role: 'db', hostNumber: 13 },
  { name: 'lb', role: 'lb', hostNumber: 20 },
  { name: 'web1', role: 'web', hostNumber: 31 },
  { name: 'web2', role: 'web', hostNumber: 32 },
  { name: 'worker1', role: 'worker', hostNumber: 41 },
  { name: 'worker2', role: 'worker', hostNumber: 42 },
  { name: 'rx', role: 'rx', hostNumber: 50 },
];

export const DB_MEMBERS = MEMBERS.filter((member) => member.role === 'db').map((member) => member.name);

export type Topology = {
  prefix: string;
  /** First three octets of the private /24 used only between these namespaces and the machine. */
  subnet: string;
  stateDir: string;
  bridge: string;
  /** The machine's own address on the bridge: where workers reach a receiver running outside the cluster. */
  hostAddress: string;
};

export function topology(environment: Record<string, string | undefined> = process.env): Topology {
  const prefix = environment.TIDINGS_CLUSTER_PREFIX ?? 'tdc';
  const subnet = environment.TIDINGS_CLUSTER_SUBNET ?? '10.231.41';
  if (!/^[a-z][a-z0-9]{0,4}$/.test(prefix)) throw new Error('TIDINGS_CLUSTER_PREFIX: 1-5 lowercase letters or digits, starting with a letter');
  if (!/^(10\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3})$/.test(subnet)) throw new Error('TIDINGS_CLUSTER_SUBNET: three octets of a private range, e.g. 10.231.41');
  return {
    prefix,
    subnet,
    stateDir: path.resolve(environment.TIDINGS_CLUSTER_DIR ?? `/tmp/tidings-cluster-${prefix}`),
    bridge: `${prefix}-br`,
    hostAddress: `${subnet}.1`,
  };
}

export function member(name: string): Member {
  const found = MEMBERS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No member "${name}": one of ${MEMBERS.map((m) => m.name).join(', ')}`);
  return found;
}

export const namespaceOf = (t: Topology, name: MemberName) => `${t.prefix}-${name}`;
/** The machine-side end of the member's link: taking it down cuts the member off. */
export const linkOf = (t: Topology, name: MemberName) => `${t.prefix}-${name}`;
export const addressOf = (t: Topology, name: MemberName) => `${t.subnet}.${member(name).hostNumber}`;
