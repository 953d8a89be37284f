// Portico's version (package.json), as the node registry reports it for each instance.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function porticoVersion(): string {
  if (cached) return cached;
  try {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
    cached = String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown');
  } catch {
    cached = 'unknown';
  }
  return cached;
}
