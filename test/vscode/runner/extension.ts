/**
 * The test-runner extension (entry of the bundle `dist/runner.js`). It exists so that the suite
 * has an ExtensionContext of its own (for `context.secrets`) and, under code-server, something
 * that starts the suite inside the extension host.
 *
 * - code-server (`NUTSHELL_TESTS_CONTROL_URL` set by test/e2e/extension-host.e2e.ts): on startup
 *   it asks the harness which phase to run (`GET <control>/next`, long poll), runs it with mocha
 *   and posts the PhaseReport (`POST <control>/results`). One phase per extension host.
 * - test-electron: it is a second development extension and only exports its context; the same
 *   bundle's `run()` is the `extensionTestsPath` entry.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as vscode from 'vscode';
import { CONTROL_URL_ENV, PRODUCT_ID, type NextAnswer, type PhaseReport, type RunnerMode } from '../protocol.ts';
import { runSuite } from '../suite/index.ts';
import type { RunnerExports } from '../suite/env.ts';

export { run } from '../suite/index.ts';

function request(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      url,
      {
        method,
        headers: data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {},
        timeout: 120_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function drive(control: string, hostId: string): Promise<void> {
  const base = control.replace(/\/+$/, '');
  const query = `host=${encodeURIComponent(hostId)}&pid=${process.pid}`;
  try {
    let phase: PhaseReport['phase'] | undefined;
    let mode: RunnerMode = 'code-server';
    while (!phase) {
      const { status, text } = await request('GET', `${base}/next?${query}`);
      if (status !== 200) throw new Error(`GET /next answered ${status}: ${text}`);
      const answer = JSON.parse(text) as NextAnswer;
      phase = answer.phase;
      mode = answer.mode ?? mode;
      if (!phase && !answer.wait) return; // the harness has nothing for this host
    }
    const report = await runSuite({ mode, phase, hostId }); // the reporter logs each test line
    const { status, text } = await request('POST', `${base}/results?${query}`, report);
    if (status !== 200) throw new Error(`POST /results answered ${status}: ${text}`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`[nutshell-tests] runner failed: ${message}`);
    await request('POST', `${base}/log?${query}`, { error: message }).catch(() => undefined);
  }
}

export function activate(context: vscode.ExtensionContext): RunnerExports {
  // Taken first thing: was the product active before anything of ours ran?
  const productActiveAtActivation = vscode.extensions.getExtension(PRODUCT_ID)?.isActive ?? false;
  const control = process.env[CONTROL_URL_ENV];
  if (control) {
    process.setSourceMapsEnabled?.(true);
    void drive(control, randomUUID());
  }
  return { context, productActiveAtActivation };
}

export function deactivate(): void {}
