/**
 * Helpers for the Nutshell Lead Capture e2e scenarios: one "session" (sandbox + code-server +
 * Chromium) per test file, sign-in through the real input boxes, and the lead form webview
 * (text fields, WAI-ARIA combobox pickers, typed custom fields).
 *
 * Everything waits on a condition with a bounded timeout; failures say what was expected and
 * what the form showed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { DEMO_CREDENTIALS, type RecordedRequest, type Sandbox, type SandboxCredentials } from '../sandbox/server.ts';
import { REPO_ROOT, cleanupAll } from './code-server.ts';
import { checkPrerequisites } from './prerequisites.ts';
import { startProduct, type Product, type StartProductOptions } from './product.ts';
import {
  RESULTS_DIR,
  answerInputBox,
  closeWorkbench,
  debug,
  describeState,
  launchBrowser,
  openWorkbench,
  readInputBox,
  runCommand,
  waitForNotification,
  webviewFrame,
  type AnswerResult,
} from './workbench.ts';

export { DEMO_CREDENTIALS };
export const FORM_TITLE = 'New Nutshell Lead';
export const CREATE_LEAD = 'Nutshell: Create Lead';
export const SIGN_OUT = 'Nutshell: Sign Out';

/**
 * `Basic base64("demo@example.com:demo-api-key-0000")`, computed by hand once (not with the
 * product's code): `printf %s 'demo@example.com:demo-api-key-0000' | base64`.
 */
export const DEMO_BASIC_AUTH = 'Basic ZGVtb0BleGFtcGxlLmNvbTpkZW1vLWFwaS1rZXktMDAwMA==';

