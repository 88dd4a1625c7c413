import type { JwtClaims, JwtIssuer } from '../world/jwt';
import type { User } from '../world/types';
import type { World } from '../world/world';
import { HttpError, type RouteContext } from './router';

/** Who is calling the platform API: an access token, or an emulator-issued JWT used as a bearer. */
export type Principal =
  | { kind: 'token'; user: User; token: string }
  | { kind: 'jwt'; claims: JwtClaims; user: User | undefined };

export type Authenticator = (ctx: RouteContext) => Principal;

export function createAuthenticator(world: World, jwt: JwtIssuer): Authenticator {
  return (ctx) => {
    const header = ctx.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!m || !m[1]) throw unauthorized('Authentication required.');
    const token = m[1];
    const auth = world.authenticate(token);
    if (auth.ok) return { kind: 'token', user: auth.user, token };
    if (auth.reason === 'expired') throw unauthorized('The access token has expired.', 'credentials.expired');
    const claims = jwt.verify(token);
    if (claims) return { kind: 'jwt', claims, user: claims.data.uid ? world.user(claims.data.uid) : undefined };
    throw unauthorized('Invalid login credentials.');
  };
}

/** The calling user; JWT guests without a user are refused. */
export function requireUser(principal: Principal): User {
  if (principal.user) return principal.user;
  throw new HttpError(403, 'missing.permissions', 'This operation needs a user.');
}

const unauthorized = (message: string, code = 'bad.credentials') => new HttpError(401, code, message);
