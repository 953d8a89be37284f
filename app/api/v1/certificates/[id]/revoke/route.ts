import { apiRoute } from '@/app/_lib/api/handler.ts';
import { CertificateRevokeInput, reasonCode } from '@/app/_lib/acme/api-schemas.ts';
import { revokeWithCa } from '@/app/_lib/acme/revoke.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { getCertificateOrThrow } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';

type Params = { id: string };

// POST /api/v1/certificates/[id]/revoke – revoke with the issuing CA and stop serving it
export const POST = apiRoute<typeof CertificateRevokeInput, Params>({ scope: 'write', body: CertificateRevokeInput }, async ({ db, params, body, principal, ip }) => {
  const row = await getCertificateOrThrow(db, params.id);
  const revision = await revokeWithCa(db, row, body.reason, reasonCode(body.reason), { principal, ip });
  return { ...serializeCertificate(await getCertificateOrThrow(db, params.id)), apply: await applyReport(revision, [params.id]) };
});
