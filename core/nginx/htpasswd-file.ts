// An auth_basic_user_file read the way nginx 1.22 reads it for each request
// (ngx_http_auth_basic_user_file's scan): the first line that starts with "user:" wins;
// the hash ends at ":", CR or the line's end ("user:hash:comment"); lines that start with
// "#" or CR are skipped, empty lines too. No space is trimmed. One quirk is kept: a line
// without ":" that is the start of the user's name ("al" for "alice") makes nginx read
// its line break as a mismatch and skip the whole next line as well.

export interface HtpasswdUser {
  username: string;
  /** The value nginx compares: possibly empty. */
  hash: string;
  /** 1-based line of the entry nginx uses. */
  line: number;
}

interface Definition {
  index: number;
  hash: string;
}

/** Every user nginx finds in the file, in order of first appearance, with the entry nginx uses. */
export function readHtpasswd(content: string): HtpasswdUser[] {
  const lines = content.split('\n');
  const definitions = new Map<string, Definition[]>();
  /** Colon-free lines, by text: each may hide the next line from the users it starts. */
  const prefixLines = new Map<string, number[]>();
  lines.forEach((text, index) => {
    if (text === '' || text.startsWith('#') || text.startsWith('\r')) return;
    const colon = text.indexOf(':');
    if (colon < 0) {
      prefixLines.set(text, [...(prefixLines.get(text) ?? []), index]);
      return;
    }
    // nginx never looks up an empty user name (it answers 401 first).
    if (colon === 0) return;
    const username = text.slice(0, colon);
    const hash = /^[^:\r]*/.exec(text.slice(colon + 1))![0];
    definitions.set(username, [...(definitions.get(username) ?? []), { index, hash }]);
  });

  const users: HtpasswdUser[] = [];
  for (const [username, defs] of definitions) {
    const hiders = new Set<number>();
    for (let length = 1; length <= username.length; length++) for (const index of prefixLines.get(username.slice(0, length)) ?? []) hiders.add(index);
    const found = firstReached(defs, [...hiders].sort((a, b) => a - b));
    if (found) users.push({ username, hash: found.hash, line: found.index + 1 });
  }
  return users;
}

/** The first definition nginx's scan reaches, given the lines that hide the line after them. */
function firstReached(defs: readonly Definition[], hiders: readonly number[]): Definition | undefined {
  let hidden = -1;
  let h = 0;
  for (const def of defs) {
    // Hiding lines before this definition, in order; a hidden hiding line hides nothing.
    for (; h < hiders.length && hiders[h]! < def.index; h++) if (hiders[h] !== hidden) hidden = hiders[h]! + 1;
    if (def.index !== hidden) return def;
  }
  return undefined;
}
