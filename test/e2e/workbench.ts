/**
 * Playwright helpers that drive the VS Code workbench served by code-server
 * in Debian's Chromium (playwright-core, no downloaded browsers).
 *
 * All waits are bounded; failures throw errors that name what was expected,
 * what was on screen, and (when a server was attached with openWorkbench's
 * `server` option) the last code-server log lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, FrameLocator, Locator, Page, Request } from 'playwright-core';
import { REPO_ROOT } from './code-server.ts';
import type { CodeServer } from './code-server.ts';

export const CHROMIUM_PATH = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  // Network guard: only loopback resolves. Pages opened by openExternal for
  // real sites fail fast (their URL is still captured) instead of leaving the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
/** Where screenshots, traces and failure artefacts go (git-ignored). */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

/** Default timeouts (ms). Generous for a 2-core machine, but bounded. */
export const TIMEOUTS = {
  workbench: 60_000,
  command: 30_000,
  quickInput: 10_000,
  notification: 20_000,
  webview: 20_000,
  externalPage: 15_000,
} as const;

// ---------------------------------------------------------------------------
// Diagnostics attached to a page
// ---------------------------------------------------------------------------

interface PageDiagnostics {
  server?: CodeServer;
  consoleErrors: string[];
  tracing: boolean;
  ownsContext: boolean;
}
const diagnostics = new WeakMap<Page, PageDiagnostics>();

function diag(page: Page): PageDiagnostics {
  let d = diagnostics.get(page);
  if (!d) {
    d = { consoleErrors: [], tracing: false, ownsContext: false };
    diagnostics.set(page, d);
  }
  return d;
}

/** Extra context for an error: what the page showed, console errors, code-server log tail. */
export async function describeState(page: Page): Promise<string> {
  const d = diag(page);
  const parts: string[] = [];
  try {
    const state = await page.evaluate(() => {
      const text = (sel: string): string[] =>
        [...document.querySelectorAll(sel)].map((e) => (e as HTMLElement).innerText.trim()).filter(Boolean);
      const qi = document.querySelector('.quick-input-widget') as HTMLElement | null;
      return {
        url: location.href,
        quickInput: qi && qi.style.display !== 'none' ? qi.innerText.slice(0, 500) : '(hidden)',
        toasts: text('.notifications-toasts .notification-list-item-message'),
        dialogs: text('.monaco-dialog-box'),
        tabs: text('.tabs-container .tab .label-name'),
      };
    });
    parts.push(`page: ${state.url}`);
    parts.push(`quick input: ${state.quickInput.replace(/\n+/g, ' | ')}`);
    parts.push(`notifications: ${JSON.stringify(state.toasts)}`);
    if (state.dialogs.length) parts.push(`dialogs: ${JSON.stringify(state.dialogs)}`);
    parts.push(`editor tabs: ${JSON.stringify(state.tabs)}`);
  } catch (e) {
    parts.push(`(page state unavailable: ${(e as Error).message.split('\n')[0]})`);
  }
  if (d.consoleErrors.length) parts.push(`browser console errors (last 10):\n  ${d.consoleErrors.slice(-10).join('\n  ')}`);
  if (d.server) {
    parts.push(`code-server log (last 25 lines):\n${d.server.logTail(25)}`);
    // Newest session first; within it the highest exthostN is the current one.
    const all = d.server.profileLogs(/remoteexthost\.log$/);
    const session = all[0] && path.dirname(path.dirname(all[0].file));
    const exthost = all.filter((l) => path.dirname(path.dirname(l.file)) === session).pop();
    if (exthost) {
      const lines = exthost.text.trimEnd().split('\n').slice(-15).join('\n');
      parts.push(`extension host log ${path.basename(path.dirname(exthost.file))} (last 15 lines):\n${lines}`);
    }
  }
  return parts.join('\n');
}

