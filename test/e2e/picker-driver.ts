/**
 * Drivers for the "pick, don't type IDs" scenarios (pickers.e2e.ts, selection.e2e.ts): the
 * WAI-ARIA combobox pickers driven with the keyboard only, what the sandbox saw of their
 * searches, the untitled editor that holds a selection, and axe-core inside the webview.
 *
 * Every wait is a bounded poll on a condition; failures say what was expected and dump the form.
 * Generic form helpers (session, sign-in, form state, text fields) come from lead-form.ts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { RecordedRequest, Sandbox } from '../sandbox/server.ts';
import { seed } from '../sandbox/seed.ts';
import { REPO_ROOT } from './code-server.ts';
import { TIMEOUT, cssId, describeForm, expectState, focusedId, leadPosts, readForm, waitForLeadPosts } from './lead-form.ts';
import { describeState, runCommand } from './workbench.ts';

/** The webview debounces typing by 200 ms; a list unchanged for longer has no search pending. */
const SETTLE_MS = 350;
const POLL_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done(value)` or the timeout; the error names `what` and the last value. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  opts: { timeout?: number; describe?: () => Promise<string> } = {},
): Promise<T> {
  const timeout = opts.timeout ?? TIMEOUT.picker;
  const deadline = Date.now() + timeout;
  let last: T;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) {
      const extra = opts.describe ? `\n${await opts.describe()}` : '';
      throw new Error(`${what}: not so within ${timeout} ms; last seen ${JSON.stringify(last)}${extra}`);
    }
    await sleep(POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a combobox
// ---------------------------------------------------------------------------------------------

export interface OptionView {
  id: string;
  /** Text of the element `aria-labelledby` points at (the accessible name). */
  name: string;
  secondary: string | null;
  /** picker-option--item | --suggestion | --create | --useId | --more */
  kind: string;
  selected: string | null;
  active: boolean;
  /** Label of the role=group the option is in, or null. */
  group: string | null;
}

export interface ComboboxView {
  role: string | null;
  value: string;
  expanded: string | null;
  controls: string | null;
  activeDescendant: string | null;
  listboxHidden: boolean;
  /** #<id>-message when shown ("Loading…", "No matches", …), else ''. */
  message: string;
  status: string;
  options: OptionView[];
  groups: string[];
  focused: boolean;
}

export async function readCombobox(frame: FrameLocator, id: string): Promise<ComboboxView> {
  return frame.locator(`#${cssId(id)}`).evaluate((el) => {
    const input = el as HTMLInputElement;
    const listbox = document.getElementById(`${input.id}-listbox`);
    const message = document.getElementById(`${input.id}-message`);
    const nameOf = (node: Element, attr: string): string | null => {
      const ids = node.getAttribute(attr);
      if (!ids) return null;
      return ids
        .split(/\s+/)
        .map((ref) => document.getElementById(ref)?.textContent?.trim() ?? '')
        .join(' ');
    };
    const options = listbox
      ? [...listbox.querySelectorAll<HTMLElement>('[role=option]')].map((o) => {
          const group = o.closest('[role=group]');
          const secondary = o.querySelector<HTMLElement>('.option-secondary');
          return {
            id: o.id,
            name: nameOf(o, 'aria-labelledby') ?? (o.textContent ?? '').trim(),
            secondary: secondary?.dataset['secondary'] ?? null,
            kind: [...o.classList].find((c) => c.startsWith('picker-option--'))?.slice('picker-option--'.length) ?? '',
            selected: o.getAttribute('aria-selected'),
            active: o.classList.contains('is-active'),
            group: group ? nameOf(group, 'aria-labelledby') : null,
          };
        })
      : [];
    return {
      role: input.getAttribute('role'),
      value: input.value,
      expanded: input.getAttribute('aria-expanded'),
      controls: input.getAttribute('aria-controls'),
      activeDescendant: input.getAttribute('aria-activedescendant'),
      listboxHidden: !listbox || listbox.hidden || !!listbox.closest('[hidden]'),
      message: message && !message.hidden ? (message.textContent ?? '').trim() : '',
      status: document.getElementById(`${input.id}-status`)?.textContent?.trim() ?? '',
      options,
      groups: listbox
        ? [...listbox.querySelectorAll('[role=group]')].map((g) => nameOf(g, 'aria-labelledby') ?? '')
        : [],
      focused: document.activeElement === input,
    };
  });
}

