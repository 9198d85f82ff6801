/**
 * The harness side of the runner protocol (protocol.ts), used by test/e2e/extension-host.e2e.ts:
 * a loopback HTTP server whose URL (with a random token) is given to code-server as
 * NUTSHELL_TESTS_CONTROL_URL. Each runner (one per extension host) long-polls `GET /next`;
 * `runPhase()` hands a phase to a host that has not run one yet and waits for its
 * `POST /results`. `POST /log` carries runner errors (shown in timeouts).
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextAnswer, Phase, PhaseReport, RunnerMode } from './protocol.ts';

const PHASE_TIMEOUT_MS = 180_000;
/** An idle `GET /next` is answered `{wait:true}` after this long, and the runner asks again. */
const LONG_POLL_MS = 30_000;

interface Host {
  id: string;
  pid: number;
  /** The pending `GET /next`, if the host is waiting for a phase. */
  waiting?: http.ServerResponse;
  phase?: Phase;
}

export class ControlServer {
  readonly hosts = new Map<string, Host>();
  readonly runnerErrors: string[] = [];
  private readonly reports = new Map<string, PhaseReport>();
  private server!: http.Server;
  private readonly token = randomBytes(12).toString('hex');
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.runnerErrors.push(`control server: ${req.method} ${req.url}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(400);
        res.end();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise((r) => this.server.once('listening', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${this.token}`;
  }

  async close(): Promise<void> {
    for (const host of this.hosts.values()) host.waiting?.end(JSON.stringify({}));
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, token, route] = url.pathname.split('/');
    if (token !== this.token) {
      res.writeHead(404).end();
      return;
    }
    const hostId = url.searchParams.get('host') ?? '';
    const host: Host = this.hosts.get(hostId) ?? { id: hostId, pid: Number(url.searchParams.get('pid')) };
    this.hosts.set(hostId, host);
    const body = req.method === 'POST' ? await readBody(req) : '';
    res.setHeader('content-type', 'application/json');
    if (req.method === 'GET' && route === 'next') {
      host.waiting = res;
      const timer = setTimeout(() => {
        if (host.waiting === res) {
          host.waiting = undefined;
          res.end(JSON.stringify({ wait: true } satisfies NextAnswer));
        }
      }, LONG_POLL_MS);
      // The host went away (window reloaded): forget the pending request.
      res.on('close', () => {
        clearTimeout(timer);
        if (host.waiting === res) host.waiting = undefined;
      });
      return;
    }
    if (req.method === 'POST' && route === 'results') {
      const report = JSON.parse(body) as PhaseReport;
      this.reports.set(`${hostId}/${report.phase}`, report);
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (req.method === 'POST' && route === 'log') {
      this.runnerErrors.push(`host ${hostId}: ${(JSON.parse(body) as { error?: string }).error ?? body}`);
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    res.writeHead(404).end(JSON.stringify({ error: 'unknown route' }));
  }

  /**
   * Waits for a host that has not run a phase yet, hands it `phase`, waits for its report.
   * `describe` adds the product's state to a timeout error.
   */
  async runPhase(phase: Phase, describeState: () => string, mode: RunnerMode = 'code-server'): Promise<PhaseReport> {
    const deadline = Date.now() + PHASE_TIMEOUT_MS;
    const fail = (what: string): never => {
      throw new Error(
        `phase ${phase}: ${what} within ${PHASE_TIMEOUT_MS / 1000}s` +
          `\nrunner errors: ${JSON.stringify(this.runnerErrors)}` +
          `\nhosts seen: ${JSON.stringify([...this.hosts.values()].map((h) => ({ id: h.id, pid: h.pid, phase: h.phase })))}` +
          `\n${describeState()}`,
      );
    };
    let host: Host | undefined;
    while (!(host = [...this.hosts.values()].find((h) => h.waiting && !h.phase))) {
      if (Date.now() > deadline) fail('no new extension host asked for work (runner not activated?)');
      await delay(100);
    }
    host.phase = phase;
    host.waiting!.end(JSON.stringify({ phase, mode } satisfies NextAnswer));
    host.waiting = undefined;
    const key = `${host.id}/${phase}`;
    while (!this.reports.has(key)) {
      if (this.runnerErrors.some((e) => e.startsWith(`host ${host!.id}:`))) fail('the runner reported an error');
      if (Date.now() > deadline) fail(`host ${host.id} (pid ${host.pid}) sent no results`);
      await delay(100);
    }
    return this.reports.get(key)!;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

