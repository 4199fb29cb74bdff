import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * CPU seconds used so far, per part: every PostgreSQL process (with the backends that
 * already exited, counted in the postmaster's children times), the given processes.
 * CPU time, unlike wall time, hardly moves with what else runs on the machine.
 */
export async function cpuSeconds(postgresDirectory: string, pids: Record<string, number[]>): Promise<Record<string, number>> {
  const ticks = 100; // USER_HZ on Linux
  const stat = async (pid: string) => {
    try {
      const text = await readFile(`/proc/${pid}/stat`, 'utf8');
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      // fields[11..14]: utime, stime, cutime, cstime
      return { comm, own: (Number(fields[11]) + Number(fields[12])) / ticks, children: (Number(fields[13]) + Number(fields[14])) / ticks };
    } catch {
      return null;
    }
  };
  // This cluster's processes only: its postmaster (first line of postmaster.pid) and its children.
  const postmaster = (await readFile(path.join(postgresDirectory, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0].trim();
  const totals: Record<string, number> = { postgres: 0 };
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    if (pid !== postmaster) {
      const parent = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.split(' ')[1];
      if (parent !== postmaster) continue;
    }
    const info = await stat(pid);
    if (info?.comm === 'postgres') totals.postgres += info.own + info.children;
  }
  for (const [name, list] of Object.entries(pids)) {
    totals[name] = 0;
    for (const pid of list) totals[name] += (await stat(String(pid)))?.own ?? 0;
  }
  totals.bench = process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  return totals;
}