function summary(view: ComboboxView): string {
  return (
    `value=${JSON.stringify(view.value)} expanded=${view.expanded} message=${JSON.stringify(view.message)} ` +
    `activedescendant=${view.activeDescendant} options=${JSON.stringify(view.options.map((o) => o.name))}`
  );
}

/**
 * Waits until the open list answers what is typed: expanded, not loading, `accept(view)` true,
 * and nothing changed for SETTLE_MS (longer than the 200 ms debounce, so no search is pending).
 */
export async function waitForSettledList(
  frame: FrameLocator,
  id: string,
  accept: (view: ComboboxView) => boolean,
  what: string,
  timeout: number = TIMEOUT.picker,
): Promise<ComboboxView> {
  const deadline = Date.now() + timeout;
  let previous = '';
  let since = Date.now();
  for (;;) {
    const view = await readCombobox(frame, id);
    const key = JSON.stringify({ ...view, status: '' });
    if (key !== previous) {
      previous = key;
      since = Date.now();
    }
    const ready = view.expanded === 'true' && !/Loading/.test(view.message) && !view.listboxHidden && accept(view);
    if (ready && Date.now() - since >= SETTLE_MS) return view;
    if (Date.now() > deadline) {
      throw new Error(`picker #${id}: expected ${what} within ${timeout} ms; ${summary(view)}\n${await describeForm(frame)}`);
    }
    await sleep(POLL_MS);
  }
}

/** The option's element id, found by its accessible name the way assistive technology computes it. */
export async function optionIdByName(frame: FrameLocator, id: string, name: string): Promise<string> {
  const options = frame.locator(`#${cssId(id)}-listbox`).getByRole('option', { name, exact: true });
  const count = await options.count();
  assert.equal(count, 1, `picker #${id}: expected exactly one option whose accessible name is ${JSON.stringify(name)}, found ${count}`);
  const optionId = await options.first().getAttribute('id');
  assert.ok(optionId, `picker #${id}: option ${JSON.stringify(name)} has no id`);
  return optionId;
}

// ---------------------------------------------------------------------------------------------
// Keyboard
// ---------------------------------------------------------------------------------------------

export interface KeyboardPick {
  /** What is typed into the combobox. */
  query: string;
  /** The accessible name of the option to choose. */
  option: string;
  /** How focus gets to the combobox: Tab from the focused element, or focus() (default). */
  focusBy?: 'tab' | 'focus';
}

/**
 * Moves to the option `optionId` with ArrowDown from "nothing active", asserting after every key
 * that `aria-activedescendant` names the next option (and only that option is marked active) and
 * that DOM focus stays in the combobox. Then presses Enter.
 */
export async function arrowDownTo(page: Page, frame: FrameLocator, id: string, optionId: string): Promise<number> {
  const start = await readCombobox(frame, id);
  assert.equal(start.focused, true, `picker #${id} should have DOM focus before ArrowDown`);
  const target = start.options.findIndex((o) => o.id === optionId);
  assert.ok(target >= 0, `picker #${id}: ${optionId} is not listed; ${summary(start)}`);
  assert.equal(start.activeDescendant, null, `picker #${id}: no option should be active right after typing; ${summary(start)}`);
  for (let step = 0; step <= target; step++) {
    await page.keyboard.press('ArrowDown');
    const expected = `${id}-option-${step}`;
    const view = await waitUntil(
      `picker #${id}: aria-activedescendant after ArrowDown #${step + 1}`,
      () => readCombobox(frame, id),
      (v) => v.activeDescendant === expected,
      { timeout: 3000, describe: () => describeForm(frame) },
    );
    assert.equal(view.options[step]?.id, expected, `picker #${id}: option ${step} has id ${expected}`);
    assert.deepEqual(
      view.options.filter((o) => o.active).map((o) => o.id),
      [expected],
      `picker #${id}: only the active descendant is highlighted`,
    );
    assert.equal(view.focused, true, `picker #${id}: DOM focus stays in the combobox while options are active`);
    assert.equal(view.expanded, 'true');
  }
  await page.keyboard.press('Enter');
  return target;
}

