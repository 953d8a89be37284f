// Answers of POST /api/v1/import/nginx (app/api/v1/import/nginx/route.ts).
import type { ImportConflict } from '@/app/_lib/queries/import.ts';
import type { ImportPlan, ImportWarning } from '@/proxy-engine/import/import-plan.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export type { ImportConflict, ImportWarning };
export type PlannedObjects = Omit<ImportPlan, 'warnings'>;

export interface ImportPreview {
  dryRun: true;
  wouldCreate: PlannedObjects;
  warnings: ImportWarning[];
  conflicts: ImportConflict[];
}

export interface ImportApplied {
  dryRun: false;
  created: { hosts: string[]; pools: string[]; cacheZones: string[]; limitZones: string[] };
  warnings: ImportWarning[];
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
