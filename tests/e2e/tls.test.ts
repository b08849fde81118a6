// Acceptance: `npm start -- --host 0.0.0.0` serves HTTPS with a generated certificate, and the
// agent enrolled with the console's own string pins it; a second console (another self-signed
// certificate) is refused, and the refusal reaches the real console's audit log on the next good
// connection; an agent told to use ws:// after an https enrolment refuses.
// The console binds 0.0.0.0 but every byte of traffic here goes to 127.0.0.1.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnrolmentString } from '@safefleet/protocol';
import Database from 'better-sqlite3';
import { agentBin, freePort, type Proc, removeTempDirs, repoRoot, run, serverBin, start, stopAll, tempDir, until } from '../support/processes.js';

const ADMIN_PASSWORD = 'correct-horse-battery-tls';

function pinOf(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** GET over https without trusting anything, returning the certificate pin the server showed. */
function httpsGet(url: string): Promise<{ status: number; body: string; pin: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const cert = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate();
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, pin: cert ? pinOf(cert.toString()) : '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS off loopback with a pinned certificate (real processes)', () => {
  let port: number;
  let data: string;
  let npmStart: Proc;

  beforeAll(async () => {
    port = await freePort();
    data = tempDir('safefleet-tls-');
    // scripts/start.mjs is what `npm start` runs (its build step is a cached no-op after npm test's build).
    npmStart = start('npm start', join(repoRoot, 'scripts/start.mjs'), ['--host', '0.0.0.0', '--port', String(port), '--data', data], {
      SAFEFLEET_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    await npmStart.waitFor(new RegExp(`\\[agent\\] .*connected to wss://127\\.0\\.0\\.1:${port}/ws/agent as device`), 120_000);
  });
  afterAll(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('serves HTTPS with a certificate generated on first start and kept in the data folder, and no plain HTTP', async () => {
    const certFile = join(data, 'tls', 'console-cert.pem');
    const keyFile = join(data, 'tls', 'console-key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(data, 'tls')).mode & 0o777).toBe(0o700);
    const pin = pinOf(readFileSync(certFile, 'utf8'));
    const health = await httpsGet(`https://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(health.pin).toBe(pin);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(npmStart.lines.some((l) => l.includes('serving HTTPS; enrolment strings carry this certificate pin') && l.includes(pin))).toBe(true);
  });

  it('the local agent enrolled with the console string pins that certificate and its reports are acked', async () => {
    const pin = pinOf(readFileSync(join(data, 'tls', 'console-cert.pem'), 'utf8'));
    const enrolment = JSON.parse(readFileSync(join(data, 'agent', 'enrolment.json'), 'utf8')) as Record<string, string>;
    expect(enrolment).toMatchObject({ url: `https://127.0.0.1:${port}`, wsUrl: `wss://127.0.0.1:${port}/ws/agent`, pin });
    await npmStart.waitFor(/\[agent\] .*acked seq 1/, 60_000);
    // A string made by `token create` while the console runs carries the same pin.
    const made = await run(serverBin, ['token', 'create', '--data', data, '--url', `https://127.0.0.1:${port}`]);
    expect(made.code).toBe(0);
    expect(decodeEnrolmentString(made.stdout.trim()).pin).toBe(pin);
  });

  it('an agent pinned to this console refuses a second console with another self-signed certificate', async () => {
    const otherPort = await freePort();
    const otherData = tempDir('safefleet-tls-other-');
    const other = start('other console', serverBin, ['start', '--https', '--host', '127.0.0.1', '--port', String(otherPort), '--data', otherData], {
      SAFEFLEET_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    await other.waitFor(/Safefleet console listening on https:\/\/127\.0\.0\.1:\d+/);
    const otherPin = pinOf(readFileSync(join(otherData, 'tls', 'console-cert.pem'), 'utf8'));
    const pin = pinOf(readFileSync(join(data, 'tls', 'console-cert.pem'), 'utf8'));
    expect(otherPin).not.toBe(pin);

    // 1. Enrolling with this console's string, but the address leads to the other console (DNS or
    //    network hijack): the enrolment is refused and the token is never sent.
    const made = await run(serverBin, ['token', 'create', '--data', data, '--url', `https://127.0.0.1:${port}`]);
    const payload = decodeEnrolmentString(made.stdout.trim());
    const hijacked = `SFE1.${Buffer.from(JSON.stringify({ ...payload, url: `https://127.0.0.1:${otherPort}` })).toString('base64url')}`;
    const enrol = await run(agentBin, ['enroll', hijacked, '--state', tempDir('safefleet-tls-agent-')]);
    expect(enrol.code).toBe(1);
    expect(enrol.stderr).toContain(
      `refused the console's certificate at 127.0.0.1: its pin is sha256/${otherPin}, but this agent enrolled with sha256/${pin}`,
    );

    // 2. An enrolled agent whose console address now leads to the other console.
    const state = tempDir('safefleet-tls-agent-');
    cpSync(join(data, 'agent'), state, { recursive: true });
    const file = join(state, 'enrolment.json');
    const e = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...e, wsUrl: `wss://127.0.0.1:${otherPort}/ws/agent` }));
    const agent = start('pinned agent', agentBin, ['run', '--state', state]);
    const line = await agent.waitFor(/refused the console's certificate/, 30_000);
    expect(line).toContain(`its pin is sha256/${otherPin}, but this agent enrolled with sha256/${pin}`);
    await agent.waitFor(/refused the console at wss:\/\/127\.0\.0\.1:\d+\/ws\/agent: its certificate is not the pinned one \(nothing was sent\)/);
    await agent.stop();
    // The other console never saw an enrolment request or an agent connection.
    expect(other.lines.some((l) => /agent connected|device\.enrolled|\/agent\/enroll/.test(l))).toBe(false);
    await other.stop();

    // 3. Back on its real console, the agent tells it about the refusal: an audit row there.
    writeFileSync(file, JSON.stringify(e));
    const back = start('pinned agent, back home', agentBin, ['run', '--state', state]);
    const db = new Database(join(data, 'safefleet.db'), { readonly: true, fileMustExist: true });
    try {
      const row = await until(
        'the refusal in the console audit log',
        async () =>
          db.prepare("select actor, target, detail_json as detail from audit_log where action = 'agent.refused-console'").get() as
            | { actor: string; target: string; detail: string }
            | undefined,
        60_000,
      );
      expect(row.actor).toBe(`device:${e.deviceId}`);
      const detail = JSON.parse(row.detail) as { message: string; pin: string; address: string; count: number };
      expect(detail).toMatchObject({ pin: otherPin, address: `wss://127.0.0.1:${otherPort}/ws/agent` });
      expect(detail.count).toBeGreaterThanOrEqual(1);
      expect(detail.message).toMatch(
        new RegExp(
          `^device .+ refused a console at wss://127\\.0\\.0\\.1:${otherPort}/ws/agent presenting certificate sha256/.+: possible interception$`,
        ),
      );
    } finally {
      db.close();
      await back.stop();
    }
  });

  it('an agent told to use plain ws:// after an https enrolment refuses to run', async () => {
    const state = tempDir('safefleet-tls-agent-');
    cpSync(join(data, 'agent'), state, { recursive: true });
    const file = join(state, 'enrolment.json');
    const e = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...e, wsUrl: `ws://127.0.0.1:${port}/ws/agent` }));
    const r = await run(agentBin, ['run', '--state', state]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(
      `the console address ws://127.0.0.1:${port}/ws/agent is not encrypted (ws://), but this device enrolled over https with a pinned certificate; refusing to send reports in clear text`,
    );

    // Enrolled well again, the agent tells its console about the refusal: an audit row there.
    writeFileSync(file, JSON.stringify(e));
    const back = start('agent enrolled well again', agentBin, ['run', '--state', state]);
    const db = new Database(join(data, 'safefleet.db'), { readonly: true, fileMustExist: true });
    try {
      const row = await until(
        'the plain-address refusal in the console audit log',
        async () =>
          db
            .prepare(
              "select actor, detail_json as detail from audit_log where action = 'agent.refused-console' and detail_json like '%plain-address%'",
            )
            .get() as { actor: string; detail: string } | undefined,
        60_000,
      );
      expect(row.actor).toBe(`device:${e.deviceId}`);
      const detail = JSON.parse(row.detail) as Record<string, unknown>;
      expect(detail).toMatchObject({ reason: 'plain-address', address: `ws://127.0.0.1:${port}/ws/agent`, count: 1 });
      expect(detail.pin).toBeUndefined();
      expect(String(detail.message)).toMatch(/refused to send its reports to ws:\/\/127\.0\.0\.1:\d+\/ws\/agent: a plain \(unencrypted\)/);
    } finally {
      db.close();
      await back.stop();
    }
  });

  it('refuses to start off loopback without --public-url, and never hands out a Host-header URL', async () => {
    const r = await run(serverBin, ['start', '--host', '0.0.0.0', '--port', '0', '--data', tempDir('safefleet-tls-nourl-')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--public-url is required when the console listens on 0.0.0.0');
  });
});
