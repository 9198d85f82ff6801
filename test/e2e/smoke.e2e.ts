/**
 * Smoke test of the e2e infrastructure, independent of the Nutshell
 * extension: a throw-away "E2E Probe" extension is built on the fly and
 * driven through every primitive the real scenarios rely on.
 *
 *   cd <repo> && ./node_modules/.bin/node test/e2e/smoke.e2e.ts
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkPrerequisites } from './prerequisites.ts';
import { cleanupAll, startCodeServer } from './code-server.ts';
import type { CodeServer } from './code-server.ts';
import { buildTestExtension } from './vsix.ts';
import {
  THEMES,
  answerInputBox,
  captureExternalPage,
  clickNotificationAction,
  closeWorkbench,
  dismissAllNotifications,
  launchBrowser,
  openWorkbench,
  readInputBoxValidation,
  reloadWindow,
  runCommand,
  screenshot,
  setColorTheme,
  themeKind,
  waitForDialog,
  waitForWorkbench,
  waitForNotification,
  webviewFrame,
} from './workbench.ts';

const SECRET = 'probe-secret-42';
/** Never resolves (.invalid), and the browser's network guard blocks it anyway. */
const EXTERNAL = 'https://app.nutshell.invalid/signin?x=1';

const PROBE_EXTENSION_JS = String.raw`
const vscode = require('vscode');
const crypto = require('crypto');

exports.activate = function activate(context) {
  const base = process.env.E2E_PROBE_URL;
  const reg = (id, fn) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  reg('e2eProbe.hello', async () => {
    await context.secrets.store('probe.token', '${SECRET}');
    const back = await context.secrets.get('probe.token');
    const panel = vscode.window.createWebviewPanel('e2eProbe.form', 'Probe Form', vscode.ViewColumn.One, {
      enableScripts: true,
    });
    const nonce = crypto.randomBytes(16).toString('hex');
    panel.webview.html = '<!DOCTYPE html><html><head><meta charset="utf-8">' +
      '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'nonce-' + nonce + '\';">' +
      '</head><body><h1>Probe</h1><p id="secret">' + back + '</p>' +
      '<label for="probe">Value</label> <input id="probe"> <button id="send">Send</button>' +
      '<script nonce="' + nonce + '">const api = acquireVsCodeApi();' +
      'document.getElementById("send").addEventListener("click", () => api.postMessage({ type: "submit", value: document.getElementById("probe").value }));' +
      '</script></body></html>';
    panel.webview.onDidReceiveMessage(async (msg) => {
      if (!msg || msg.type !== 'submit') return;
      const pick = await vscode.window.showInformationMessage('Probe OK: ' + msg.value, 'Open Link');
      if (pick === 'Open Link') {
        const ok = await vscode.env.openExternal(vscode.Uri.parse(base + '/hello?from=probe'));
        vscode.window.showInformationMessage('openExternal returned ' + ok);
      }
    });
  });

  reg('e2eProbe.showSecret', async () => {
    const v = await context.secrets.get('probe.token');
    vscode.window.showInformationMessage('Secret: ' + (v === undefined ? '<none>' : v));
  });

  reg('e2eProbe.openExternal', async () => {
    const ok = await vscode.env.openExternal(vscode.Uri.parse(process.env.E2E_PROBE_EXTERNAL));
    vscode.window.showInformationMessage('external returned ' + ok);
  });

  reg('e2eProbe.ask', async () => {
    const v = await vscode.window.showInputBox({
      title: 'Probe Question',
      prompt: 'Enter a probe code (min 3 chars)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (s) => (s.length < 3 ? 'Too short: at least 3 characters' : undefined),
    });
    vscode.window.showInformationMessage('Answer length: ' + (v === undefined ? 'cancelled' : v.length));
  });
};
exports.deactivate = function deactivate() {};
`;

const PROBE_MANIFEST = {
  name: 'e2e-probe',
  displayName: 'E2E Probe',
  description: 'Throw-away extension proving the e2e infrastructure',
  main: './extension.js',
  activationEvents: [],
  contributes: {
    commands: [
      { command: 'e2eProbe.hello', title: 'Hello', category: 'E2E Probe' },
      { command: 'e2eProbe.showSecret', title: 'Show Secret', category: 'E2E Probe' },
      { command: 'e2eProbe.ask', title: 'Ask', category: 'E2E Probe' },
      { command: 'e2eProbe.openExternal', title: 'Open External', category: 'E2E Probe' },
    ],
  },
};