/**
 * Focus (Tab or focus()), type, wait for the settled list, ArrowDown to the option, Enter.
 * Asserts the combobox contract on the way. Returns the list as it was when the option was chosen.
 */
export async function chooseWithKeyboard(page: Page, frame: FrameLocator, id: string, pick: KeyboardPick): Promise<ComboboxView> {
  const input = frame.locator(`#${cssId(id)}`);
  if (pick.focusBy === 'tab') {
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(frame), id, `Tab should move focus to #${id}`);
  } else {
    await input.focus();
  }
  const before = await readCombobox(frame, id);
  assert.equal(before.role, 'combobox', `#${id} role`);
  assert.equal(before.controls, `${id}-listbox`, `#${id} aria-controls`);
  assert.equal(before.expanded, 'false', `#${id} is collapsed before typing`);
  await page.keyboard.type(pick.query);
  const view = await waitForSettledList(
    frame,
    id,
    (v) => v.value === pick.query && v.options.some((o) => o.name === pick.option),
    `an option named ${JSON.stringify(pick.option)} for ${JSON.stringify(pick.query)}`,
  );
  const optionId = await optionIdByName(frame, id, pick.option);
  await arrowDownTo(page, frame, id, optionId);
  await waitUntil(
    `picker #${id} collapses after Enter`,
    () => readCombobox(frame, id),
    (v) => v.expanded === 'false' && v.activeDescendant === null,
    { timeout: 3000, describe: () => describeForm(frame) },
  );
  return view;
}

// ---------------------------------------------------------------------------------------------
// Text inputs
// ---------------------------------------------------------------------------------------------

/**
 * Replaces a text input's value with the keyboard: End, Shift+Home, Backspace, then type.
 *
 * Not Ctrl+A: inside a VS Code webview, Ctrl+A is forwarded to the workbench, which answers with
 * an asynchronous "select all" message back into the webview; it lands after the first few typed
 * characters and the next one replaces them ("Custom fields…" became "tom fields…").
 */
export async function replaceText(page: Page, frame: FrameLocator, id: string, value: string): Promise<void> {
  const input = frame.locator(`#${cssId(id)}`);
  await input.focus();
  if ((await input.inputValue()) !== '') {
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
  }
  assert.equal(await input.inputValue(), '', `#${id} should be empty before typing`);
  await page.keyboard.type(value);
  assert.equal(await input.inputValue(), value, `#${id} should hold what was typed`);
}

// ---------------------------------------------------------------------------------------------
// What a picker holds
// ---------------------------------------------------------------------------------------------

export interface Chip {
  label: string;
  isNew: boolean;
  removeName: string;
}

export async function chips(frame: FrameLocator, id: string): Promise<Chip[]> {
  return frame.locator(`#${cssId(id)}-chips`).evaluate((ul) =>
    [...ul.querySelectorAll<HTMLElement>(':scope > li.chip')].map((li) => ({
      label: li.querySelector('.chip-label')?.textContent ?? '',
      isNew: li.classList.contains('chip--new'),
      removeName: li.querySelector('button.chip-remove')?.getAttribute('aria-label') ?? '',
    })),
  );
}

const RAW_ID = /\b\d+-(users|accounts|contacts|sources|tags|products|competitors)\b/;

/** A multi picker shows exactly these chips (names, never ids); each has its "Remove <name>" button. */
export async function expectChips(frame: FrameLocator, id: string, expected: { label: string; isNew?: boolean }[]): Promise<void> {
  const want = expected.map((e) => ({ label: e.label, isNew: e.isNew ?? false, removeName: `Remove ${e.label}` }));
  const got = await waitUntil(
    `picker #${id} chips ${JSON.stringify(want.map((w) => w.label))}`,
    () => chips(frame, id),
    (c) => JSON.stringify(c) === JSON.stringify(want),
    { timeout: 5000, describe: () => describeForm(frame) },
  );
  for (const chip of got) assert.doesNotMatch(chip.label, RAW_ID, `chip of #${id} shows an id: ${chip.label}`);
}

