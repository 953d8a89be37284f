import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { allows } from '@/core/auth/principal.ts';
import { CertificateOrderInput } from '@/app/_lib/acme/api-schemas.ts';
import { orderRunning } from '@/core/acme/order-request.ts';
import { acmeSettings } from '@/core/acme/settings.ts';
import { listCertificates, recordOrder } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

// GET /api/v1/certificates – list certificates with status, expiry and warnings (never keys)
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({
  certificates: (await listCertificates(db)).map((row) => serializeCertificate(row, { running: orderRunning(row) })),
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
  const { row } = await recordOrder(db, { domains: body.domains, directoryUrl, email, hostId: body.hostId, redirectHttps: body.redirectHttps, challenge: body.challenge, dnsProviderId: body.dnsProviderId }, { principal, ip });
  // Recorded as asked for: the controller picks it up from the database within a second.
  return serializeCertificate(row, { running: true });
});
