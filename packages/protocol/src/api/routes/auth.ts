import { ChangePasswordRequest, FirstRunResponse, LoginResponse, MeResponse, OkResponse } from '../session.js';
import { LoginRequest } from '../auth.js';
import { TotpCodeRequest, TotpConfirmResponse, TotpLoginRequest, TotpLoginResponse, TotpSetupResponse, TotpStatus } from '../totp.js';
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
  loginTotp: defineRoute({
    method: 'POST',
    path: '/api/auth/login/totp',
    summary: 'Second sign-in step: the authenticator code or a recovery code (401 wrong, 429 too many attempts)',
    body: TotpLoginRequest,
    response: TotpLoginResponse,
  }),
  totpStatus: defineRoute({ method: 'GET', path: '/api/auth/totp', summary: "The caller's two-step sign-in", response: TotpStatus }),
  totpSetup: defineRoute({
    method: 'POST',
    path: '/api/auth/totp/setup',
    summary: 'Start turning on two-step sign-in: a new secret and its QR code (IT lead and DSL)',
    response: TotpSetupResponse,
  }),
  totpConfirm: defineRoute({
    method: 'POST',
    path: '/api/auth/totp/confirm',
    summary: 'Turn two-step sign-in on with a first code from the app; answers the recovery codes',
    body: TotpCodeRequest,
    response: TotpConfirmResponse,
  }),
  totpDisable: defineRoute({
    method: 'POST',
    path: '/api/auth/totp/disable',
    summary: 'Turn two-step sign-in off (needs a current code or a recovery code)',
    body: TotpCodeRequest,
    response: OkResponse,
  }),
};
