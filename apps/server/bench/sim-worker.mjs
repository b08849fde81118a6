// One simulator process: many agents, each a real `ws` client speaking the agent protocol.
// Driven by the bench over IPC: connect, paced load, closed-loop saturation, close.
import WebSocket from 'ws';
import { reportFactory } from './payload.mjs';

const { url, localAddress } = JSON.parse(process.argv[2]);
/** @type {{id:string,secret:string,seed:number}[]} */
let creds = [];
const agents = [];

class Agent {
  constructor(cred) {
    this.cred = cred;
    this.make = reportFactory(cred.seed % 50);
    this.seq = 0;
    this.ws = null;
    this.open = false;
    this.pending = new Map(); // reportId -> sentAt
    this.onAck = null;
  }

  connect(timeoutMs) {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/agent`, {
        headers: { authorization: `Bearer ${this.cred.id}.${this.cred.secret}` },
        handshakeTimeout: timeoutMs,
        perMessageDeflate: false,
        ...(localAddress ? { localAddress } : {}),
      });
      this.ws = ws;
      let done = false;
      const finish = (result) => {
        if (done) return;
        done = true;
        resolve(result);
      };
      const timer = setTimeout(() => {
        finish('timeout');
        ws.terminate();
      }, timeoutMs);
      ws.on('open', () =>
        ws.send(
          JSON.stringify({ type: 'hello', protocolVersion: 1, agentVersion: '0.1.0', hostname: `bench-laptop-${this.cred.seed}`, platform: 'linux' }),
        ),
      );
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'hello') {
          clearTimeout(timer);
          this.open = true;
          finish('ok');
        } else if (msg.type === 'ack') {
          const sentAt = this.pending.get(msg.reportId);
          if (sentAt !== undefined) {
            this.pending.delete(msg.reportId);
            stats.acks++;
            stats.latencies.push(performance.now() - sentAt);
            this.onAck?.();
          }
        } else if (msg.type === 'error') {
          stats.errors++;
          if (stats.errorSamples.length < 5) stats.errorSamples.push(msg.message);
          if (msg.reportId) this.pending.delete(msg.reportId);
          this.onAck?.();
        }
      });
      ws.on('error', (err) => {
        clearTimeout(timer);
        if (stats.connectErrorSamples.length < 5) stats.connectErrorSamples.push(String(err.code ?? err.message));
        finish('error');
      });
      ws.on('close', () => {
        clearTimeout(timer);
        if (this.open) stats.dropped++;
        this.open = false;
        finish('closed');
      });
    });
  }

  send() {
    if (!this.open) return false;
    const { reportId, frame } = this.make(++this.seq);
    this.pending.set(reportId, performance.now());
    stats.sent++;
    this.ws.send(frame);
    return true;
  }
}

let stats;
function resetStats() {
  stats = { sent: 0, acks: 0, errors: 0, dropped: 0, latencies: [], errorSamples: [], connectErrorSamples: [] };
}
resetStats();

async function connectAll({ concurrency, timeoutMs }) {
  const t0 = performance.now();
  const results = { ok: 0, timeout: 0, error: 0, closed: 0 };
  let next = 0;
  const lane = async () => {
    while (next < agents.length) {
      const a = agents[next++];
      results[await a.connect(timeoutMs)]++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ...results, ms: performance.now() - t0, connectErrorSamples: stats.connectErrorSamples };
}

/** Paced load: `rate` reports/s spread over this worker's open agents, for `seconds`. */
async function paced({ rate, seconds }) {
  resetStats();
  const open = agents.filter((a) => a.open);
  if (open.length === 0 || rate <= 0) return collect();
  const tickMs = 50;
  const perTick = (rate * tickMs) / 1000;
  let budget = 0;
  let i = 0;
  const end = Date.now() + seconds * 1000;
  await new Promise((resolve) => {
    const t = setInterval(() => {
      if (Date.now() >= end) {
        clearInterval(t);
        resolve();
        return;
      }
      budget += perTick;
      while (budget >= 1) {
        budget--;
        // Round-robin over agents: each agent has at most one report in flight, like a real agent.
        for (let k = 0; k < open.length; k++) {
          const a = open[i++ % open.length];
          if (a.pending.size === 0 && a.send()) break;
        }
      }
    }, tickMs);
  });
  await drain(10_000);
  return collect();
}

/** Closed loop: `count` agents each send the next report as soon as the last is acked, for `seconds`. */
async function saturate({ count, seconds }) {
  resetStats();
  const chosen = agents.filter((a) => a.open).slice(0, count);
  let running = true;
  const t0 = performance.now();
  for (const a of chosen) {
    a.onAck = () => {
      if (running && a.pending.size === 0) a.send();
    };
    a.send();
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  running = false;
  const elapsed = (performance.now() - t0) / 1000;
  const acked = stats.acks;
  await drain(10_000);
  for (const a of chosen) a.onAck = null;
  return { ...collect(), ackedInWindow: acked, seconds: elapsed };
}

async function drain(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end && agents.some((a) => a.pending.size > 0 && a.open)) await new Promise((r) => setTimeout(r, 50));
}

function collect() {
  return {
    sent: stats.sent,
    acks: stats.acks,
    errors: stats.errors,
    dropped: stats.dropped,
    errorSamples: stats.errorSamples,
    open: agents.filter((a) => a.open).length,
    latencies: stats.latencies,
  };
}

async function closeAll() {
  for (const a of agents) a.ws?.terminate();
  return { closed: agents.length };
}

process.on('message', async (msg) => {
  let result;
  try {
    if (msg.cmd === 'creds') {
      creds = msg.creds;
      agents.length = 0;
      for (const c of creds) agents.push(new Agent(c));
      result = { agents: agents.length };
    } else if (msg.cmd === 'connect') result = await connectAll(msg);
    else if (msg.cmd === 'paced') result = await paced(msg);
    else if (msg.cmd === 'saturate') result = await saturate(msg);
    else if (msg.cmd === 'close') result = await closeAll();
    else if (msg.cmd === 'exit') process.exit(0);
    process.send({ id: msg.id, result });
  } catch (err) {
    process.send({ id: msg.id, error: String(err?.stack ?? err) });
  }
});
