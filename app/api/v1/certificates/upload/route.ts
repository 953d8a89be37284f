import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError } from '@/app/_lib/api/errors.ts';
import { CertificateUploadInput } from '@/app/_lib/acme/api-schemas.ts';
import { acmeSettings } from '@/core/acme/settings.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { createUploadedCertificate } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';
import { validateUpload } from '@/core/tls/pem-validation.ts';

// POST /api/v1/certificates/upload – add your own certificate and key (validated; the key is never returned)
export const POST = apiRoute({ scope: 'write', body: CertificateUploadInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const checked = validateUpload(body);
  if (!checked.ok) throw validationError(checked.issues, 'the certificate cannot be used');
  const { row, revision } = await createUploadedCertificate(db, checked.value, acmeSettings().dataDir, { principal, ip });
  const view = serializeCertificate(row, { detail: true });
  return { ...view, warnings: [...view.warnings, ...checked.value.warnings], apply: await applyReport(revision, [row.id]) };
});