/** A single picker (owner, product) shows the chosen record's name in its input, never its id. */
export async function expectSingleValue(frame: FrameLocator, id: string, name: string): Promise<void> {
  const view = await waitUntil(
    `picker #${id} shows ${JSON.stringify(name)}`,
    () => readCombobox(frame, id),
    (v) => v.value === name,
    { timeout: 5000, describe: () => describeForm(frame) },
  );
  assert.doesNotMatch(view.value, RAW_ID);
}

// ---------------------------------------------------------------------------------------------
// What the sandbox saw
// ---------------------------------------------------------------------------------------------

/** GET requests to `/rest<restPath>` recorded from index `since` on. */
export function getsTo(sandbox: Sandbox, restPath: string, since = 0): RecordedRequest[] {
  return sandbox.requests.slice(since).filter((r) => r.method === 'GET' && r.path === `/rest${restPath}`);
}

export async function waitForRequest(
  sandbox: Sandbox,
  what: string,
  match: (r: RecordedRequest) => boolean,
  since = 0,
  timeout: number = TIMEOUT.picker,
): Promise<RecordedRequest> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = sandbox.requests.slice(since).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = sandbox.requests.slice(since).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`);
      throw new Error(`the sandbox did not receive ${what} within ${timeout} ms; it saw:\n  ${seen.join('\n  ')}`);
    }
    await sleep(POLL_MS);
  }
}

/** One more POST /rest/leads after `postsBefore`, and the form in its success state. */
export async function expectOneLeadPost(sandbox: Sandbox, frame: FrameLocator, page: Page, postsBefore: number): Promise<RecordedRequest> {
  const posts = await waitForLeadPosts(sandbox, postsBefore + 1);
  await expectState(frame, 'success', TIMEOUT.submit, page);
  assert.equal(leadPosts(sandbox).length, postsBefore + 1, 'exactly one POST /rest/leads');
  const post = posts[postsBefore];
  assert.ok(post);
  return post;
}

const SEED = seed();

/**
 * The owner and source a new form starts with: the last ones used in a created lead (the
 * product remembers them on this machine). Posts are paired with created leads by description.
 */
export function rememberedDefaults(sandbox: Sandbox): { owner?: string; source?: string } {
  const created = new Set(sandbox.leads.map((lead) => lead.description));
  let ownerId: string | undefined;
  let sourceId: string | undefined;
  for (const post of leadPosts(sandbox)) {
    const lead = (post.body as { leads?: { description?: string; links?: { owner?: string; sources?: string[] } }[] })
      .leads?.[0];
    if (!lead?.description || !created.has(lead.description)) continue;
    ownerId = lead.links?.owner ?? ownerId;
    sourceId = lead.links?.sources?.[0] ?? sourceId;
  }
  const owner = SEED.users.find((user) => `${user.id}-users` === ownerId)?.name;
  const source = SEED.sources.find((item) => `${item.id}-sources` === sourceId)?.name;
  return { ...(owner ? { owner } : {}), ...(source ? { source } : {}) };
}

/**
 * An empty form to work in: after a success, "Create Another" (keyboard), which focuses the
 * description; a form still editing must already be empty (a previous test cleaned up).
 * "Create Another" starts from the remembered owner and source: wait for exactly those, then
 * clear them, so every test starts from the same empty form.
 */
export async function freshForm(page: Page, frame: FrameLocator, sandbox: Sandbox): Promise<void> {
  const state = await frame.locator('#app').getAttribute('data-state');
  if (state === 'success') {
    await frame.locator('#create-another').focus();
    await page.keyboard.press('Enter');
    await expectState(frame, 'editing', TIMEOUT.form, page);
    assert.equal(await focusedId(frame), 'description', '"Create Another" focuses the description');
    const remembered = rememberedDefaults(sandbox);
    if (remembered.source) {
      await frame.locator('#sources-chips .chip-label', { hasText: remembered.source }).waitFor({ timeout: TIMEOUT.form });
    }
    if (remembered.owner) {
      const deadline = Date.now() + TIMEOUT.form;
      while ((await frame.locator('#owner').inputValue()) !== remembered.owner) {
        assert.ok(Date.now() < deadline, `the remembered owner ${remembered.owner} was not preselected`);
        await sleep(POLL_MS);
      }
    }
    const preset = await readForm(frame);
    assert.deepEqual(
      preset,
      {
        values: remembered.owner ? { owner: remembered.owner } : {},
        chips: remembered.source ? { sources: [remembered.source] } : {},
      },
      'a new form holds only the remembered owner and source',
    );
    for (const remove of await frame.locator('#sources-chips button.chip-remove').all()) {
      await remove.click();
    }
    if (remembered.owner) {
      await frame.locator('#owner').evaluate((input: HTMLInputElement) => input.select());
      await frame.locator('#owner').press('Backspace');
      await frame.locator('#owner').press('Escape');
    }
    await frame.locator('#description').focus();
  } else {
    await expectState(frame, 'editing', TIMEOUT.form, page);
    await frame.locator('#description').focus();
  }
  const { values, chips: chipLists } = await readForm(frame);
  assert.deepEqual({ values, chips: chipLists }, { values: {}, chips: {} }, 'the form starts empty');
}

// ---------------------------------------------------------------------------------------------
// The editor that holds the selection
// ---------------------------------------------------------------------------------------------

/** A new untitled editor with `text` pasted through the clipboard (Ctrl+V); nothing selected. */
export async function pasteIntoUntitledEditor(page: Page, origin: string, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const tabsBefore = await page.locator('.tabs-container .tab').count();
  await runCommand(page, 'File: New Untitled Text File');
  await waitUntil('a new untitled editor tab', () => page.locator('.tabs-container .tab').count(), (n) => n > tabsBefore, {
    timeout: 10_000,
    describe: () => describeState(page),
  });
  const editor = page.locator('.editor-instance .monaco-editor.focused');
  await editor.waitFor({ state: 'visible', timeout: 10_000 });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
  const expectedLines = text.replace(/\n$/, '').split('\n');
  await waitUntil(
    'the pasted text in the editor',
    () => editor.locator('.view-line').allInnerTexts(),
    (lines) => {
      const shown = lines.map((l) => l.replace(/\u00a0/g, ' ').trimEnd());
      return expectedLines.every((line) => shown.includes(line));
    },
    { timeout: 10_000, describe: () => describeState(page) },
  );
}

/** Ctrl+A in the focused editor, once the selection is drawn. */
export async function selectAllInEditor(page: Page): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor.focused');
  await editor.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Control+A');
  await editor.locator('.selected-text').first().waitFor({ state: 'attached', timeout: 5000 });
}

/**
 * The command palette's entries for `filter`, read once `anchor` is listed (so the list is
 * computed and the extension's commands are in it). Closes the palette again.
 */
export async function paletteEntries(page: Page, filter: string, anchor: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const box = page.locator('.quick-input-widget .quick-input-box input');
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  await box.fill(`>${filter}`);
  const labels = () =>
    page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => (r.querySelector('.label-name') as HTMLElement | null)?.innerText.trim() ?? ''));
  const entries = await waitUntil(`palette entries for ${JSON.stringify(filter)} include ${JSON.stringify(anchor)}`, labels, (l) => l.includes(anchor), {
    timeout: 10_000,
    describe: () => describeState(page),
  });
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 5000 });
  return entries;
}

/** Labels of the editor context menu opened on the first line of the focused editor; closes it. */
export async function editorContextMenuLabels(page: Page): Promise<string[]> {
  const editor = page.locator('.editor-instance .monaco-editor.focused');
  await editor.locator('.view-lines .view-line').first().click({ button: 'right' });
  // The menu renders all its items at once; "Command Palette..." is always the last.
  await page.locator('.monaco-menu .action-label', { hasText: /^Command Palette/ }).first().waitFor({ state: 'visible', timeout: 5000 });
  const labels = (await page.locator('.monaco-menu .action-item .action-label').allInnerTexts()).map((l) => l.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 5000 });
  return labels;
}

/** Right-click the focused editor's selection and choose `label` from its context menu. */
export async function runFromEditorContextMenu(page: Page, label: string): Promise<void> {
  const editor = page.locator('.editor-instance .monaco-editor.focused');
  // Inside the selection (everything is selected): a right-click there keeps the selection.
  await editor.locator('.view-lines .view-line').first().click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item .action-label', { hasText: new RegExp(`^${label}$`) });
  try {
    await item.first().waitFor({ state: 'visible', timeout: 5000 });
  } catch (e) {
    const shown = await page.locator('.monaco-menu .action-label').allInnerTexts().catch(() => []);
    throw new Error(`editor context menu has no ${JSON.stringify(label)}; it shows ${JSON.stringify(shown)}\n${await describeState(page)}`, {
      cause: e,
    });
  }
  // A menu opened by a mouse button ignores a click that follows too quickly (the item stays
  // highlighted, nothing runs): click until the menu closes.
  const menu = page.locator('.monaco-menu').first();
  const deadline = Date.now() + 5000;
  for (;;) {
    await item.first().click({ timeout: 2000 }).catch(() => undefined);
    const closed = await menu
      .waitFor({ state: 'hidden', timeout: 750 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
    if (Date.now() > deadline) throw new Error(`the editor context menu stayed open after clicking ${JSON.stringify(label)}\n${await describeState(page)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// axe-core in the webview
// ---------------------------------------------------------------------------------------------

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

const AXE_SOURCE = path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/**
 * Runs axe-core in the webview's inner document (the Frame whose URL is the webview's content).
 * The page's CSP allows only its own nonce'd script, so axe is evaluated through the debugger
 * protocol (frame.evaluate), not added as a script tag.
 */
export async function runAxe(frame: Frame, include?: string[]): Promise<{ violations: AxeViolation[]; passes: string[] }> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    await frame.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  }
  return frame.evaluate(async (selectors) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[]; passes: { id: string }[] }> } }).axe;
    const context = selectors ? { include: selectors.map((sel) => [sel]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations'] });
    const violations = (result.violations as { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[]).map(
      (v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, summary: (n.failureSummary ?? '').split('\n').slice(0, 3).join(' ') })),
      }),
    );
    return { violations, passes: result.passes.map((p) => p.id) };
  }, include);
}