export const TIMEOUT = {
  form: 30_000,
  picker: 10_000,
  submit: 20_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Session: one product (sandbox + code-server) and one browser per test file
// ---------------------------------------------------------------------------------------------

export interface Session {
  product: Product;
  sandbox: Sandbox;
  browser: Browser;
  /** Workbench pages opened through `openPage` (closed by `stop`). */
  pages: Page[];
  /** A fresh browser context = a signed-out user (SecretStorage lives in localStorage). */
  openPage(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
  stop(): Promise<void>;
}

export async function startSession(options: StartProductOptions = {}): Promise<Session> {
  checkPrerequisites();
  const t0 = Date.now();
  const product = await startProduct(options);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await product.stop();
    throw error;
  }
  debug(`session started in ${Date.now() - t0} ms`);
  const pages: Page[] = [];
  let stopped = false;
  return {
    product,
    sandbox: product.sandbox,
    browser,
    pages,
    async openPage(opts = {}) {
      const page = await openWorkbench(browser, product.server.url, {
        server: product.server,
        ...(opts.viewport ? { viewport: opts.viewport } : {}),
      });
      pages.push(page);
      return page;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const page of pages.splice(0)) {
        await closeWorkbench(page, 'lead').catch(() => undefined);
      }
      await browser.close().catch(() => undefined);
      await product.stop().catch(() => undefined);
      await cleanupAll();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sign-in through the two input boxes
// ---------------------------------------------------------------------------------------------

export const EMAIL_PROMPT = /email address you sign in to Nutshell with/;
export const API_KEY_PROMPT = /Nutshell API key/;
/** Input box titles: they stay while a validation message replaces the prompt. */
export const EMAIL_BOX = /Nutshell: Sign In \(1\/2\)/;
export const API_KEY_BOX = /Nutshell: Sign In \(2\/2\)/;
export const SIGNED_IN = 'Signed in to Nutshell.';
export const REJECTED = 'Nutshell rejected that email and API key. Nothing was saved.';

/** Waits for the email input box of the sign-in flow (proof that a command asked for sign-in). */
export async function waitForEmailPrompt(page: Page, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const box = await readInputBox(page);
    if (box && !box.value.startsWith('>') && EMAIL_PROMPT.test(`${box.message}\n${box.title}`)) {
      assert.equal(box.password, false, 'the email input box must not be a password box');
      assert.match(box.title, /Sign In \(1\/2\)/);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`expected the sign-in email input box within ${timeout} ms; saw ${JSON.stringify(box)}\n${await describeState(page)}`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * Answers the two sign-in input boxes (email, then API key as a password box). The boxes must
 * already be open or about to open (after `Nutshell: Create Lead` or `Nutshell: Sign In`).
 * Does not wait for the outcome; see `signIn`.
 */
export async function answerSignInBoxes(page: Page, creds: SandboxCredentials): Promise<{ email: AnswerResult; apiKey: AnswerResult }> {
  await waitForEmailPrompt(page);
  const email = await answerInputBox(page, creds.email, { expectPrompt: EMAIL_BOX, password: false });
  assert.equal(email.accepted, true, `the email ${creds.email} was rejected: ${email.validationMessage ?? ''}`);
  const apiKey = await answerInputBox(page, creds.apiKey, { expectPrompt: API_KEY_BOX, password: true });
  assert.equal(apiKey.accepted, true, `the API key box did not accept the key: ${apiKey.validationMessage ?? ''}`);
  return { email, apiKey };
}

/** Drives the sign-in input boxes and waits for "Signed in to Nutshell.". */
export async function signIn(page: Page, creds: SandboxCredentials = DEMO_CREDENTIALS): Promise<void> {
  await answerSignInBoxes(page, creds);
  await waitForNotification(page, SIGNED_IN);
}

/**
 * `Nutshell: Create Lead` in a signed-out browser context: sign in, then the form opens.
 * Returns the form's frame once it is editable.
 */
export async function signInAndOpenForm(page: Page, creds: SandboxCredentials = DEMO_CREDENTIALS): Promise<FrameLocator> {
  await runCommand(page, CREATE_LEAD);
  await signIn(page, creds);
  return waitForForm(page);
}

/** `Nutshell: Create Lead` when already signed in. */
export async function openForm(page: Page): Promise<FrameLocator> {
  await runCommand(page, CREATE_LEAD);
  return waitForForm(page);
}

// ---------------------------------------------------------------------------------------------
// The form webview
// ---------------------------------------------------------------------------------------------

/**
 * The form's frame once `#app[data-state=editing]` and the custom field definitions (formConfig)
 * are in, so that nothing re-renders under the test's typing.
 */
export async function waitForForm(page: Page, opts: { customFields?: boolean; timeout?: number } = {}): Promise<FrameLocator> {
  const timeout = opts.timeout ?? TIMEOUT.form;
  const frame = await webviewFrame(page, { title: FORM_TITLE, timeout });
  await expectState(frame, 'editing', timeout, page);
  if (opts.customFields !== false) {
    // formConfig arrives after `init`; it swaps the free rows for typed inputs (#cf-N).
    await frame
      .locator('#custom-field-rows.rows--typed #cf-0')
      .waitFor({ state: 'attached', timeout })
      .catch(async (e: unknown) => {
        throw new Error(`the typed custom fields (#cf-0) did not appear within ${timeout} ms\n${await describeForm(frame)}`, { cause: e });
      });
  }
  return frame;
}

/** The inner webview document as a Frame (for evaluate / axe). */
export async function formFrameObject(page: Page): Promise<Frame> {
  await webviewFrame(page, { title: FORM_TITLE });
  const handle = await page
    .locator('iframe.webview.ready:visible')
    .last()
    .contentFrame()
    .locator('iframe#active-frame')
    .elementHandle({ timeout: TIMEOUT.form });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('could not resolve the webview inner frame (iframe#active-frame)');
  return frame;
}

export async function appState(frame: FrameLocator): Promise<string | null> {
  return frame.locator('#app').getAttribute('data-state', { timeout: 5000 });
}

export async function expectState(frame: FrameLocator, state: 'editing' | 'submitting' | 'success', timeout: number = TIMEOUT.submit, page?: Page): Promise<void> {
  try {
    await frame.locator(`#app[data-state="${state}"]`).waitFor({ state: 'attached', timeout });
  } catch (e) {
    const now = await appState(frame).catch(() => '(unreadable)');
    throw new Error(
      `expected the form in state "${state}" within ${timeout} ms, it is "${now}"\n${await describeForm(frame)}${page ? `\n${await describeState(page)}` : ''}`,
      { cause: e },
    );
  }
}

/** A short text dump of the form for failure messages: banner, errors, values. */
export async function describeForm(frame: FrameLocator): Promise<string> {
  try {
    return await frame.locator('body').evaluate(() => {
      const app = document.getElementById('app');
      const banner = document.getElementById('form-banner')?.innerText.trim();
      const errors = [...document.querySelectorAll<HTMLElement>('.field-error')]
        .filter((e) => !e.hidden)
        .map((e) => `${e.id}: ${e.innerText.trim()}`);
      const values = [...document.querySelectorAll<HTMLInputElement>('input, select')]
        .filter((i) => (i.type === 'checkbox' ? i.checked : i.value !== ''))
        .map((i) => `${i.id}=${i.type === 'checkbox' ? 'checked' : JSON.stringify(i.value)}`);
      const chips = [...document.querySelectorAll<HTMLElement>('.chips')]
        .filter((c) => !c.hidden)
        .map((c) => `${c.id}: ${[...c.querySelectorAll('.chip-label')].map((l) => l.textContent).join(', ')}`);
      const active = document.activeElement ? `${document.activeElement.tagName}#${document.activeElement.id}` : 'none';
      return [
        `form state: ${app?.dataset['state'] ?? '?'}; focus: ${active}`,
        `banner: ${JSON.stringify(banner ?? '')}`,
        `field errors: ${JSON.stringify(errors)}`,
        `values: ${values.join(' ')}`,
        `chips: ${chips.join(' | ')}`,
      ].join('\n');
    });
  } catch (e) {
    return `(form unreadable: ${(e as Error).message.split('\n')[0]})`;
  }
}

/**
 * Replaces a text input's value the way a person would: focus, select what is there, type.
 *
 * The selection is made in the page, not with Ctrl+A: inside a webview Ctrl+A goes to the
 * workbench as a keybinding and comes back as an asynchronous "select all", which lands after
 * the next keystroke and swallows it (seen as "ead 3" for "Lead 3").
 */
export async function typeInto(frame: FrameLocator, id: string, value: string): Promise<void> {
  const input = frame.locator(`#${cssId(id)}`);
  await input.focus();
  await input.selectText();
  if (value === '') {
    await input.press('Delete');
  } else {
    await input.pressSequentially(value);
  }
  assert.equal(await input.inputValue(), value, `#${id} should hold what was typed`);
}

/** The id of a typed custom field input (`cf-<index>`), found by its label. */
export async function customFieldId(frame: FrameLocator, name: string): Promise<string> {
  const ids = await frame.locator('#custom-field-rows').evaluate((rows, wanted) => {
    const found: string[] = [];
    for (const label of rows.querySelectorAll('label.field-label, legend.field-label')) {
      if (label.textContent?.trim() !== wanted) continue;
      const id = label.tagName === 'LABEL' ? label.getAttribute('for') : label.closest('fieldset')?.id;
      if (id) found.push(id);
    }
    return found;
  }, name);
  assert.equal(ids.length, 1, `expected one custom field labelled ${JSON.stringify(name)}, found ${JSON.stringify(ids)}`);
  assert.match(ids[0]!, /^cf-\d+$/, `custom field ${name} should have an id cf-<index>`);
  return ids[0]!;
}

// ----- pickers (WAI-ARIA combobox) --------------------------------------------------------------

export interface PickOptions {
  /** Text to type (default: the option name). */
  query?: string;
  /** What the chosen item shows (chip / input), when it is not the option name (`Create "X"` → `X (new)`). */
  shows?: string;
  timeout?: number;
}

interface ListSnapshot {
  value: string;
  expanded: string | null;
  loading: boolean;
  options: { id: string; name: string }[];
}

async function listSnapshot(frame: FrameLocator, id: string): Promise<ListSnapshot> {
  return frame.locator(`#${cssId(id)}`).evaluate((input: HTMLElement) => {
    const i = input as HTMLInputElement;
    const listbox = document.getElementById(`${i.id}-listbox`);
    const message = document.getElementById(`${i.id}-message`);
    const options = listbox && !listbox.hidden
      ? [...listbox.querySelectorAll<HTMLElement>('[role=option]')].map((o) => {
          // Accessible name: aria-labelledby → the option-name span.
          const labelId = o.getAttribute('aria-labelledby');
          const name = (labelId ? document.getElementById(labelId)?.textContent : o.textContent) ?? '';
          return { id: o.id, name: name.trim() };
        })
      : [];
    return {
      value: i.value,
      expanded: i.getAttribute('aria-expanded'),
      loading: !!message && !message.hidden && /Loading/.test(message.textContent ?? ''),
      options,
    };
  });
}

/**
 * Waits until the picker's list answers what is typed: not loading, the wanted option listed,
 * and the list unchanged for 2× the search debounce (200 ms) so that no search is pending.
 * Returns the option's element id.
 */
export async function waitForOption(frame: FrameLocator, id: string, name: string, timeout: number = TIMEOUT.picker): Promise<string> {
  const deadline = Date.now() + timeout;
  const SETTLE_MS = 450;
  let stableSince = 0;
  let previous = '';
  let last: ListSnapshot | undefined;
  for (;;) {
    last = await listSnapshot(frame, id);
    const key = JSON.stringify(last);
    if (key !== previous) {
      previous = key;
      stableSince = Date.now();
    }
    const option = last.options.find((o) => o.name === name);
    if (option && !last.loading && last.expanded === 'true' && Date.now() - stableSince >= SETTLE_MS) return option.id;
    if (Date.now() > deadline) {
      throw new Error(
        `picker #${id}: option ${JSON.stringify(name)} not listed (stably) within ${timeout} ms; ` +
          `input=${JSON.stringify(last.value)} expanded=${last.expanded} loading=${last.loading} options=${JSON.stringify(last.options.map((o) => o.name))}\n${await describeForm(frame)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 75));
  }
}

/** The names of the options the picker lists now. */
export async function optionNames(frame: FrameLocator, id: string): Promise<string[]> {
  return (await listSnapshot(frame, id)).options.map((o) => o.name);
}

/**
 * Moves the active option with ArrowDown until it is `optionId` (checking
 * `aria-activedescendant`), then presses Enter. Keyboard only.
 */
export async function activateOptionWithKeyboard(
  frame: FrameLocator,
  id: string,
  optionId: string,
  press: (key: string) => Promise<void>,
): Promise<void> {
  const input = frame.locator(`#${cssId(id)}`);
  const count = (await listSnapshot(frame, id)).options.length;
  for (let i = 0; i <= count; i++) {
    if ((await input.getAttribute('aria-activedescendant')) === optionId) {
      await press('Enter');
      return;
    }
    await press('ArrowDown');
  }
  throw new Error(`picker #${id}: ArrowDown never made ${optionId} the active option (aria-activedescendant)\n${await describeForm(frame)}`);
}

/**
 * Chooses `name` in the picker `#id` the way a keyboard user does: focus, type, wait for the
 * list, ArrowDown to the option, Enter. Asserts the result (a chip, or the name in a single picker).
 */
export async function pick(frame: FrameLocator, id: string, name: string, opts: PickOptions = {}): Promise<void> {
  const input = frame.locator(`#${cssId(id)}`);
  assert.equal(await input.getAttribute('role'), 'combobox', `#${id} should be a combobox`);
  await input.focus();
  if ((await input.inputValue()) !== '') await input.selectText(); // not Ctrl+A: see typeInto
  await input.pressSequentially(opts.query ?? name);
  const optionId = await waitForOption(frame, id, name, opts.timeout);
  await activateOptionWithKeyboard(frame, id, optionId, (key) => input.press(key));
  await expectPicked(frame, id, opts.shows ?? name);
}

/** A multi picker shows `name` as a chip; a single picker shows it in its input. */
export async function expectPicked(frame: FrameLocator, id: string, name: string, timeout = 5000): Promise<void> {
  const chips = frame.locator(`#${cssId(id)}-chips`);
  const isMulti = (await chips.count()) > 0;
  try {
    if (isMulti) {
      await chips.locator('.chip .chip-label', { hasText: new RegExp(`^${escapeRegExp(name)}$`) }).first().waitFor({ state: 'visible', timeout });
    } else {
      await frame.locator(`#${cssId(id)}`).evaluate(
        (el, want) =>
          new Promise<void>((resolve, reject) => {
            const end = Date.now() + 5000;
            const check = (): void => {
              if ((el as HTMLInputElement).value === want) resolve();
              else if (Date.now() > end) reject(new Error(`value is ${JSON.stringify((el as HTMLInputElement).value)}`));
              else setTimeout(check, 50);
            };
            check();
          }),
        name,
      );
    }
  } catch (e) {
    throw new Error(`picker #${id}: ${JSON.stringify(name)} was not chosen\n${await describeForm(frame)}`, { cause: e });
  }
}

/** Chip labels of a multi picker. */
export async function chipLabels(frame: FrameLocator, id: string): Promise<string[]> {
  return frame.locator(`#${cssId(id)}-chips .chip .chip-label`).allTextContents();
}

// ----- reading the form back ------------------------------------------------------------------

export interface FormSnapshot {
  /** id → value for text inputs and selects; checkbox ids → 'checked' when checked. */
  values: Record<string, string>;
  /** picker id → chip labels (multi pickers). */
  chips: Record<string, string[]>;
}

/** Every non-empty input / select value and every chip, by element id. */
export async function readForm(frame: FrameLocator): Promise<FormSnapshot> {
  return frame.locator('#lead-form').evaluate((form) => {
    const values: Record<string, string> = {};
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      if (!el.id) continue;
      if (el instanceof HTMLInputElement && el.type === 'checkbox') {
        if (el.checked) values[el.id] = 'checked';
      } else if (el.value !== '') {
        values[el.id] = el.value;
      }
    }
    const chips: Record<string, string[]> = {};
    for (const list of form.querySelectorAll<HTMLElement>('ul.chips')) {
      const labels = [...list.querySelectorAll('.chip-label')].map((l) => l.textContent ?? '');
      if (labels.length > 0) chips[list.id.replace(/-chips$/, '')] = labels;
    }
    return { values, chips };
  });
}

// ---------------------------------------------------------------------------------------------
// Submitting, and what the sandbox saw
// ---------------------------------------------------------------------------------------------

/** Ctrl+Enter (⌘Enter on macOS) from inside the form. */
export async function pressSubmitShortcut(frame: FrameLocator, fromId = 'description'): Promise<void> {
  await frame.locator(`#${cssId(fromId)}`).press('ControlOrMeta+Enter');
}

export function leadPosts(sandbox: Sandbox): RecordedRequest[] {
  return sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/rest/leads');
}

/** Waits until the sandbox holds `count` leads. */
export async function waitForLeadCount(sandbox: Sandbox, count: number, timeout: number = TIMEOUT.submit): Promise<void> {
  const deadline = Date.now() + timeout;
  while (sandbox.leads.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} leads in the sandbox within ${timeout} ms, there are ${sandbox.leads.length}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the sandbox has recorded `count` POST /rest/leads requests. */
export async function waitForLeadPosts(sandbox: Sandbox, count: number, timeout: number = TIMEOUT.submit): Promise<RecordedRequest[]> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const posts = leadPosts(sandbox);
    if (posts.length >= count) return posts;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} POST /rest/leads within ${timeout} ms, saw ${posts.length}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The banner (`#form-banner`, role=alert) text once it shows something matching. */
export async function waitForBanner(frame: FrameLocator, text: string | RegExp, timeout: number = TIMEOUT.submit): Promise<string> {
  const banner = frame.locator('#form-banner');
  try {
    await frame.locator('#form-banner .banner-message', { hasText: text }).waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new Error(`expected the form banner to say ${String(text)} within ${timeout} ms\n${await describeForm(frame)}`, { cause: e });
  }
  return (await banner.innerText()).trim();
}

// ---------------------------------------------------------------------------------------------
// Misc
// ---------------------------------------------------------------------------------------------

/** The id of the element focused inside the form document. */
export async function focusedId(frame: FrameLocator): Promise<string> {
  return frame.locator('body').evaluate(() => document.activeElement?.id ?? '');
}

/** Copies a screenshot from test-results/e2e to a committed location (e.g. media/screenshots). */
export function copyScreenshot(fromAbs: string, toRepoRelative: string): string {
  const target = path.join(REPO_ROOT, toRepoRelative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(fromAbs, target);
  return target;
}

export function resultsPath(file: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, file);
}

export function cssId(id: string): string {
  return id.replace(/([^\w-])/g, '\\$1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Locator of the webview editor tab (workbench). */
export function formTab(page: Page): Locator {
  return page.locator('.tabs-container .tab', { has: page.locator('.label-name', { hasText: FORM_TITLE }) });
}
