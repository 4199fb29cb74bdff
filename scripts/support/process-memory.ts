import { readFile } from 'node:fs/promises';

/**
 * Resident memory in MB of the process doing the work: the largest of the process and
 * its descendants (the node process under a tsx launcher). Used by the bench for the
 * worker's peak and by the fault tests that bound it. 0 where /proc is unavailable.
 */
export async function residentMemoryMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean).map(Number);
    const largestChild = Math.max(0, ...(await Promise.all(children.map(residentMemoryMb))));
    return Math.max(own, largestChild);
  } catch {
    return 0;
  }
}
