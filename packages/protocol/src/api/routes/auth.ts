import { ChangePasswordRequest, FirstRunResponse, LoginResponse, MeResponse, OkResponse } from '../session.js';
import { LoginRequest } from '../auth.js';
import { defineRoute } from '../route.js';

/** Sign-in and the caller's own account. */
export const authApi = {
  login: defineRoute({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Sign in: sets the session cookie (401 wrong email or password, 429 too many attempts)',
    body: LoginRequest,
    response: LoginResponse,
  }),
  logout: defineRoute({ method: 'POST', path: '/api/auth/logout', summary: 'Sign out', response: OkResponse }),
  firstRun: defineRoute({
    method: 'GET',
    path: '/api/auth/first-run',
    summary: 'Whether the first-start account is still the only user (no session needed)',
    response: FirstRunResponse,
  }),
  me: defineRoute({ method: 'GET', path: '/api/auth/me', summary: 'The signed-in user', response: MeResponse }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/api/auth/password',
    summary: "Change the caller's own password (any role)",
    body: ChangePasswordRequest,
    response: OkResponse,
  }),
};
