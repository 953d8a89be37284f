// The engine's access log as a test's "Portico is done with this request" signal: a
// line is written when a request ends (flushed within a second).
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from './ports.ts';

export function accessLogHas(dataDir: string, uri: string): boolean {
  const file = path.join(dataDir, 'logs', 'access.log');
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(`"uri":"${uri}"`);
}

export function waitForAccessLog(dataDir: string, uri: string): Promise<true> {
  return waitFor(`the access-log line for ${uri}`, async () => accessLogHas(dataDir, uri));
}