/** Run `fn`; on failure rethrow with page state, console errors, log tail and a screenshot. */
async function step<T>(page: Page, what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  debug(`${what}…`);
  try {
    const result = await fn();
    debug(`${what} done in ${Date.now() - started} ms`);
    return result;
  } catch (e) {
    const err = e as Error;
    if ((err as { e2eDescribed?: boolean }).e2eDescribed) throw err;
    let shot = '';
    try {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      const file = path.join(RESULTS_DIR, `failure-${Date.now()}.png`);
      await page.screenshot({ path: file, timeout: 5000 });
      shot = `\nscreenshot: ${path.relative(REPO_ROOT, file)}`;
    } catch {
      // page may be gone
    }
    const wrapped = new Error(`${what} failed: ${err.message.split('\n')[0]}\n${await describeState(page)}${shot}`, {
      cause: err,
    });
    (wrapped as { e2eDescribed?: boolean }).e2eDescribed = true;
    throw wrapped;
  }
}

// ---------------------------------------------------------------------------
// Browser and workbench
// ---------------------------------------------------------------------------

/** Launch Debian's Chromium headless. */
export async function launchBrowser(opts: { args?: string[] } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Fix: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    timeout: 60_000,
  });
}

export interface OpenWorkbenchOptions {
  /** Folder to open (absolute path on the code-server machine). */
  folder?: string;
  /** Attach a server so helper errors include its log tail. */
  server?: CodeServer;
  viewport?: { width: number; height: number };
  /** Reuse a browser context (e.g. to keep localStorage = SecretStorage). */
  context?: BrowserContext;
  /** Playwright trace; default from E2E_TRACE=1. Saved by closeWorkbench(). */
  trace?: boolean;
}

