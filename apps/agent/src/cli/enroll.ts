import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import { decodeEnrolmentString, EnrollResponse, type EnrollRequest } from '@safefleet/protocol';
import { isoNow } from '../agent.js';
import { AgentState, resolveStateDir } from '../state/index.js';
import { insecureConsoleAddress } from '../transport/console-address.js';
import { RefusedConsoles } from '../transport/refused-consoles.js';
import { pinnedConnection, PinMismatchError } from '../transport/pinned-tls.js';
import { AGENT_VERSION } from '../version.js';
import { stringFlag } from './args.js';
import { EXIT, STATE_FLAG, type CommandSpec } from './command.js';

const TIMEOUT_MS = 30_000;

/** The application key of hardware ids (fixed: the same machine gives the same id to any console). */
export const HARDWARE_ID_KEY = 'safefleet hardware id v1';

/**
 * The id sent as `hardwareId`: HMAC-SHA256 of the raw machine id under a fixed application key,
 * as machine-id(5) asks ("hash it with a fixed, application-specific key"). The raw id never
 * leaves the machine; the same machine always gives the same value, so enrolling it again (with
 * any enrolment string) replaces its old device instead of adding a second one.
 */
export function hardwareIdOf(rawId: string): string {
  return createHmac('sha256', HARDWARE_ID_KEY).update(rawId).digest('hex');
}

/** /etc/machine-id on Linux, when readable, as a keyed hash. Other platforms: none yet. */
async function readHardwareId(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const id = (await readFile('/etc/machine-id', 'utf8')).trim();
    return id.length > 0 && id.length <= 200 ? hardwareIdOf(id) : undefined;
  } catch {
    return undefined;
  }
}

/** The console's wsUrl, made absolute and ws:/wss: (a console may answer with http(s) or a path). */
export function normaliseWsUrl(wsUrl: string, consoleUrl: string): string {
  const u = new URL(wsUrl, consoleUrl);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error(`the console gave an unusable connection address: ${wsUrl}`);
  return u.toString();
}

function describeFetchError(err: unknown, url: string): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return `the console at ${url} did not answer within ${TIMEOUT_MS / 1000} seconds; check the address and that this computer is online`;
  }
  const detail = e.cause?.code ?? e.cause?.message ?? e.message;
  return `could not reach the console at ${url} (${detail}); check the address and that this computer is online`;
}

interface PostResult {
  status: number;
  statusText: string;
  text: string;
}

/** POST JSON over https to a console whose certificate must have this pin (nothing is sent otherwise). */
function postPinned(url: string, body: string, pin: string): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
        createConnection: pinnedConnection(() => [pin]) as never,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > 1024 * 1024) req.destroy(new Error('the answer is too large'));
          else chunks.push(c);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end(body);
  });
}

async function postJson(url: string, body: string, pin: string | undefined): Promise<PostResult> {
  if (pin) return postPinned(url, body, pin);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, statusText: res.statusText, text: await res.text().catch(() => '') };
}

export type EnrolOutcome = { ok: true; deviceId: string; url: string; alreadyEnrolled: boolean } | { ok: false; code: number; message: string };

/**
 * Enrol with the console named in the enrolment string and save the identity in stateDir.
 * An existing enrolment is an error unless `force` (enrol again) or `keepExisting` (install and
 * upgrades: keep the identity, do not spend the token).
 */
