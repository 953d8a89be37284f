// settings.maps → `map` blocks, written so that nginx reads back the same keys: a literal
// key that nginx would take for a regex, a parameter or an include gets the "\" nginx strips.
import type { VariableMap } from '../config/variable-maps.ts';
import { blockNode, node, type NginxNode } from './config-writer.ts';

const WORDS_NGINX_READS_AS_PARAMETERS = new Set(['default', 'hostnames', 'volatile', 'include']);

function keyText(entry: VariableMap['entries'][number]): string {
  if (entry.match === 'regex') return `~${entry.key}`;
  if (entry.match === 'regexCaseless') return `~*${entry.key}`;
  const literal = entry.key.startsWith('~') || entry.key.startsWith('\\') || WORDS_NGINX_READS_AS_PARAMETERS.has(entry.key);
  return literal ? `\\${entry.key}` : entry.key;
}

export function variableMapNode(map: VariableMap): NginxNode {
  const lines: NginxNode[] = [];
  // Before any key: nginx applies `hostnames` to the keys that follow it.
  if (map.hostnames) lines.push(node('hostnames'));
  if (map.volatile) lines.push(node('volatile'));
  if (map.default !== '') lines.push(node('default', map.default));
  for (const entry of map.entries) lines.push(node(keyText(entry), entry.value));
  return blockNode('map', [map.source, `$${map.variable}`], lines);
}

/** The map computes what the WebSocket policy needs in $connection_upgrade ("upgrade", or "close"/"" without Upgrade). */
export function isUpgradeVariableMap(map: VariableMap): boolean {
  const [entry] = map.entries;
  return map.source === '$http_upgrade' && !map.hostnames && map.default.toLowerCase() === 'upgrade' && map.entries.length === 1
    && entry?.match === 'exact' && entry.key === '' && ['close', ''].includes(entry.value.toLowerCase());
}
