// absolute_redirect, port_in_redirect and server_name_in_redirect: each inherited on its
// own (nginx), so the section holds the effective value of all three.
import type { z } from 'zod';
import type { RedirectsPolicy } from '../config/policies.ts';
import type { ImportContext } from './import-context.ts';
import { flagIn } from './map-values.ts';
import type { Scope } from './scope.ts';

export function mapRedirects(scope: Scope, ctx: ImportContext): z.output<typeof RedirectsPolicy> | undefined {
  const flag = (name: string, fallback: boolean) => flagIn(scope, name, ctx) ?? fallback;
  if (!scope.setsAny(['absolute_redirect', 'port_in_redirect', 'server_name_in_redirect'])) return undefined;
  return { absolute: flag('absolute_redirect', true), portIn: flag('port_in_redirect', true), serverNameIn: flag('server_name_in_redirect', false) };
}
