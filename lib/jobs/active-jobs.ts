import 'server-only';
import type { PgBoss } from 'pg-boss';
import { logger } from '../log';
import { DELIVERY_QUEUE } from '../queue/queues';

const HEARTBEAT_MS = 4_000;

/**
 * The jobs this worker holds, from fetch until their outcome is recorded, heartbeated so
 * pg-boss knows they are alive. A job dropped without recording stops being heartbeated
 * and pg-boss hands it out again: at-least-once.
 */
export class ActiveJobs {
  private readonly ids = new Set<string>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly boss: PgBoss) {}

  add(jobId: string): void {
    this.ids.add(jobId);
  }

  delete(jobId: string): void {
    this.ids.delete(jobId);
  }

  startHeartbeat(): void {
    this.heartbeat = setInterval(() => void this.touch(), HEARTBEAT_MS);
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private async touch(): Promise<void> {
    if (this.ids.size === 0) return;
    try {
      await this.boss.touch(DELIVERY_QUEUE, [...this.ids]);
    } catch (error) {
      logger().warn({ err: error }, 'heartbeat of delivery jobs failed');
    }
  }
}
