// Every key and channel of one installation starts with this prefix, so several
// installations can share one Redis server (channels are further kept apart by the
// database number).
export const DEFAULT_KEY_PREFIX = 'portico:';
