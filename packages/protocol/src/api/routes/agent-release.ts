import { AgentRelease, AgentReleaseInfo, SetAgentUpdateHold } from '../agent-release.js';
import { defineRoute, pathParams } from '../route.js';

/** What this console serves to agents, and the fleet-wide update hold. */
export const agentReleaseApi = {
  info: defineRoute({
    method: 'GET',
    path: '/api/agent-release',
    summary: 'The agent version this console serves, its programs and the update hold',
    response: AgentReleaseInfo,
  }),
  hold: defineRoute({
    method: 'PUT',
    path: '/api/agent-release/hold',
    summary: 'Hold or release agent updates fleet-wide (admin)',
    body: SetAgentUpdateHold,
    response: AgentReleaseInfo,
  }),
};

/** The single-file agent programs, without signing in (a device being installed has no session). */
export const downloadsApi = {
  manifest: defineRoute({
    method: 'GET',
    path: '/downloads/agent/manifest.json',
    summary: 'The release: version, and per program size, SHA-256 and signature (404 when none)',
    response: AgentRelease,
  }),
  /** text/x-shellscript. */
  installScript: defineRoute({ method: 'GET', path: '/downloads/agent/install.sh', summary: 'The macOS/Linux installer (shell script)' }),
  /** application/octet-stream, with x-safefleet-sha256, -signature and -statement headers. */
  program: defineRoute({
    method: 'GET',
    path: '/downloads/agent/:file',
    summary: 'A program named in the manifest (binary)',
    params: pathParams('file'),
  }),
};
