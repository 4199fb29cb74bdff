// The harness starts processes from the systemd units in deploy/: what it reads from them
// must be what systemd would run.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readUnit } from './harness';
import { topology } from './topology';

const unit = (name: string) => readUnit(path.resolve(import.meta.dirname, '../../deploy/systemd', name));

describe('deploy/systemd units', () => {
  test('web: npm run web in /opt/tidings, production, behind one proxy, two environment files', () => {
    const web = unit('tidings-web.service');
    expect(web.execStart).toEqual(['/usr/bin/npm', 'run', 'web']);
    expect(web.workingDirectory).toBe('/opt/tidings');
    expect(web.environment).toMatchObject({ NODE_ENV: 'production', PORT: '3000', HOST: '0.0.0.0', TIDINGS_TRUSTED_PROXIES: '1' });
    expect(web.environmentFiles).toEqual(['/etc/tidings/tidings.env', '/etc/tidings/web.env']);
  });

  test('worker: npm run worker with its own database variable file', () => {
    const worker = unit('tidings-worker.service');
    expect(worker.execStart).toEqual(['/usr/bin/npm', 'run', 'worker']);
    expect(worker.environmentFiles).toEqual(['/etc/tidings/tidings.env', '/etc/tidings/worker.env']);
  });

  test('patroni: runs as postgres with the YAML of deploy/patroni', () => {
    const patroni = unit('patroni.service');
    expect(patroni.user).toBe('postgres');
    expect(patroni.execStart).toEqual(['/usr/bin/patroni', '/etc/patroni/patroni.yml']);
    expect(patroni.environmentFiles).toEqual(['/etc/patroni/patroni.env']);
  });
});

describe('cluster topology', () => {
  test('names and addresses come from one prefix and one private /24', () => {
    expect(topology({ TIDINGS_CLUSTER_PREFIX: 'abc', TIDINGS_CLUSTER_SUBNET: '10.9.8' })).toMatchObject({ bridge: 'abc-br', hostAddress: '10.9.8.1', stateDir: '/tmp/tidings-cluster-abc' });
    expect(() => topology({ TIDINGS_CLUSTER_SUBNET: '8.8.8' })).toThrow(/private range/);
    expect(() => topology({ TIDINGS_CLUSTER_PREFIX: 'a-very-long-prefix' })).toThrow(/PREFIX/);
  });
});
