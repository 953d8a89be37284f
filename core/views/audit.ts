// One audit-log event as the API returns it and the Audit page shows it.
export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  ip: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  /** The object's name (its current one, or as recorded if it was deleted since); null: none known. */
  objectName: string | null;
  before: unknown;
  after: unknown;
  revision: number | null;
}
