// The charset section as nginx directives (all four when the section is set). nginx's
// charset_types always holds text/html, so it is not written again (nginx warns about a
// duplicate MIME type); the default list is not written at all.
import { type CharsetPolicy, DEFAULT_CHARSET_TYPES } from '../config/charset.ts';
import { type NginxNode, node } from './config-writer.ts';

function isDefaultTypes(types: readonly string[]): boolean {
  return types.length === DEFAULT_CHARSET_TYPES.length && DEFAULT_CHARSET_TYPES.every((t) => types.includes(t));
}

export function charsetNodes(charset: CharsetPolicy | undefined): [string, NginxNode][] {
  if (charset === undefined) return [];
  const nodes: [string, NginxNode][] = [
    ['charset', node('charset', charset.charset)],
    ['override_charset', node('override_charset', charset.override ? 'on' : 'off')],
  ];
  if (charset.sourceCharset !== undefined) nodes.push(['source_charset', node('source_charset', charset.sourceCharset)]);
  if (!isDefaultTypes(charset.types)) {
    const listed = charset.types.includes('*') ? ['*'] : charset.types.filter((t) => t !== 'text/html');
    // "charset_types text/html" alone: nginx's list is then text/html only.
    nodes.push(['charset_types', node('charset_types', ...(listed.length > 0 ? listed : ['text/html']))]);
  }
  return nodes;
}
