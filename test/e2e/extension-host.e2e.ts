/**
 * Runs the extension-host suite (test/vscode/suite, mocha) inside code-server's real extension
 * host, next to the packaged product VSIX.
 *
 *   ./node_modules/.bin/node --test test/e2e/extension-host.e2e.ts
 *
 * A test-runner extension (test/vscode/runner, built and packaged on the fly, installed only into
 * this throw-away profile) asks this harness over loopback HTTP which phase to run and reports
 * every mocha test back. One phase per extension host; a window reload starts the next host:
 *
 *   host 1  startup   product inactive → activation, commands, configuration, SecretStorage
 *           (harness) Nutshell: Sign In through the real input boxes, against the sandbox
 *   host 2  signedIn  (after a reload) nutshell.createLead opens the panel without asking
 *   host 3  restored  (after a reload) the panel is back, the product active without a command
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_CREDENTIALS, basicAuthHeader } from '../sandbox/server.ts';
import { buildRunnerVsix } from '../vscode/runner/build.ts';
import { ControlServer } from '../vscode/control.ts';
import { CONTROL_URL_ENV, formatResult, type PhaseReport } from '../vscode/protocol.ts';
import { cleanupAll, makeTempDir } from './code-server.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { startProduct, type Product } from './product.ts';
import {
  answerInputBox,
  closeWorkbench,
  launchBrowser,
  openWorkbench,
  reloadWindow,
  runCommand,
  waitForNotification,
  webviewFrame,
} from './workbench.ts';

/** Prints every mocha result line, then asserts the phase passed with at least one test. */
function assertPhase(t: TestContext, report: PhaseReport): void {
  const lines = report.tests.map(formatResult);
  console.log(`# [${report.phase}] extension host pid ${report.pid}, VS Code ${report.vscodeVersion}, ${report.durationMs} ms`);
  for (const line of lines) console.log(line);
  const count = (s: string): number => report.tests.filter((r) => r.state === s).length;
  t.diagnostic(`${report.phase}: ${count('passed')} passed, ${count('failed')} failed, ${count('pending')} pending`);
  assert.equal(report.loadError, undefined, `the suite did not run: ${report.loadError}`);
  assert.equal(report.mode, 'code-server');
  const failed = report.tests.filter((r) => r.state !== 'passed');
  assert.deepEqual(
    failed.map((r) => `${r.state}: ${r.title}${r.error ? ` — ${r.error}` : ''}`),
    [],
    `phase ${report.phase}: not every test passed`,
  );
  assert.ok(count('passed') > 0, `phase ${report.phase} ran no test (an empty run is a failure)`);
}

describe('extension-host suite in code-server', { timeout: 900_000 }, () => {
  const control = new ControlServer();
  let product: Product;
  let browser: Browser;
  let page: Page;
  /** Records every request; the workspace settings point `nutshell.apiBaseUrl` here. */
  const decoyHits: string[] = [];
  let decoy: http.Server;
  const reports: PhaseReport[] = [];

  const productState = (): string => {
    if (!product) return '';
    const exthost = product.server.profileLogs(/remoteexthost\.log$/).slice(-1)[0];
    return (
      `code-server log (last 15 lines):\n${product.server.logTail(15)}` +
      (exthost ? `\nextension host log (last 20 lines):\n${exthost.text.trimEnd().split('\n').slice(-20).join('\n')}` : '')
    );
  };

  before(async () => {
    checkPrerequisites();
    const t0 = Date.now();
    await control.start();
    decoy = http.createServer((req, res) => {
      decoyHits.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    decoy.listen(0, '127.0.0.1');
    await new Promise((r) => decoy.once('listening', r));
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as AddressInfo).port}/rest`;

    // The opened folder's own settings try to redirect the API and shorten the timeout.
    const workspaceDir = path.join(await makeTempDir('exthost-ws'), 'workspace');
    await fsp.mkdir(path.join(workspaceDir, '.vscode'), { recursive: true });
    await fsp.writeFile(
      path.join(workspaceDir, '.vscode', 'settings.json'),
      JSON.stringify({ 'nutshell.apiBaseUrl': decoyUrl, 'nutshell.requestTimeoutSeconds': 1 }, null, 2),
    );

    const runnerVsix = await buildRunnerVsix();
    const t1 = Date.now();
    product = await startProduct({
      extraVsixPaths: [runnerVsix],
      codeServer: { env: { [CONTROL_URL_ENV]: control.url }, workspaceDir },
    });
    const t2 = Date.now();
    browser = await launchBrowser();
    // The extension host (and so the runner) starts once the workbench connects.
    page = await openWorkbench(browser, product.server.url, { server: product.server });
    console.log(`# timings: runner vsix ${t1 - t0} ms, product vsix + code-server ${t2 - t1} ms, workbench ${Date.now() - t2} ms`);
  });

  after(async () => {
    if (page) await closeWorkbench(page, 'extension-host');
    await browser?.close();
    await product?.stop();
    await control.close();
    await new Promise((r) => decoy?.close(r));
    await cleanupAll();
  });

  it('phase startup: product inactive until a command; commands, configuration scopes, SecretStorage', async (t) => {
    const report = await control.runPhase('startup', productState);
    reports.push(report);
    assertPhase(t, report);
  });

  it('signs in through the real input boxes (checked against the sandbox, not the workspace URL)', async () => {
    product.sandbox.requests.length = 0;
    await runCommand(page, 'Nutshell: Sign In');
    await answerInputBox(page, DEMO_CREDENTIALS.email, { expectPrompt: /email address/i, password: false });
    await answerInputBox(page, DEMO_CREDENTIALS.apiKey, { expectPrompt: /API key/i, password: true });
    await waitForNotification(page, 'Signed in to Nutshell.');
    const checks = product.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/rest/users');
    assert.equal(checks.length, 1, `sandbox requests: ${JSON.stringify(product.sandbox.requests.map((r) => r.path))}`);
    assert.equal(checks[0]!.headers['authorization'], basicAuthHeader(DEMO_CREDENTIALS));
  });

  it('phase signedIn (after a reload): nutshell.createLead opens the panel without asking', async (t) => {
    await reloadWindow(page);
    const report = await control.runPhase('signedIn', productState);
    reports.push(report);
    assertPhase(t, report);
  });

  it('phase restored (after another reload): the panel is back and the product active without a command', async (t) => {
    await reloadWindow(page);
    const report = await control.runPhase('restored', productState);
    reports.push(report);
    assertPhase(t, report);
    // The restored webview really renders (the browser side of the same panel).
    const frame = await webviewFrame(page, { title: 'New Nutshell Lead' });
    assert.ok((await frame.locator('body').innerText()).trim().length > 0, 'the restored form is empty');
  });

  it('ran each phase in its own extension host and never contacted the workspace URL', () => {
    assert.deepEqual(
      reports.map((r) => r.phase),
      ['startup', 'signedIn', 'restored'],
    );
    assert.equal(new Set(reports.map((r) => r.hostId)).size, 3, 'one extension host per phase');
    assert.equal(new Set(reports.map((r) => r.pid)).size, 3, 'a reload starts a new extension host process');
    assert.deepEqual(decoyHits, [], 'requests went to the URL from .vscode/settings.json');
    const total = reports.reduce((n, r) => n + r.tests.length, 0);
    console.log(`# extension-host suite: ${total} tests in ${reports.length} phases, all passed`);
  });
});
