// What keeps a database out of service, as the supervisor reports it to the engine (one
// line), to the recovery page and to the log.

export type IncidentKind = 'unreadable' | 'wal_damaged' | 'newer_schema' | 'unrecognised' | 'emptied' | 'replaced' | 'older' | 'migration_failed';

export interface DatabaseIncident {
  kind: IncidentKind;
  /** One sentence: what is wrong with the database. */
  summary: string;
  /** The facts behind it (SQLite's own words, revisions, identities). */
  details: string[];
  /** A remedy particular to this case, besides restoring a backup or reinitialising. */
  hint: string | null;
  databaseFile: string;
}

/** Thrown by the checks; carries the incident (the database path is added by the caller). */
export class Incident extends Error {
  readonly incident: Omit<DatabaseIncident, 'databaseFile'>;
  constructor(incident: Omit<DatabaseIncident, 'databaseFile'>) {
    super(incident.summary);
    this.incident = incident;
  }
}

export const unreadable = (summary: string, details: string[] = [], hint: string | null = null) => new Incident({ kind: 'unreadable', summary, details, hint });

