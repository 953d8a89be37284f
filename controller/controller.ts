// The controller: Portico's background work, outside the dashboard's process, so that the
// dashboard holds no state and a restarted dashboard pauses nothing. It acts only while it
// holds the database lease (lease-keeper.ts): with several instances on one database exactly
// one controller orders and renews certificates, watches applied changes and rolls them back;
// the others stand by and take over when the lease expires. It also keeps the statistics
// within their retention (the engine writes its minutes; deleting old ones is a timer job).
//
// Work is found in the database, polled every second: what the dashboard asks for (an order,
// a renewal now, a watch of revision N) is a row it writes, so nothing is lost when either
// process restarts, and no instance needs to know which controller is active to wake it.
import type { Db } from '../core/db/client.ts';
import type { EngineClient } from '../core/contract/engine-client.ts';
import { startDueOrders, warnExpiring } from './acme/scheduler.ts';
import { gateTick } from './health-gate/watcher.ts';
import { createLeaseKeeper, LEASE_RENEW_MS, LEASE_TTL_MS } from './lease-keeper.ts';
import { getSettings } from '../core/db/settings.ts';
import { plural } from '../core/views/plural.ts';
import { pruneStatsMinutes } from '../core/db/stats-retention.ts';
import { log as controllerLog } from './log.ts';
import { BACKUP_CHECK_MS, backupTick } from './backups/backup-job.ts';

/** How soon work the dashboard recorded is picked up. */
export const WORK_POLL_MS = 1000;
/** How often statistics older than their retention are deleted. */
export const STATS_PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface ControllerOptions {
  db: Db;
  engine: EngineClient;
  holder: string;
  /** How often renewals due and certificates close to expiry are looked for (PORTICO_ACME_RENEW_CHECK_MS). */
  renewCheckMs: number;
  leaseTtlMs?: number;
  log?: (line: string) => void;
  /** The data directory whose database scheduled backups copy; without it none are taken. */
  dataDir?: string;
  /** How often a due scheduled backup is looked for (default BACKUP_CHECK_MS). */
  backupCheckMs?: number;
  /** The controller's clock (retention is judged against it); tests own theirs. */
  now?: () => number;
}

export interface Controller {
  active(): boolean;
  stop(): Promise<void>;
}

export function startController(options: ControllerOptions): Controller {
  const { db, engine } = options;
  const log = options.log ?? ((line: string) => controllerLog.info(line));
  const lease = createLeaseKeeper(db, options.holder, options.leaseTtlMs ?? LEASE_TTL_MS);
  let wasActive: boolean | null = null;
  let stopped = false;
  let lastRenewCheck = 0;
  let lastPrune = -Infinity;
  const now = options.now ?? Date.now;
  const timers: NodeJS.Timeout[] = [];

  /** Runs `job` every `ms`, never two at once (a slow database delays it, it does not pile up). */
  function every(ms: number, job: () => Promise<void>): void {
    let running: Promise<void> | null = null;
    const tick = () => {
      if (running || stopped) return;
      running = job()
        .catch((error: unknown) => log(`${(error as Error).message}`))
        .finally(() => (running = null));
    };
    timers.push(setInterval(tick, ms));
    tick();
  }

  every(LEASE_RENEW_MS, async () => {
    const active = await lease.renew();
    if (active !== wasActive) log(active ? `active: holding the controller lease as ${lease.holder}` : `standing by: another instance holds the controller lease`);
    wasActive = active;
  });

  every(WORK_POLL_MS, async () => {
    if (!lease.holds()) return;
    const renewals = Date.now() - lastRenewCheck >= options.renewCheckMs;
    if (renewals) lastRenewCheck = Date.now();
    for (const id of await startDueOrders(db, engine, { renewals })) log(`certificate ${id}: order started`);
    if (!lease.holds()) return;
    await gateTick(db, engine);
    if (renewals && lease.holds()) await warnExpiring(db, engine);
    if (now() - lastPrune >= STATS_PRUNE_EVERY_MS && lease.holds()) {
      lastPrune = now();
      const pruned = await pruneStatsMinutes(db, (await getSettings(db)).statsRetentionDays, now());
      if (pruned > 0) log(`statistics: ${plural(pruned, 'minute row')} older than the retention period deleted`);
    }
  });

  // Checked from the first second the lease is held (a fresh install gets its first backup at
  // once), then every BACKUP_CHECK_MS; run beside the work loop, which a large copy must not hold up.
  const dataDir = options.dataDir;
  let lastBackupCheck = -Infinity;
  let backingUp = false;
  if (dataDir) {
    every(WORK_POLL_MS, async () => {
      if (backingUp || !lease.holds() || now() - lastBackupCheck < (options.backupCheckMs ?? BACKUP_CHECK_MS)) return;
      lastBackupCheck = now();
      backingUp = true;
      void backupTick(db, dataDir, now(), log)
        .catch((error: unknown) => log(`scheduled backup failed: ${(error as Error).message}`))
        .finally(() => (backingUp = false));
    });
  }

  return {
    active: () => lease.holds(),
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      // Orders still running are resumed by the next controller (their rows say so).
      await lease.release();
    },
  };
}
