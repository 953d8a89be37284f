// Global settings (trusted proxies, unknown-host behaviour, retention, …): part of the
// configuration, so a change is a revision like any other.
import type { Db } from './client.ts';
import type { Prisma } from './generated/client.ts';
import { GlobalSettings } from '../config/settings.ts';
import { SETTINGS_KEY } from './load-config.ts';
import { audit, bumpRevision } from './config-state.ts';
import type { WriteMeta } from './config-state.ts';

export async function getSettings(db: Db): Promise<GlobalSettings> {
  const row = await db.setting.findUnique({ where: { key: SETTINGS_KEY } });
  return GlobalSettings.parse(row?.value ?? {});
}

export async function saveSettings(db: Db, settings: GlobalSettings, meta: WriteMeta): Promise<{ settings: GlobalSettings; revision: number }> {
  return db.$transaction(async (tx) => {
    const before = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
    const value = settings as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value }, update: { value } });
    const revision = await bumpRevision(tx, { summary: 'settings updated', source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'settings.update', objectType: 'settings', objectId: SETTINGS_KEY, before, after: settings, revision });
    return { settings, revision };
  });
}
