import { apiRoute } from '@/app/_lib/api/handler.ts';
import { createUser, listUsers, UserInput } from '@/app/_lib/queries/user.ts';

// GET /api/v1/users – every user with their role and last activity
export const GET = apiRoute({ scope: 'admin' }, async ({ db }) => ({ users: await listUsers(db) }));

// POST /api/v1/users – create a user with a role and an initial password
export const POST = apiRoute({ scope: 'admin', body: UserInput, status: 201 }, async ({ db, body, principal, ip }) => ({ user: await createUser(db, body, { principal, ip }) }));
