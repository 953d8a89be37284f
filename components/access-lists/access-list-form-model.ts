// The access list form: rules as lines ("allow 10.0.0.0/8"), as the stream editor has them,
// and users whose password field is empty unless a new one is typed (an empty one keeps the
// stored password: the API never sends passwords back).
import type { AccessListView } from '@/core/db/access-list.ts';

export interface AccessListFormValue {
  name: string;
  rules: string;
  realm: string;
  satisfy: 'all' | 'any';
  users: { username: string; password: string }[];
}

export const EMPTY_ACCESS_LIST: AccessListFormValue = { name: '', rules: '', realm: 'Restricted', satisfy: 'all', users: [] };

export function toAccessListForm(list: AccessListView): AccessListFormValue {
  return {
    name: list.name,
    rules: list.rules.map((r) => `${r.action} ${r.source}`).join('\n'),
    realm: list.realm,
    satisfy: list.satisfy,
    users: list.users.map((u) => ({ username: u.username, password: '' })),
  };
}

/** The API body; a rule line that is not "allow|deny <address>" is sent as written, for the API to name. */
export function toAccessListBody(form: AccessListFormValue) {
  const rules = form.rules
    .split('\n')
    .map((line) => line.trim().replace(/;$/, ''))
    .filter((line) => line !== '')
    .map((line) => {
      const [action = '', ...rest] = line.split(/\s+/);
      return { action, source: rest.join(' ') };
    });
  return {
    name: form.name,
    rules,
    realm: form.realm,
    satisfy: form.satisfy,
    users: form.users.map((u) => (u.password === '' ? { username: u.username } : { username: u.username, password: u.password })),
  };
}
