// What the engine reports about the configuration it serves (GET /status, the apply
// report of every write): errors per object, so a broken object is shown where it is.
export interface ObjectError {
  objectType: 'host' | 'location' | 'pool' | 'zone' | 'settings' | 'certificate' | 'snapshot' | 'stream' | 'access_list';
  objectId: string;
  /** A human name: the host's first server name, the pool name, ... */
  name: string;
  /** Field path inside the object, e.g. "locations.2.action.uri". */
  path: string;
  message: string;
}
