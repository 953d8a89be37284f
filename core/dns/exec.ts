// The "exec" provider: a command of the administrator's (a script for a DNS host Portico
// has no client for) run as `<command> [args…] set|clear <name> <value>`, like lego's
// exec provider. No shell: the record is passed as arguments, never interpolated.
import { execFile } from 'node:child_process';
import { DnsProviderError, type DnsProviderClient, type TxtRecord } from './provider.ts';

export interface ExecSettings {
  command: string;
  args: string[];
  timeoutSeconds: number;
}

function run(settings: ExecSettings, action: 'set' | 'clear', record: TxtRecord): Promise<void> {
  const args = [...settings.args, action, record.name, record.value];
  return new Promise((resolve, reject) => {
    execFile(
      settings.command,
      args,
      { timeout: settings.timeoutSeconds * 1000, env: { ...process.env, PORTICO_DNS_ACTION: action, PORTICO_DNS_NAME: record.name, PORTICO_DNS_VALUE: record.value, PORTICO_DNS_ZONE: record.zone ?? '' } },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const output = String(stderr).trim().split('\n').slice(-3).join(' / ');
        const how = error.killed ? `was stopped after ${settings.timeoutSeconds} s` : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : `exited with status ${error.code}`;
        reject(new DnsProviderError('dns_provider_error', `The command ${settings.command} ${action} ${record.name} ${how}${output ? `: ${output}` : ''}`));
      },
    );
  });
}

export function execProvider(settings: ExecSettings): DnsProviderClient {
  return { set: (record) => run(settings, 'set', record), clear: (record) => run(settings, 'clear', record) };
}
