'use client';
// While an order runs, its certificate is fetched four times a second so each step shows
// as it happens; polling stops by itself when nothing runs.
import { useEffect, useRef } from 'react';
import type { CertificateView } from '@/core/views/certificate.ts';
import { api } from '@/components/hooks/api-client.ts';

const POLL_MS = 250;

export function useOrderPolling(certificates: CertificateView[], update: (cert: CertificateView) => void): void {
  const running = certificates.filter((c) => c.running).map((c) => c.id).join(',');
  const latest = useRef(update);
  latest.current = update;
  useEffect(() => {
    if (!running) return;
    const ids = running.split(',');
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      await Promise.all(
        ids.map(async (id) => {
          const cert = await api<CertificateView>('GET', `/api/v1/certificates/${id}`).catch(() => null);
          if (cert && !stopped) latest.current(cert);
        }),
      );
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [running]);
}
