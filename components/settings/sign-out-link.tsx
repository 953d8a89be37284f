'use client';
// Signing out from a page outside the dashboard's frame (the required two-factor setup):
// someone without their phone at hand must be able to leave.
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button.tsx';
import { api } from '@/components/hooks/api-client.ts';

export function SignOutLink() {
  const router = useRouter();
  async function signOut() {
    await api('DELETE', '/api/v1/session').catch(() => undefined);
    router.replace('/login');
    router.refresh();
  }
  return (
    <Button variant="ghost" size="sm" onClick={signOut}>
      Sign out
    </Button>
  );
}
