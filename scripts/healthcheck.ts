// The container's HEALTHCHECK (and anyone's liveness script): exits 0 when the dashboard's
// GET /readyz answers 200, else 1 with the reason. Asks over loopback, so it works whatever
// address the dashboard binds to. An instance without a dashboard (PORTICO_ROLE=engine) is
// asked on the engine's control port, which answers /readyz without a token.
import { EnvError, readEnv, roleRuns } from '../core/env.ts';

let port: number;
try {
  const env = readEnv();
  port = roleRuns(env.PORTICO_ROLE).dashboard ? env.PORTICO_DASHBOARD_PORT : env.PORTICO_CONTROL_PORT;
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  console.log(`${res.status} ${body}`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (error) {
  console.log(`not answering on 127.0.0.1:${port}: ${(error as Error).message}`);
  process.exit(1);
}
