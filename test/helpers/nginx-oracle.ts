// Test support: nginx itself as the oracle. Runs `nginx -t` on a configuration inside a
// throwaway prefix directory, and makes a self-signed certificate for HTTPS servers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasNginx, NGINX_BINARY } from './nginx-binary.ts';

export { hasNginx, NGINX_BINARY };

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
export const canTestNginx = hasNginx && hasOpenssl();

export interface OracleDir {
  prefix: string;
  certificate: string;
  key: string;
  cleanup: () => void;
}

/** A temporary nginx prefix with a self-signed certificate in it. */
export function makeOracleDir(): OracleDir {
  const prefix = mkdtempSync(join(tmpdir(), 'portico-nginx-'));
  const certificate = join(prefix, 'cert.pem');
  const key = join(prefix, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', certificate, '-days', '2', '-subj', '/CN=localhost'], { stdio: 'pipe' });
  return { prefix, certificate, key, cleanup: () => rmSync(prefix, { recursive: true, force: true }) };
}

/** `nginx -t` on a complete configuration; returns nginx's complaint, or null when it accepts it. */
export function nginxRejects(config: string, dir: OracleDir): string | null {
  const file = join(dir.prefix, 'nginx.conf');
  writeFileSync(file, config);
  try {
    execFileSync(NGINX_BINARY, ['-t', '-q', '-c', file, '-p', `${dir.prefix}/`], { stdio: 'pipe', timeout: 10000 });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    return stderr.trim() || 'nginx -t failed';
  }
}

/** Wraps http-level text into a complete configuration that writes only inside the prefix. */
export function wrapHttp(httpBody: string, dir: OracleDir): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${dir.prefix}/${k}_temp;`).join('\n');
  return `error_log ${dir.prefix}/error.log;\npid ${dir.prefix}/nginx.pid;\nevents {}\nhttp {\naccess_log off;\n${temp}\n${httpBody}\n}\n`;
}
