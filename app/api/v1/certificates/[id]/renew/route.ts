import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { orderRunning, requestOrder } from '@/core/acme/order-request.ts';
import { audit } from '@/core/db/config-state.ts';
import { getCertificateOrThrow } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

type Params = { id: string };

// POST /api/v1/certificates/[id]/renew – renew now (or retry a failed order); the current certificate serves meanwhile
export const POST = apiRoute<undefined, Params>({ scope: 'write', status: 202 }, async ({ db, params, principal, ip }) => {
  const row = await getCertificateOrThrow(db, params.id);
  if (row.source === 'UPLOAD') throw new ApiError('conflict', 'an uploaded certificate is renewed by uploading its successor');
  if (row.status === 'REVOKED') throw new ApiError('conflict', 'a revoked certificate cannot be renewed; order a new one');
  if (orderRunning(row)) throw new ApiError('conflict', 'an order for this certificate is already running');
  // A failed first order starts over as pending; a valid certificate keeps serving while it renews.
  // Recorded as asked for: the controller picks it up from the database within a second.
  await db.$transaction(async (tx) => {
    await requestOrder(tx, row.id, row.status);
    await audit(tx, { principal, ip, action: row.status === 'VALID' ? 'certificate.renew_requested' : 'certificate.retry', objectType: 'certificate', objectId: row.id });
  });
  return serializeCertificate(await getCertificateOrThrow(db, row.id), { running: true });
});