export async function enrolDevice(
  enrolmentString: string,
  stateDir: string,
  opts: { force?: boolean; keepExisting?: boolean } = {},
): Promise<EnrolOutcome> {
  const fail = (message: string, code: number = EXIT.failed): EnrolOutcome => ({ ok: false, code, message });
  let payload: ReturnType<typeof decodeEnrolmentString>;
  try {
    payload = decodeEnrolmentString(enrolmentString);
  } catch (err) {
    return fail(`enrolment failed: ${(err as Error).message}`, EXIT.usage);
  }
  if (payload.pin && !payload.url.startsWith('https:')) {
    return fail(
      `enrolment failed: the enrolment string pins a certificate but names a plain http:// console (${payload.url}); create a new one in the console`,
      EXIT.usage,
    );
  }
  const state = await AgentState.open(stateDir);
  if (!opts.force) {
    const existing = await state.readEnrolment().catch(() => undefined);
    if (existing && opts.keepExisting) return { ok: true, deviceId: existing.deviceId, url: existing.url, alreadyEnrolled: true };
    if (existing) {
      return fail(`this device is already enrolled as device ${existing.deviceId} with ${existing.url}; to enrol it again add --force`);
    }
  }
  const hardwareId = await readHardwareId();
  const body: EnrollRequest = {
    token: payload.token,
    hostname: hostname(),
    platform: process.platform,
    agentVersion: AGENT_VERSION,
    ...(hardwareId ? { hardwareId } : {}),
  };
  const endpoint = `${payload.url.replace(/\/+$/, '')}/agent/enroll`;
  let res: PostResult;
  try {
    res = await postJson(endpoint, JSON.stringify(body), payload.pin);
  } catch (err) {
    if (err instanceof PinMismatchError) return fail(`enrolment failed: ${err.message}`);
    return fail(`enrolment failed: ${describeFetchError(err, payload.url)}`);
  }
  const text = res.text;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (res.status < 200 || res.status > 299) {
    const msg = (data as { error?: unknown } | undefined)?.error;
    const why = typeof msg === 'string' && msg ? msg : `HTTP ${res.status} ${res.statusText}`.trim();
    return fail(
      res.status >= 400 && res.status < 500
        ? `enrolment failed: the console refused the enrolment: ${why}`
        : `enrolment failed: the console had a problem (HTTP ${res.status}): ${why}; try again later`,
    );
  }
  const parsed = EnrollResponse.safeParse(data);
  if (!parsed.success || !parsed.data.deviceId || !parsed.data.deviceSecret) {
    return fail(`enrolment failed: the console at ${payload.url} gave an answer this agent does not understand`);
  }
  let wsUrl: string;
  try {
    wsUrl = normaliseWsUrl(parsed.data.wsUrl, payload.url);
  } catch (err) {
    return fail(`enrolment failed: ${(err as Error).message}`);
  }
  const insecure = insecureConsoleAddress({ url: payload.url, wsUrl, pin: payload.pin });
  if (insecure) {
    // The console that answered (over https) handed out a plain address: remembered, and told to a
    // console in the first hello after a good enrolment (its audit log), like a wrong certificate.
    await (await RefusedConsoles.open(state.dir)).recordPlainAddress(wsUrl).catch(() => undefined);
    return fail(`enrolment failed: ${insecure}`);
  }
  await state.writeEnrolment({
    url: payload.url,
    wsUrl,
    deviceId: parsed.data.deviceId,
    deviceSecret: parsed.data.deviceSecret,
    enrolledAt: isoNow(),
    ...(payload.pin ? { pin: payload.pin } : {}),
    ...(payload.updateKey ? { updateKey: payload.updateKey } : {}),
  });
  return { ok: true, deviceId: parsed.data.deviceId, url: payload.url, alreadyEnrolled: false };
}

export const enrollCommand: CommandSpec = {
  name: 'enroll',
  summary: 'Connect this device to a console (run once, as an administrator)',
  usage: 'safefleet-agent enroll <enrolment-string> [--state DIR] [--force]',
  description:
    'Enrols this device with the console named in the enrolment string (copy it from the console:\n' +
    'Devices → Add device). Saves the device identity in the state directory.',
  positionals: [{ name: 'enrolment-string', required: true }],
  flags: [STATE_FLAG, { name: 'force', description: 'Enrol again even if this device is already enrolled' }],
  async run(args, io) {
    const stateDir = resolveStateDir(stringFlag(args, 'state'), { env: io.env });
    const r = await enrolDevice(args.positionals[0]!, stateDir, { force: args.flags.force === true });
    if (!r.ok) {
      io.err(`${r.message}\n`);
      return r.code;
    }
    io.out(`Enrolled as device ${r.deviceId} with ${r.url}.\n`);
    return EXIT.ok;
  },
};
