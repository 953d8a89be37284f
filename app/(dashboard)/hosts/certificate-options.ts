// The certificates a host editor offers to pin: valid ones (and whatever the host pins).
import type { Db } from '@/core/db/client.ts';
import { listCertificates } from '@/core/db/certificate.ts';
import { serializeCertificate } from '@/core/views/certificate.ts';
import type { CertificateOption } from '@/components/hosts/certificate-field.tsx';

export async function certificateOptions(db: Db): Promise<CertificateOption[]> {
  return (await listCertificates(db)).map((row) => {
    const c = serializeCertificate(row);
    return { id: c.id, domains: c.domains, status: c.status, notAfter: c.notAfter ?? null };
  });
}
