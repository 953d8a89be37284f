import { apiRoute } from '@/app/_lib/api/handler.ts';
import { orderRunning } from '@/core/acme/order-request.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deleteCertificate, getCertificateOrThrow } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

type Params = { id: string };

// GET /api/v1/certificates/[id] – one certificate: status, progress steps, last error, public chain
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => {
  const row = await getCertificateOrThrow(db, params.id);
  return serializeCertificate(row, { running: orderRunning(row), detail: true });
});

// DELETE /api/v1/certificates/[id] – stop serving and delete a certificate (hosts pinning it choose by name)
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const revision = await deleteCertificate(db, params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
