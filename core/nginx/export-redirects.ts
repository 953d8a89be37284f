// The redirects section as nginx directives (all three when the section is set).
import type { z } from 'zod';
import type { RedirectsPolicy } from '../config/policies.ts';
import { type NginxNode, node } from './config-writer.ts';

export function redirectNodes(redirects: z.output<typeof RedirectsPolicy> | undefined): [string, NginxNode][] {
  if (redirects === undefined) return [];
  const onOff = (v: boolean) => (v ? 'on' : 'off');
  return [
    ['absolute_redirect', node('absolute_redirect', onOff(redirects.absolute))],
    ['port_in_redirect', node('port_in_redirect', onOff(redirects.portIn))],
    ['server_name_in_redirect', node('server_name_in_redirect', onOff(redirects.serverNameIn))],
  ];
}
