// The log search's filters, as the form holds them (shared by the page, which reads
// them from the URL, and the client island).
export interface LogFilters {
  source: 'access' | 'error';
  host: string;
  status: string;
  path: string;
  requestId: string;
  /** datetime-local values (the reader's local time). */
  from: string;
  to: string;
  limit: string;
}

export const EMPTY_FILTERS: LogFilters = { source: 'access', host: '', status: '', path: '', requestId: '', from: '', to: '', limit: '100' };
