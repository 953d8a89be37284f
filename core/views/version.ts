// One version in the list of GET /api/v1/versions.
export interface VersionView {
  revision: number;
  summary: string;
  source: string;
  createdAt: string;
  author: string | null;
}
