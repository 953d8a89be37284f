// A static location's own `types {}` (one line per type, its extensions in order) and
// `default_type`. Without its own table the location inherits the http level's: the full
// export's `include mime.types`, Portico's table.
import type { z } from 'zod';
import type { StaticAction } from '../config/location.ts';
import { type NginxNode, blockNode, node } from './config-writer.ts';

export function fileTypeNodes(action: Pick<z.output<typeof StaticAction>, 'types' | 'defaultType'>): NginxNode[] {
  const nodes: NginxNode[] = [];
  if (action.types !== undefined) {
    const byType = new Map<string, string[]>();
    for (const [ext, type] of Object.entries(action.types)) byType.set(type, [...(byType.get(type) ?? []), ext]);
    nodes.push(blockNode('types', [], [...byType].map(([type, exts]) => node(type, ...exts))));
  }
  // Always written, as for `return`: imported text without it means nginx's text/plain.
  nodes.push(node('default_type', action.defaultType ?? 'application/octet-stream'));
  return nodes;
}