/** Open a new page on the workbench and wait until it is usable. */
export async function openWorkbench(browser: Browser, url: string, opts: OpenWorkbenchOptions = {}): Promise<Page> {
  const context =
    opts.context ??
    (await browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      // Deterministic rendering for screenshots.
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'UTC',
    }));
  const trace = opts.trace ?? process.env['E2E_TRACE'] === '1';
  if (trace && !opts.context) {
    await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
  }
  const page = await context.newPage();
  const d = diag(page);
  d.server = opts.server;
  d.tracing = trace && !opts.context;
  d.ownsContext = !opts.context;
  page.on('console', (m) => {
    if (m.type() === 'error') d.consoleErrors.push(m.text().split('\n')[0]!.slice(0, 300));
    if (d.consoleErrors.length > 200) d.consoleErrors.splice(0, 100);
  });
  page.on('pageerror', (e) => d.consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`));
  const target = new URL(url);
  if (opts.folder) target.searchParams.set('folder', opts.folder);
  await step(page, `open workbench ${target.href}`, async () => {
    await page.goto(target.href, { waitUntil: 'domcontentloaded', timeout: TIMEOUTS.workbench });
    await waitForWorkbench(page);
  });
  return page;
}

/** Wait until the workbench is rendered and its remote extension host is connected. */
export async function waitForWorkbench(page: Page, timeout: number = TIMEOUTS.workbench): Promise<void> {
  await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.statusbar').first().waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-workbench .part.editor').first().waitFor({ state: 'visible', timeout });
  // The remote indicator turns from "Opening Remote…" into the host name once
  // connected; extension commands are only in the palette after that.
  await page.waitForFunction(
    () => {
      const el = document.querySelector('#status\\.host, .statusbar-item[id*="remote"]') as HTMLElement | null;
      return !el || !/opening|connecting|reconnect/i.test(el.innerText + ' ' + (el.getAttribute('aria-label') ?? ''));
    },
    undefined,
    { timeout },
  );
}

/**
 * Close the page and the context openWorkbench created for it (a context you
 * passed in stays open), saving a trace first if tracing (E2E_TRACE=1).
 */
export async function closeWorkbench(page: Page, name = 'workbench'): Promise<string | undefined> {
  const d = diag(page);
  const context = page.context();
  let tracePath: string | undefined;
  if (d.tracing) {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    tracePath = path.join(RESULTS_DIR, `trace-${name.replace(/[^\w.-]+/g, '_')}-${Date.now()}.zip`);
    await context.tracing.stop({ path: tracePath }).catch(() => undefined);
    process.stderr.write(`[e2e] trace: ${path.relative(REPO_ROOT, tracePath)} (npx playwright show-trace <file>)\n`);
  }
  if (d.ownsContext) await context.close().catch(() => undefined);
  else await page.close().catch(() => undefined);
  return tracePath;
}

// ---------------------------------------------------------------------------
// Quick input (command palette, quick picks, input boxes)
// ---------------------------------------------------------------------------

function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}
function quickInputBox(page: Page): Locator {
  return page.locator('.quick-input-widget .quick-input-box input');
}

async function quickInputVisible(page: Page): Promise<boolean> {
  return quickInput(page)
    .first()
    .isVisible()
    .catch(() => false);
}

/** Move keyboard focus out of any webview iframe back to the workbench. */
async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (a && a.tagName === 'IFRAME') a.blur();
  });
}

/** Labels of the rows currently in the quick pick list. */
async function quickPickLabels(page: Page): Promise<string[]> {
  return page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => (r.querySelector('.label-name') as HTMLElement | null)?.innerText ?? r.getAttribute('aria-label') ?? ''));
}

/**
 * Select the row whose label is exactly `label` in the open quick pick
 * (typing `filter` first when given). Returns false if not listed within `timeout`.
 */
async function pickExact(page: Page, label: string, timeout: number): Promise<boolean> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const labels = await quickPickLabels(page);
    const idx = labels.findIndex((l) => l.trim() === label);
    if (idx >= 0) {
      const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(idx);
      const focused = await row.evaluate((r) => r.classList.contains('focused'), undefined, { timeout: 2000 }).catch(() => false);
      if (focused) {
        await quickInputBox(page).press('Enter');
      } else {
        await row.click();
      }
      return true;
    }
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(150);
  }
}

export interface RunCommandOptions {
  timeout?: number;
  /** Wait until the palette closed or changed (default true). */
  waitForAccept?: boolean;
}

/**
 * Run a command from the command palette by its exact title as shown there,
 * e.g. `Nutshell: Create Lead` (category + ": " + title). Retries while the
 * command is not listed yet (extensions still activating / registering).
 */
export async function runCommand(page: Page, title: string, opts: RunCommandOptions = {}): Promise<void> {
  const timeout = opts.timeout ?? TIMEOUTS.command;
  await step(page, `runCommand(${JSON.stringify(title)})`, async () => {
    const deadline = Date.now() + timeout;
    for (let attempt = 0; ; attempt++) {
      const paletteOpen = await page.evaluate(() => {
        const i = document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null;
        return !!i && i.value.startsWith('>') && i.offsetParent !== null;
      });
      if (!paletteOpen) {
        if (await quickInputVisible(page)) {
          await page.keyboard.press('Escape');
          await quickInput(page).first().waitFor({ state: 'hidden', timeout: TIMEOUTS.quickInput });
        }
        await focusWorkbench(page);
        await page.keyboard.press('F1');
      }
      try {
        await quickInputBox(page).first().waitFor({ state: 'visible', timeout: TIMEOUTS.quickInput });
        // Picks are recomputed on every filter change, so re-typing the filter
        // picks up commands registered since (extension host still starting).
        if (attempt > 0) await quickInputBox(page).fill('>', { timeout: 2000 });
        await quickInputBox(page).fill(`>${title}`, { timeout: 2000 });
      } catch (error) {
        // The palette closed under us: focus moved, e.g. into a webview that a reload restored.
        if (Date.now() > deadline) throw error;
        debug(`runCommand ${title}: attempt ${attempt}: the palette closed, opening it again`);
        continue;
      }
      const found = await pickExact(page, title, 1000);
      debug(`runCommand ${title}: attempt ${attempt} found=${found}`);
      if (found) break;
      if (Date.now() > deadline) {
        const seen = await quickPickLabels(page);
        throw new Error(`command not found in palette within ${timeout} ms; entries shown: ${JSON.stringify(seen.slice(0, 15))}`);
      }
    }
    if (opts.waitForAccept !== false) {
      // Accepted when the palette closed or now shows something else (a
      // follow-up quick pick / input box opened by the command).
      await page.waitForFunction(
        (expected) => {
          const w = document.querySelector('.quick-input-widget') as HTMLElement | null;
          const input = document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null;
          return !w || w.style.display === 'none' || !input || input.value !== expected;
        },
        `>${title}`,
        { timeout: TIMEOUTS.quickInput },
      );
    }
  });
}

/** Wait for an open quick pick (e.g. `showQuickPick`) and pick the item with this exact label. */
export async function pickQuickPickItem(page: Page, label: string, opts: { filter?: string; timeout?: number } = {}): Promise<void> {
  const timeout = opts.timeout ?? TIMEOUTS.quickInput;
  await step(page, `pickQuickPickItem(${JSON.stringify(label)})`, async () => {
    await quickInputBox(page).first().waitFor({ state: 'visible', timeout });
    if (opts.filter !== undefined) await quickInputBox(page).fill(opts.filter);
    if (!(await pickExact(page, label, timeout))) {
      throw new Error(`item not listed; entries shown: ${JSON.stringify((await quickPickLabels(page)).slice(0, 20))}`);
    }
  });
}

export interface InputBoxState {
  value: string;
  password: boolean;
  /** Text under the input: the prompt, or the validation message. */
  message: string;
  /** Severity of `message` when it is a validation message. */
  severity: 'error' | 'warning' | 'info' | undefined;
  placeholder: string;
  title: string;
}

/** Read the state of the open input box (`window.showInputBox`), or undefined if none is open. */
export async function readInputBox(page: Page): Promise<InputBoxState | undefined> {
  return page.evaluate(() => {
    const w = document.querySelector('.quick-input-widget') as HTMLElement | null;
    const input = document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null;
    if (!w || w.style.display === 'none' || !input) return undefined;
    const box = input.closest('.monaco-inputbox');
    const sev = box?.classList.contains('error')
      ? 'error'
      : box?.classList.contains('warning')
        ? 'warning'
        : box?.classList.contains('info')
          ? 'info'
          : undefined;
    const msg = w.querySelector('.quick-input-message') as HTMLElement | null;
    const title = w.querySelector('.quick-input-title') as HTMLElement | null;
    return {
      value: input.value,
      password: input.type === 'password',
      message: msg && msg.style.display !== 'none' ? msg.innerText.trim() : '',
      severity: sev as 'error' | 'warning' | 'info' | undefined,
      placeholder: input.placeholder,
      title: title && title.style.display !== 'none' ? title.innerText.trim() : '',
    };
  });
}

/**
 * The validation message currently shown under the input box (error/warning
 * from `validateInput`), or undefined if there is none. Waits up to
 * `timeout` ms for one to appear (validation runs asynchronously).
 */
export async function readInputBoxValidation(page: Page, opts: { timeout?: number } = {}): Promise<string | undefined> {
  const deadline = Date.now() + (opts.timeout ?? 2000);
  for (;;) {
    const s = await readInputBox(page);
    if (s && s.severity && s.message) return s.message;
    if (Date.now() > deadline) return undefined;
    await page.waitForTimeout(100);
  }
}

export interface AnswerInputBoxOptions {
  /** Fail unless the prompt / title / placeholder matches. */
  expectPrompt?: string | RegExp;
  /** Fail unless the box is (true) / is not (false) a password box. */
  password?: boolean;
  timeout?: number;
  /** Press Enter after typing (default true). */
  submit?: boolean;
}

export interface AnswerResult {
  /** The box closed or was replaced by the next one. */
  accepted: boolean;
  /** Validation message if the value was rejected. */
  validationMessage?: string;
}

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/**
 * Answer the open `window.showInputBox`: wait for it, check prompt/password,
 * type `value` and press Enter. Resolves with whether it was accepted or the
 * validation message that kept it open.
 */
export async function answerInputBox(page: Page, value: string, opts: AnswerInputBoxOptions = {}): Promise<AnswerResult> {
  const timeout = opts.timeout ?? TIMEOUTS.quickInput;
  return step(page, `answerInputBox(${opts.password ? '<secret>' : JSON.stringify(value)})`, async () => {
    const deadline = Date.now() + timeout;
    let state: InputBoxState | undefined;
    for (;;) {
      state = await readInputBox(page);
      const isInputBox = state && !state.value.startsWith('>');
      const promptOk =
        !opts.expectPrompt || (state && matches([state.message, state.title, state.placeholder].join('\n'), opts.expectPrompt));
      if (isInputBox && promptOk) break;
      if (Date.now() > deadline) {
        throw new Error(
          `no input box${opts.expectPrompt ? ` with prompt ${String(opts.expectPrompt)}` : ''} within ${timeout} ms (saw ${JSON.stringify(state)})`,
        );
      }
      await page.waitForTimeout(100);
    }
    if (opts.password !== undefined && state!.password !== opts.password) {
      throw new Error(`expected ${opts.password ? 'a password' : 'a plain'} input box, got the other`);
    }
    const before = state!;
    await quickInputBox(page).fill(value);
    if (opts.submit === false) return { accepted: false };
    await quickInputBox(page).press('Enter');
    // Accepted → hidden, or replaced by the next box (value/title changed).
    // Rejected → still open with the same value and an error message that
    // stays for REJECT_SETTLE_MS (validation runs in the extension host, so a
    // stale message from the previous value may show for a moment).
    const REJECT_SETTLE_MS = 750;
    const end = Date.now() + 5000;
    let rejectedSince = 0;
    for (;;) {
      const now = await readInputBox(page);
      if (!now || now.value !== value || now.title !== before.title) return { accepted: true };
      if (now.severity === 'error' && now.message) {
        rejectedSince ||= Date.now();
        if (Date.now() - rejectedSince >= REJECT_SETTLE_MS) return { accepted: false, validationMessage: now.message };
      } else {
        rejectedSince = 0;
      }
      if (Date.now() > end) return { accepted: false, validationMessage: now.severity ? now.message : undefined };
      await page.waitForTimeout(50);
    }
  });
}

/** Close the open quick input (Escape), if any. */
export async function cancelQuickInput(page: Page): Promise<void> {
  if (await quickInputVisible(page)) {
    await page.keyboard.press('Escape');
    await quickInput(page).first().waitFor({ state: 'hidden', timeout: TIMEOUTS.quickInput });
  }
}

// ---------------------------------------------------------------------------
// Webviews
// ---------------------------------------------------------------------------

/**
 * The inner document of the active (visible) webview: `iframe.webview` →
 * `iframe#active-frame`. Waits until it has content. With `title`, waits
 * for the webview whose editor tab has that title to be the active editor.
 */
export async function webviewFrame(page: Page, opts: { title?: string; timeout?: number } = {}): Promise<FrameLocator> {
  const timeout = opts.timeout ?? TIMEOUTS.webview;
  return step(page, `webviewFrame(${opts.title ? JSON.stringify(opts.title) : ''})`, async () => {
    if (opts.title) {
      await page
        .locator('.tabs-container .tab.active .label-name', { hasText: opts.title })
        .first()
        .waitFor({ state: 'visible', timeout });
    }
    const outer = page.locator('iframe.webview.ready:visible');
    await outer.first().waitFor({ state: 'attached', timeout });
    debug('webview outer frame ready');
    const inner = outer.last().contentFrame().locator('iframe#active-frame').contentFrame();
    await outer.last().contentFrame().locator('iframe#active-frame').waitFor({ state: 'attached', timeout });
    debug('webview inner frame attached');
    // Content = the extension's HTML has been loaded into the active frame.
    await inner.locator('body > *').first().waitFor({ state: 'attached', timeout });
    return inner;
  });
}

// ---------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------

function toastLocator(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({
    has: page.locator('.notification-list-item-message', { hasText: text }),
  });
}

/** Wait for a notification toast whose message matches; returns its locator. */
export async function waitForNotification(page: Page, text: string | RegExp, opts: { timeout?: number } = {}): Promise<Locator> {
  const timeout = opts.timeout ?? TIMEOUTS.notification;
  return step(page, `waitForNotification(${String(text)})`, async () => {
    const toast = toastLocator(page, text).first();
    try {
      await toast.waitFor({ state: 'visible', timeout });
    } catch (e) {
      // Toasts auto-hide; it may be in the notification center already.
      const center = page.locator('.notifications-center .notification-list-item-message', { hasText: text });
      if ((await center.count()) > 0) {
        throw new Error(`notification is no longer a toast (already in the notification center): ${String(text)}`, {
          cause: e,
        });
      }
      throw e;
    }
    return toast;
  });
}

/** Click the action button `actionLabel` of the toast whose message matches. */
export async function clickNotificationAction(
  page: Page,
  message: string | RegExp,
  actionLabel: string,
  opts: { timeout?: number } = {},
): Promise<void> {
  const toast = await waitForNotification(page, message, opts);
  await step(page, `clickNotificationAction(${String(message)}, ${JSON.stringify(actionLabel)})`, async () => {
    const button = toast.locator('.notification-list-item-buttons-container .monaco-button', {
      hasText: new RegExp(`^\\s*${escapeRegExp(actionLabel)}\\s*$`),
    });
    await button.first().click({ timeout: opts.timeout ?? TIMEOUTS.notification });
  });
}

/** Text of all visible notification toasts. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-list-item-message')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));
}

/** Close all toasts and clear the notification center. */
export async function dismissAllNotifications(page: Page): Promise<void> {
  await step(page, 'dismissAllNotifications', async () => {
    const toasts = page.locator('.notifications-toasts .notification-toast');
    if ((await toasts.count()) === 0) return;
    await runCommand(page, 'Notifications: Clear All Notifications');
    await toasts.first().waitFor({ state: 'detached', timeout: TIMEOUTS.notification });
  });
}

// ---------------------------------------------------------------------------
// Dialogs (modal `showInformationMessage(..., { modal: true })`, link protection…)
// ---------------------------------------------------------------------------

/** Wait for a workbench dialog whose text matches; returns its locator. */
export async function waitForDialog(page: Page, text: string | RegExp, opts: { timeout?: number } = {}): Promise<Locator> {
  return step(page, `waitForDialog(${String(text)})`, async () => {
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: text }).first();
    await dialog.waitFor({ state: 'visible', timeout: opts.timeout ?? TIMEOUTS.notification });
    return dialog;
  });
}

