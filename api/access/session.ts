import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { AppError } from '../../domain/errors';
import { authenticate, type AuthenticationDeps, type Authenticated } from '../../activities/access/authentication';

// The session cookie and the CSRF check. The cookie is http-only (scripts never see the token)
// and SameSite=Strict (other sites' pages never send it); on top of that every state-changing
// request must echo the session's CSRF token in a header and, when the browser names an origin,
// come from this site.

export const sessionCookieName = 'srdi_session';

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

export function setSessionCookie(res: Response, token: string, options: CookieOptions): void {
  res.append('Set-Cookie', serializeCookie(sessionCookieName, token, { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/', maxAge: options.maxAgeSeconds }));
}

export function clearSessionCookie(res: Response, options: CookieOptions): void {
  res.append('Set-Cookie', serializeCookie(sessionCookieName, '', { httpOnly: true, sameSite: 'strict', secure: options.secure, path: '/', maxAge: 0 }));
}

function sameToken(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A browser names the page's origin on cross-site requests; it must be this site. */
export function checkOrigin(req: Request): void {
  const origin = req.header('origin');
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('CSRF_REJECTED');
  }
  if (host !== req.header('host')) throw new AppError('CSRF_REJECTED');
}

export function sessionAuthenticator(deps: AuthenticationDeps) {
  return async (req: Request, options: { csrf: boolean }): Promise<Authenticated> => {
    const token = parseCookies(req.header('cookie') ?? '')[sessionCookieName];
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('UNAUTHENTICATED');
    const auth = await authenticate(deps, token);
    if (options.csrf) {
      checkOrigin(req);
      if (!sameToken(auth.csrfToken, req.header('x-csrf-token'))) throw new AppError('CSRF_REJECTED');
    }
    return auth;
  };
}
