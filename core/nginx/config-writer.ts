// Writes nginx configuration text from a small tree, quoting every argument so that
// nginx's tokenizer reads back exactly the same string.

/** A directive to write; `block` makes it a block directive, `comment` a `# ...` line. */
export interface NginxNode {
  name: string;
  args: string[];
  block?: NginxNode[];
  /** Written as a comment line instead of a directive (name is ignored). */
  comment?: string;
}

export function node(name: string, ...args: string[]): NginxNode {
  return { name, args };
}

export function blockNode(name: string, args: string[], block: NginxNode[]): NginxNode {
  return { name, args, block };
}

export function commentNode(text: string): NginxNode {
  return { name: '', args: [], comment: text };
}

/**
 * An argument as nginx will read it back: bare when it has nothing special, else in
 * double quotes, with a backslash doubled where nginx would otherwise decode it
 * (before " ' \ t r n and at the end), quotes escaped and
 * line breaks and tabs written as \n \r \t.
 */
export function quoteArg(arg: string): string {
  if (/^[^\s;{}"'#\\]+$/.test(arg)) return arg;
  const escaped = arg
    .replace(/\\(?=["'\\tnr]|$)/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `"${escaped}"`;
}

export function renderNginx(nodes: readonly NginxNode[], depth = 0): string {
  const pad = '    '.repeat(depth);
  let out = '';
  for (const n of nodes) {
    if (n.comment !== undefined) {
      out += n.comment.split('\n').map((line) => `${pad}# ${line}`.trimEnd()).join('\n') + '\n';
      continue;
    }
    const head = [n.name, ...n.args].map(quoteArg).join(' ');
    if (n.block) {
      out += `${pad}${head} {\n${renderNginx(n.block, depth + 1)}${pad}}\n`;
    } else {
      out += `${pad}${head};\n`;
    }
  }
  return out;
}
