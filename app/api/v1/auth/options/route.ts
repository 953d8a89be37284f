import { publicRoute } from '@/app/_lib/api/handler.ts';
import { getAuthSettings, signInOptions } from '@/app/_lib/auth/auth-settings.ts';

// GET /api/v1/auth/options – how one can sign in (password, the OpenID provider's name), for the login page
export const GET = publicRoute({}, async ({ db }) => signInOptions(await getAuthSettings(db)));
