import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { PASSWORD_MIN_LENGTH } from '@/app/_lib/auth/password.ts';
import { listUsers } from '@/app/_lib/queries/user.ts';
import { UsersClient } from '@/components/settings/users-client.tsx';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requirePageUser();
  if (user.role !== 'ADMIN') redirect('/settings/account');
  return <UsersClient users={await listUsers(await getDb())} currentUserId={user.userId} minLength={PASSWORD_MIN_LENGTH} />;
}
