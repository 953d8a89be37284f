import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { isRunning, startOrder } from '@/app/_lib/acme/jobs.ts';
import { audit } from '@/app/_lib/queries/config-state.ts';
import { getCertificateOrThrow } from '@/app/_lib/queries/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

type Params = { id: string };

// POST /api/v1/certificates/[id]/renew – renew now (or retry a failed order); the current certificate serves meanwhile
export const POST = apiRoute<undefined, Params>({ scope: 'write', status: 202 }, async ({ db, params, principal, ip }) => {
  const row = await getCertificateOrThrow(db, params.id);
  if (row.source === 'UPLOAD') throw new ApiError('conflict', 'an uploaded certificate is renewed by uploading its successor');
  if (row.status === 'REVOKED') throw new ApiError('conflict', 'a revoked certificate cannot be renewed; order a new one');
  if (isRunning(row.id)) throw new ApiError('conflict', 'an order for this certificate is already running');
  // A failed first order starts over as pending; a valid certificate keeps serving while it renews.
  if (row.status === 'FAILED') await db.certificate.update({ where: { id: row.id }, data: { status: 'PENDING' } });
  await audit(db, { principal, ip, action: row.status === 'VALID' ? 'certificate.renew_requested' : 'certificate.retry', objectType: 'certificate', objectId: row.id });
  startOrder(db, row.id);
  return serializeCertificate(await getCertificateOrThrow(db, row.id), { running: true });
});
