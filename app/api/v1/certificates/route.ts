import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { allows } from '@/app/_lib/auth/principal.ts';
import { CertificateOrderInput } from '@/app/_lib/acme/api-schemas.ts';
import { isRunning, startOrder } from '@/app/_lib/acme/jobs.ts';
import { acmeSettings } from '@/app/_lib/acme/settings.ts';
import { listCertificates, recordOrder } from '@/app/_lib/queries/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

// GET /api/v1/certificates – list certificates with status, expiry and warnings (never keys)
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({
  certificates: (await listCertificates(db)).map((row) => serializeCertificate(row, { running: isRunning(row.id) })),
}));

// POST /api/v1/certificates – start an ACME order (with hostId: and turn HTTPS on for that host once issued);
// GET /api/v1/certificates/{id} shows its progress
export const POST = apiRoute({ scope: 'write', body: CertificateOrderInput, status: 202 }, async ({ db, body, principal, ip }) => {
  const directoryUrl = body.directoryUrl ?? acmeSettings().directoryUrl;
  // Another CA means the dashboard contacts a URL of the caller's choosing: administrators only.
  if (directoryUrl !== acmeSettings().directoryUrl && !allows(principal.scope, 'admin')) {
    throw new ApiError('forbidden', 'choosing another ACME directory needs the admin scope');
  }
  // A new account is registered with the caller's address unless another is given.
  const hasAccount = (await db.acmeAccount.count({ where: { directoryUrl } })) > 0;
  const email = body.email ?? (hasAccount ? null : principal.email);
  const { row, start } = await recordOrder(db, { domains: body.domains, directoryUrl, email, hostId: body.hostId, redirectHttps: body.redirectHttps }, { principal, ip }, isRunning);
  if (start) startOrder(db, row.id);
  return serializeCertificate(row, { running: true });
});
