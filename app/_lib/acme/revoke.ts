// Revocation with the issuing CA, signed by the ACME account that ordered it. The
// engine stops serving the certificate in the same revision that records the revocation.
import type { Db } from '@/core/db/client.ts';
import { ApiError } from '../api/errors.ts';
import { markRevoked } from '../../../core/db/certificate.ts';
import type { WriteMeta } from '../../../core/db/config-state.ts';
import type { CertificateRow } from '../../../core/views/certificate.ts';
import { accountClient } from '../../../core/acme/account.ts';
import { withTransportCapture } from '../../../core/acme/http-client.ts';
import { caName, classifyFailure } from '@/core/acme/problems.ts';
import { acmeSettings } from '../../../core/acme/settings.ts';

export async function revokeWithCa(db: Db, row: CertificateRow, reasonName: string, reasonCode: number, meta: WriteMeta): Promise<number> {
  if (row.status !== 'VALID' || !row.certPem) throw new ApiError('conflict', `only a valid certificate can be revoked (this one is ${row.status.toLowerCase()})`);
  if (row.source !== 'ACME' || !row.acmeAccount) {
    throw new ApiError('conflict', 'this certificate was uploaded: revoke it with the CA that issued it, then delete it here to stop serving it');
  }
  const directoryUrl = row.acmeAccount.directoryUrl;
  const settings = acmeSettings();
  await withTransportCapture(async (capture) => {
    try {
      const { client } = await accountClient(db, directoryUrl, null, settings);
      await client.revokeCertificate(row.certPem!, { reason: reasonCode });
    } catch (error) {
      const failure = classifyFailure(error, capture(), { step: 'order', ca: caName(directoryUrl) });
      // The CA did not revoke it: nothing changes here, the reason goes back to the caller.
      throw new ApiError('bad_request', `revocation failed: ${failure.message}`, { code: failure.code, problem: failure.problem });
    }
  });
  return markRevoked(db, row.id, reasonName, meta);
}