/** The webview's inner document as a playwright Frame (the one holding #lead-form). */
export async function leadFormFrame(page: Page): Promise<Frame> {
  return waitUntil(
    'the webview frame holding #lead-form in page.frames()',
    async () => {
      for (const f of page.frames()) {
        if (f === page.mainFrame()) continue;
        if (await f.locator('#lead-form').count().catch(() => 0)) return f;
      }
      return undefined;
    },
    (f) => f !== undefined,
    { timeout: TIMEOUT.form },
  ) as Promise<Frame>;
}

/**
 * A serious violation the product is known to have (reported, not fixed here): tolerated only for
 * this rule on nodes matching `target`, so that anything else still fails.
 */
export interface KnownViolation {
  rule: string;
  target: RegExp;
  reason: string;
}

/**
 * Fails on serious/critical violations (other than `known` ones); asserts that the ARIA rules
 * that judge a combobox/listbox ran and passed. Returns every violation formatted for a diagnostic.
 */
export function assertNoSeriousViolations(
  result: { violations: AxeViolation[]; passes: string[] },
  when: string,
  known: KnownViolation[] = [],
): string[] {
  const { violations, passes } = result;
  for (const rule of ['aria-allowed-attr', 'aria-valid-attr-value', 'aria-required-children', 'aria-required-parent']) {
    assert.ok(passes.includes(rule), `axe rule ${rule} did not pass ${when} (passes: ${passes.join(', ')})`);
  }
  const format = (v: AxeViolation): string =>
    `${v.impact ?? '?'} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} (${n.summary})`).join('; ')}`;
  const isKnown = (v: AxeViolation): KnownViolation | undefined =>
    known.find((k) => k.rule === v.id && v.nodes.every((n) => n.target.every((t) => k.target.test(t))));
  const serious = violations.filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !isKnown(v));
  assert.deepEqual(serious.map(format), [], `axe found serious/critical violations ${when}`);
  return violations.map((v) => {
    const k = isKnown(v);
    return k ? `KNOWN PRODUCT ISSUE (${k.reason}): ${format(v)}` : format(v);
  });
}
