// Request bodies of the import endpoints.
import { z } from 'zod';

export const NginxImportInput = z
  .object({
    config: z.string().min(1).max(2 * 1024 * 1024).describe('nginx.conf text (an http block, server blocks, or a whole file).'),
    files: z.record(z.string().max(1024), z.string().max(2 * 1024 * 1024)).default({}).describe('Contents for `include` directives and htpasswd files, by the name the configuration uses.'),
    dryRun: z.boolean().default(false).describe('Return what would be created and the warnings, changing nothing.'),
  })
  .describe('An nginx configuration to import.');

export const JsonImportInput = z
  .object({
    snapshot: z.unknown().describe('A configuration from GET /api/v1/export/json.'),
    dryRun: z.boolean().default(false),
  })
  .describe('Restore a whole configuration from a JSON export (replaces everything).');
