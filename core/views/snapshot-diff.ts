// One object's change between two versions (the versions diff and the restore preview).
export interface ObjectChange {
  objectType: 'host' | 'pool' | 'cacheZone' | 'limitZone' | 'stream' | 'settings';
  id: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  /** What changed; for an added object every field it came with (before undefined), for a removed one every field it had. */
  fields: FieldChange[];
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
  /** For a field that holds another object's id (a location's poolId): that object, named ("pool backend"). */
  beforeName?: string;
  afterName?: string;
}