/** Click a button of the open dialog by its exact label. */
export async function clickDialogButton(page: Page, label: string, opts: { timeout?: number } = {}): Promise<void> {
  await step(page, `clickDialogButton(${JSON.stringify(label)})`, async () => {
    const button = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', {
      hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`),
    });
    await button.first().click({ timeout: opts.timeout ?? TIMEOUTS.quickInput });
  });
}

// ---------------------------------------------------------------------------
// External pages (vscode.env.openExternal)
// ---------------------------------------------------------------------------

export interface ExternalPage {
  /** The new browser page (tab/popup). For non-loopback URLs it shows a DNS error page (network guard). */
  page: Page;
  /** The URL the new page was opened with (code-server rewrites loopback URLs to /proxy/<port>/…). */
  url: string;
}

/**
 * Run `trigger` (e.g. clicking a notification action that calls
 * `vscode.env.openExternal`) and return the new browser page it opened and
 * its URL. Confirms the "Do you want code-server to open the external
 * website?" dialog (clicks "Open") if it appears; pass `trustedDomains` to
 * startCodeServer to avoid it, or `confirmDialog: false` to leave it.
 */
export async function captureExternalPage(
  page: Page,
  trigger: () => Promise<void>,
  opts: { timeout?: number; confirmDialog?: boolean } = {},
): Promise<ExternalPage> {
  const timeout = opts.timeout ?? TIMEOUTS.externalPage;
  return step(page, 'captureExternalPage', async () => {
    const context = page.context();
    // Record the first main-frame navigation of each new page: page.url()
    // of a popup that failed to load is chrome-error://…
    const firstUrl = new Map<Page, string>();
    const orphanNavigations: string[] = [];
    const onRequest = (r: Request): void => {
      if (!r.isNavigationRequest()) return;
      try {
        const p = r.frame().page();
        if (p !== page && r.frame() === p.mainFrame() && !firstUrl.has(p)) firstUrl.set(p, r.url());
      } catch {
        // A popup's first navigation is issued before its frame exists.
        orphanNavigations.push(r.url());
      }
    };
    context.on('request', onRequest);
    let done = false;
    try {
      const popup = context.waitForEvent('page', { timeout });
      popup.catch(() => undefined); // awaited below
      await trigger();
      const confirming = (async (): Promise<void> => {
        if (opts.confirmDialog === false) return;
        const open = page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: /^\s*Open\s*$/ });
        while (!done) {
          if (await open.first().isVisible().catch(() => false)) {
            await open.first().click().catch(() => undefined);
            return;
          }
          await page.waitForTimeout(150);
        }
      })();
      let newPage: Page;
      try {
        newPage = await popup;
      } catch (e) {
        throw new Error(`no new page opened within ${timeout} ms (${(e as Error).message.split('\n')[0]})`, { cause: e });
      } finally {
        done = true;
        await confirming;
      }
      await newPage.waitForLoadState('domcontentloaded', { timeout }).catch(() => undefined);
      const current = newPage.url();
      const url =
        firstUrl.get(newPage) ??
        orphanNavigations[0] ??
        (current.startsWith('chrome-error:') ? undefined : current);
      if (!url) throw new Error(`a new page opened but its URL could not be determined (shows ${current})`);
      return { page: newPage, url };
    } finally {
      context.off('request', onRequest);
    }
  });
}

// ---------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------

/** Screenshot of the page (directories are created). */
export async function screenshot(page: Page, file: string): Promise<string> {
  const abs = path.isAbsolute(file) ? file : path.join(RESULTS_DIR, file);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  await page.screenshot({ path: abs, timeout: 15_000 });
  return abs;
}

/** Built-in color theme labels in VS Code 1.139 (theme-defaults). */
export const THEMES = {
  light: 'Light Modern',
  lightPlus: 'Light+',
  light2026: 'Light 2026',
  dark: 'Dark Modern',
  darkPlus: 'Dark+',
  dark2026: 'Dark 2026',
  highContrast: 'Dark High Contrast',
  highContrastLight: 'Light High Contrast',
} as const;

const THEME_KIND: Record<string, string> = {
  'Light Modern': 'vs',
  'Light+': 'vs',
  'Light 2026': 'vs',
  'Light (Visual Studio)': 'vs',
  'Dark Modern': 'vs-dark',
  'Dark+': 'vs-dark',
  'Dark 2026': 'vs-dark',
  'Dark (Visual Studio)': 'vs-dark',
  'Dark High Contrast': 'hc-black',
  'Light High Contrast': 'hc-light',
};

/** The workbench's current theme kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'. */
export async function themeKind(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const cl = document.querySelector('.monaco-workbench')?.classList;
    return ['hc-light', 'hc-black', 'vs-dark', 'vs'].find((k) => cl?.contains(k));
  });
}

/** Switch color theme through "Preferences: Color Theme" (label as listed there). */
export async function setColorTheme(page: Page, themeName: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await pickQuickPickItem(page, themeName, { filter: themeName });
  await step(page, `setColorTheme(${JSON.stringify(themeName)})`, async () => {
    await quickInput(page).first().waitFor({ state: 'hidden', timeout: TIMEOUTS.quickInput });
    const kind = THEME_KIND[themeName];
    if (kind) {
      await page.waitForFunction((k) => document.querySelector('.monaco-workbench')?.classList.contains(k), kind, {
        timeout: TIMEOUTS.quickInput,
      });
    }
  });
}

/** "Developer: Reload Window", then wait for the workbench again. */
export async function reloadWindow(page: Page): Promise<void> {
  await step(page, 'reloadWindow', async () => {
    const navigated = page.waitForEvent('framenavigated', {
      predicate: (f) => f === page.mainFrame(),
      timeout: TIMEOUTS.workbench,
    });
    await runCommand(page, 'Developer: Reload Window', { waitForAccept: false });
    await navigated;
    await page.waitForLoadState('domcontentloaded', { timeout: TIMEOUTS.workbench });
    await waitForWorkbench(page);
  });
}

/** E2E_DEBUG=1: timestamped helper tracing on stderr. */
export function debug(msg: string): void {
  if (process.env['E2E_DEBUG'] === '1') process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 23)}] ${msg}\n`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