describe('e2e infrastructure smoke (code-server + Chromium)', { timeout: 600_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let hits: string[] = [];
  let target: http.Server;
  let targetUrl = '';
  const foreignRequests: string[] = [];

  const probeEnv = (): Record<string, string> => ({ E2E_PROBE_URL: targetUrl, E2E_PROBE_EXTERNAL: EXTERNAL });

  before(async () => {
    checkPrerequisites();
    target = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><title>hello page</title><p id="hello">hello from the local target</p>');
    });
    target.listen(0, '127.0.0.1');
    await new Promise((r) => target.once('listening', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

    const t0 = Date.now();
    const vsix = await buildTestExtension({ manifest: PROBE_MANIFEST, files: { 'extension.js': PROBE_EXTENSION_JS } });
    const t1 = Date.now();
    server = await startCodeServer({ vsixPaths: [vsix], settings: {}, env: probeEnv() });
    const t2 = Date.now();
    browser = await launchBrowser();
    page = await openWorkbench(browser, server.url, { server });
    page.context().on('request', (r) => {
      const u = new URL(r.url());
      if (/^(http|ws)s?:$/.test(u.protocol) && u.hostname !== '127.0.0.1' && u.href !== EXTERNAL) foreignRequests.push(u.href);
    });
    const t3 = Date.now();
    console.log(`# timings: vsix ${t1 - t0} ms, code-server (+vsix install) ${t2 - t1} ms, browser+workbench ${t3 - t2} ms`);
  });

  after(async () => {
    if (page) await closeWorkbench(page, 'smoke');
    await browser?.close();
    await server?.stop();
    await new Promise((r) => target?.close(r));
    await cleanupAll();
  });

  it('runs an extension command from the palette and fills its webview form', async () => {
    await runCommand(page, 'E2E Probe: Hello');
    const frame = await webviewFrame(page, { title: 'Probe Form' });
    // The extension stored a secret and read it back before rendering.
    assert.equal(await frame.locator('#secret').innerText(), SECRET);
    await frame.locator('#probe').fill('hello from e2e');
    await frame.locator('#send').click();
    await waitForNotification(page, 'Probe OK: hello from e2e');
  });

  it('clicks a notification action and catches the page opened by openExternal', async (t) => {
    const { page: external, url } = await captureExternalPage(page, () =>
      clickNotificationAction(page, /Probe OK/, 'Open Link'),
    );
    t.diagnostic(`openExternal(${targetUrl}/hello?from=probe) opened ${url}`);
    // code-server rewrites loopback URLs to its own /proxy/<port>/ route
    // (see README); either way the request reaches our local server.
    assert.match(url, /\/hello\?from=probe$/);
    await external.locator('#hello').waitFor();
    assert.ok(hits.includes('/hello?from=probe'), `local target saw ${JSON.stringify(hits)}`);
    await external.close();
    await waitForNotification(page, 'openExternal returned true');
  });

  it('confirms the link-protection dialog for a non-trusted external site', async () => {
    let sawDialog = false;
    const { page: external, url } = await captureExternalPage(page, async () => {
      await runCommand(page, 'E2E Probe: Open External');
      sawDialog = (await waitForDialog(page, /open the external website/).catch(() => undefined)) !== undefined;
    });
    assert.ok(sawDialog, 'expected "Do you want code-server to open the external website?"');
    assert.equal(url, EXTERNAL);
    await external.close();
    await waitForNotification(page, 'external returned true');
  });

  it('answers an input box, reading its validation message first', async () => {
    await runCommand(page, 'E2E Probe: Ask');
    const first = await answerInputBox(page, 'ab', { expectPrompt: /probe code/, password: true });
    assert.equal(first.accepted, false);
    assert.match(first.validationMessage ?? '', /Too short/);
    assert.match((await readInputBoxValidation(page)) ?? '', /Too short: at least 3 characters/);
    const second = await answerInputBox(page, 'abcd', { password: true });
    assert.equal(second.accepted, true);
    await waitForNotification(page, 'Answer length: 4');
  });

  it('switches color themes and takes screenshots', async () => {
    for (const [name, kind] of [
      [THEMES.light, 'vs'],
      [THEMES.highContrast, 'hc-black'],
      [THEMES.dark, 'vs-dark'],
    ] as const) {
      await setColorTheme(page, name);
      assert.equal(await themeKind(page), kind);
      await screenshot(page, `smoke-${kind}.png`);
    }
  });

  it('keeps the secret across "Developer: Reload Window"', async () => {
    await dismissAllNotifications(page);
    hits = [];
    await reloadWindow(page);
    await runCommand(page, 'E2E Probe: Show Secret');
    await waitForNotification(page, `Secret: ${SECRET}`);
  });

  it('keeps the secret across a code-server restart (same port, same browser profile)', async () => {
    const { port, userDataDir, extensionsDir, workspaceDir } = server;
    await server.stop({ keep: false }); // really stop, even with E2E_KEEP=1
    server = await startCodeServer({
      vsixPaths: [],
      settings: {},
      env: probeEnv(),
      trustedDomains: ['*.nutshell.invalid'],
      port,
      userDataDir,
      extensionsDir,
      workspaceDir,
    });
    await page.goto(server.url);
    await waitForWorkbench(page);
    await runCommand(page, 'E2E Probe: Show Secret');
    await waitForNotification(page, `Secret: ${SECRET}`);
    // With --link-protection-trusted-domains there is no confirmation dialog.
    const { page: external, url } = await captureExternalPage(page, () => runCommand(page, 'E2E Probe: Open External'), {
      confirmDialog: false,
    });
    assert.equal(url, EXTERNAL);
    await external.close();
  });

  it('does not see the secret from a fresh browser profile (SecretStorage lives in the browser)', async () => {
    const other = await openWorkbench(browser, server.url, { server });
    try {
      await runCommand(other, 'E2E Probe: Show Secret');
      await waitForNotification(other, 'Secret: <none>');
    } finally {
      await closeWorkbench(other, 'fresh-profile');
    }
  });

  it('sent no browser traffic beyond loopback', () => {
    assert.deepEqual(foreignRequests, []);
  });
});
