import { CLOSE_CODES, PROTOCOL_VERSION } from '@safefleet/protocol';

/** lastError when the console's certificate did not match the pin (the detail is logged at once). */
export const PIN_MISMATCH = 'certificate pin mismatch';

export interface CloseInfo {
  /** WebSocket close code (1006 when the connection failed or dropped). */
  code: number;
  reason: string;
  /** Whether the WebSocket handshake completed. */
  opened: boolean;
  /** The last socket error: an errno code (ECONNREFUSED) or ws's "Unexpected server response: 401". */
  lastError: string | undefined;
  url: string;
}

/**
 * Plain words for why the connection ended, and whether to wait the longest backoff before trying
 * again (credentials refused, device removed, protocol too old, replaced: retrying fast cannot help).
 */
export function describeClose(c: CloseInfo): { why: string; maxBackoff: boolean } {
  const status = /Unexpected server response: (\d+)/.exec(c.lastError ?? '')?.[1];
  if (c.code === CLOSE_CODES.revoked || status === '403') {
    return { why: 'this device was removed from the console; enrol it again (safefleet-agent enroll <enrolment-string> --force)', maxBackoff: true };
  }
  if (c.code === CLOSE_CODES.unauthorized || status === '401') {
    return { why: "the console did not accept this device's credentials; if it was removed from the console, enrol it again", maxBackoff: true };
  }
  if (c.code === CLOSE_CODES.protocolVersion) {
    return { why: `the console does not speak this agent's protocol version (${PROTOCOL_VERSION}); update the agent`, maxBackoff: true };
  }
  if (c.code === CLOSE_CODES.replaced) {
    return { why: 'another agent connected as this device, replacing this connection', maxBackoff: true };
  }
  if (c.lastError === PIN_MISMATCH) {
    return { why: `refused the console at ${c.url}: its certificate is not the pinned one (nothing was sent)`, maxBackoff: true };
  }
  if (c.code === CLOSE_CODES.rateLimited || status === '429') {
    return {
      why: `the console is limiting this device: it sent more than its share (${c.reason || 'too many messages'}); queued reports are sent again later`,
      maxBackoff: false,
    };
  }
  if (!c.opened) {
    return { why: `could not connect to ${c.url} (${c.lastError ?? 'no answer'})`, maxBackoff: false };
  }
  return { why: `disconnected from the console (code ${c.code}${c.reason ? `: ${c.reason}` : ''})`, maxBackoff: false };
}
