// Answers of POST /api/v1/import/nginx (app/api/v1/import/nginx/route.ts).
import type { ImportConflict } from '@/core/views/import.ts';
import type { UnknownHostOutcome } from '@/core/views/import.ts';
import type { ImportPlan, ImportWarning } from '@/core/nginx/import-plan.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export type { ImportConflict, ImportWarning, UnknownHostOutcome };
export type PlannedObjects = Omit<ImportPlan, 'warnings'>;

export interface ImportPreview {
  dryRun: true;
  wouldCreate: PlannedObjects;
  warnings: ImportWarning[];
  conflicts: ImportConflict[];
  /** Where requests for unknown names go after the import: as nginx would make it, or kept as now. */
  unknownHosts: { imported: UnknownHostOutcome[]; kept: UnknownHostOutcome[] };
}

export interface ImportApplied {
  dryRun: false;
  created: { hosts: string[]; pools: string[]; cacheZones: string[]; limitZones: string[] };
  warnings: ImportWarning[];
  unknownHosts: UnknownHostOutcome[];
  apply: ApplyReport;
}

/** A parse error's position (the 422's details). */
export interface ParseErrorDetail {
  path: 'config';
  line: number;
  column: number;
  message: string;
  file?: string;
}

export function parseErrorOf(details: unknown): ParseErrorDetail | null {
  if (!Array.isArray(details)) return null;
  const first = details[0] as Partial<ParseErrorDetail> | undefined;
  return first && typeof first.line === 'number' && typeof first.column === 'number' && typeof first.message === 'string' ? (first as ParseErrorDetail) : null;
}
