// Request bodies of the import endpoints.
import { z } from 'zod';

export const NginxImportInput = z
  .object({
    config: z.string().min(1).max(2 * 1024 * 1024).describe('nginx.conf text (an http block, server blocks, or a whole file).'),
    files: z.record(z.string().max(1024), z.string().max(2 * 1024 * 1024)).default({}).describe('Contents for `include` directives and htpasswd files, by the name the configuration uses.'),
    dryRun: z.boolean().default(false).describe('Return what would be created and the warnings, changing nothing.'),
    keepDefaultServer: z
      .boolean()
      .default(false)
      .describe(
        "Keep requests for unknown names where they go now (a 404 page, or the connection closed: settings.unknownHost): no imported server becomes the default server, and a catch-all server does not change the setting. " +
          "Off: nginx's rule, the server marked default_server, else the first server of a port, answers them (so importing one plain server makes it the catch-all). " +
          'The dry run says where unknown hosts go either way (unknownHosts.imported, unknownHosts.kept); the import what it did (unknownHosts).',
      ),
  })
  .describe('An nginx configuration to import.');

export const JsonImportInput = z
  .object({
    snapshot: z.unknown().describe('A configuration from GET /api/v1/export/json.'),
    dryRun: z.boolean().default(false),
  })
  .describe('Restore a whole configuration from a JSON export (replaces everything).');

export const BackupRestoreInput = z
  .object({ dryRun: z.boolean().default(false) })
  .describe("Restore the configuration of a database backup (replaces hosts, pools, zones, streams and settings).");
