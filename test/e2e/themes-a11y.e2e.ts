/**
 * Themes and accessibility: the filled form in Light Modern, Dark Modern and Dark High Contrast
 * (screenshots for the README: media/screenshots/form-{light,dark,hc}.png), an axe-core scan of
 * the form in each theme (plus with errors showing and with a picker list open), and a run that
 * fills and submits the form with the keyboard alone.
 *
 *   ./node_modules/.bin/node --test --test-concurrency=1 test/e2e/themes-a11y.e2e.ts
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from './code-server.ts';
import {
  TIMEOUT,
  activateOptionWithKeyboard,
  copyScreenshot,
  customFieldId,
  describeForm,
  expectPicked,
  expectState,
  focusedId,
  formFrameObject,
  leadPosts,
  openForm,
  pick,
  pressSubmitShortcut,
  resultsPath,
  signInAndOpenForm,
  startSession,
  typeInto,
  waitForLeadPosts,
  waitForOption,
  type Session,
} from './lead-form.ts';
import { THEMES, dismissAllNotifications, runCommand, setColorTheme, waitForNotification } from './workbench.ts';

const AXE_SOURCE = fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core in the webview's inner document. The form's CSP allows only nonce'd scripts, so
 * the source is evaluated through the DevTools protocol (which CSP does not govern) rather than
 * a <script> tag.
 */
async function runAxe(frame: Frame): Promise<AxeViolation[]> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await frame.evaluate(AXE_SOURCE);
  const { violations, passes, hasForm } = await frame.evaluate(async () => {
    const axe = (window as unknown as {
      axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[]; passes: unknown[] }> };
    }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return { violations: result.violations, passes: result.passes.length, hasForm: !!document.getElementById('lead-form') };
  });
  // The scan ran on the form itself, and checked something.
  assert.ok(hasForm, 'axe ran in a document without #lead-form');
  assert.ok(passes >= 10, `axe passed only ${passes} rules: did it scan the form?`);
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
  }));
}

function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n    ')}`)
    .join('\n');
}

/** Fails on serious/critical violations; reports the rest as diagnostics. */
async function assertAccessible(frame: Frame, what: string, diagnostic: (msg: string) => void): Promise<void> {
  const violations = await runAxe(frame);
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const other = violations.filter((v) => !blocking.includes(v));
  if (other.length > 0) diagnostic(`axe (${what}), not blocking:\n${formatViolations(other)}`);
  assert.equal(blocking.length, 0, `axe found serious/critical violations (${what}):\n${formatViolations(blocking)}`);
}

/** The webview body follows the workbench theme: wait until it has the theme's class. */
async function waitForWebviewTheme(frame: FrameLocator, bodyClass: string): Promise<void> {
  await frame.locator(`body.${bodyClass}`).waitFor({ state: 'attached', timeout: 10_000 });
}

const SHOTS = [
  { theme: THEMES.light, bodyClass: 'vscode-light', file: 'form-light.png' },
  { theme: THEMES.dark, bodyClass: 'vscode-dark', file: 'form-dark.png' },
  { theme: THEMES.highContrast, bodyClass: 'vscode-high-contrast', file: 'form-hc.png' },
] as const;

describe('themes, screenshots, axe-core and keyboard-only use', { timeout: 300_000 }, () => {
  let session: Session;
  let page: Page;
  let frame: FrameLocator;

  before(async () => {
    session = await startSession();
    page = await session.openPage({ viewport: { width: 1280, height: 800 } });
    frame = await signInAndOpenForm(page);
  });

  after(async () => {
    await session?.stop();
  });

  it('has no serious or critical axe violations with errors showing', async (t) => {
    await pressSubmitShortcut(frame, 'description');
    await frame.locator('#description-error').waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await frame.locator('#description').getAttribute('aria-invalid'), 'true');
    await assertAccessible(await formFrameObject(page), 'errors showing', (m) => t.diagnostic(m));
  });

  it('has no serious or critical axe violations with a picker list open', async (t) => {
    await frame.locator('#tags').focus();
    await frame.locator('#tags').press('ArrowDown');
    try {
      await waitForOption(frame, 'tags', 'Enterprise');
      assert.equal(await frame.locator('#tags').getAttribute('aria-expanded'), 'true');
      await assertAccessible(await formFrameObject(page), 'tags list open', (m) => t.diagnostic(m));
    } finally {
      await frame.locator('#tags').press('Escape');
    }
  });

  it('shows a realistic lead in Light, Dark and High Contrast (screenshots) and passes axe in each', async (t) => {
    await typeInto(frame, 'description', 'Driftwood Coffee Roasters – POS refresh, 3 cafés');
    await typeInto(frame, 'manualValue', '8,450.00');
    await frame.locator('#dueDate').fill('2026-02-27');
    await pick(frame, 'owner', 'Avery Johnson', { query: 'Avery' });
    await pick(frame, 'accounts', 'Driftwood Coffee Roasters', { query: 'Driftwood' });
    await pick(frame, 'contacts', 'Léa Schneider', { query: 'Léa' });
    await pick(frame, 'contacts', 'Fatima Murphy', { query: 'Fatima M' });
    await pick(frame, 'sources', 'Referral', { query: 'Refer' });
    await pick(frame, 'tags', 'SMB');
    await pick(frame, 'tags', 'Needs Demo', { query: 'Needs' });
    await pick(frame, 'competitors', 'Copper');
    await frame.locator('#add-product').click();
    await pick(frame, 'product-0-product', 'Point-of-Sale Terminal', { query: 'terminal' });
    await typeInto(frame, 'product-0-quantity', '3');
    await frame.locator('#add-product').click();
    await pick(frame, 'product-1-product', 'Onboarding Package', { query: 'onboard' });
    await frame.locator(`#${await customFieldId(frame, 'Deal Type')}`).selectOption('New Business');
    await typeInto(frame, await customFieldId(frame, 'Seats Requested'), '6');
    await frame.locator(`#${await customFieldId(frame, 'Interests')} input[value="Integrations"]`).check();
    // No caret or open list in the picture.
    await frame.locator('#description').focus();
    await frame.locator('#description').evaluate((el: HTMLInputElement) => {
      el.blur();
      window.scrollTo(0, 0);
    });
    await dismissAllNotifications(page);

    for (const shot of SHOTS) {
      await setColorTheme(page, shot.theme);
      await waitForWebviewTheme(frame, shot.bodyClass);
      await dismissAllNotifications(page);
      // Let the theme's CSS variables reach the webview (one frame of rendering).
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const file = resultsPath(shot.file);
      await page.screenshot({ path: file, timeout: 15_000 });
      copyScreenshot(file, path.join('media', 'screenshots', shot.file));
      t.diagnostic(`${shot.theme}: ${path.relative(REPO_ROOT, file)} → media/screenshots/${shot.file}`);
      await assertAccessible(await formFrameObject(page), shot.theme, (m) => t.diagnostic(m));
    }
    await setColorTheme(page, THEMES.dark);
  });

  it('can be filled and submitted with the keyboard alone', async () => {
    await runCommand(page, 'View: Close All Editors');
    frame = await openForm(page);
    await dismissAllNotifications(page);
    const kb = page.keyboard;
    /** Tab (or Shift+Tab) until the element with this id has focus: the focus order is the test. */
    const tabTo = async (id: string, max = 40): Promise<void> => {
      for (let i = 0; i < max; i++) {
        if ((await focusedId(frame)) === id) return;
        await kb.press('Tab');
      }
      throw new Error(`Tab never reached #${id} (${max} presses)\n${await describeForm(frame)}`);
    };
    const pickWithKeyboard = async (id: string, query: string, name: string): Promise<void> => {
      await tabTo(id);
      await kb.type(query);
      const optionId = await waitForOption(frame, id, name);
      await activateOptionWithKeyboard(frame, id, optionId, (key) => kb.press(key));
      await expectPicked(frame, id, name);
    };

    // Create Lead leaves the focus in the description.
    await frame.locator('#description:focus').waitFor({ timeout: TIMEOUT.form });
    await kb.type('Granite State Brewing – taproom tablets');
    await kb.press('Tab');
    await kb.type('2400');
    await kb.press('Tab');
    await kb.type('03312026'); // mm dd yyyy segments of the date input
    assert.equal(await frame.locator('#dueDate').inputValue(), '2026-03-31');
    await pickWithKeyboard('owner', 'Marcus', 'Marcus Lee');
    await pickWithKeyboard('accounts', 'Granite', 'Granite State Brewing');
    await pickWithKeyboard('tags', 'Inbound', 'Inbound');
    await tabTo('add-product');
    await kb.press('Enter');
    await frame.locator('#product-0-product:focus').waitFor({ timeout: 5000 });
    await kb.type('tablet');
    // No tablet in the catalogue: Escape clears, then a real product.
    await frame.locator('#product-0-product-message', { hasText: /^No matches$/ }).waitFor({ timeout: TIMEOUT.picker });
    await kb.press('Escape');
    await kb.press('Escape');
    assert.equal(await frame.locator('#product-0-product').inputValue(), '');
    await kb.type('Wireless');
    const headset = await waitForOption(frame, 'product-0-product', 'Wireless Headset');
    await activateOptionWithKeyboard(frame, 'product-0-product', headset, (key) => kb.press(key));
    await expectPicked(frame, 'product-0-product', 'Wireless Headset');
    await kb.press('Tab'); // quantity, prefilled with 1; Tab selects what an input holds
    assert.equal(await focusedId(frame), 'product-0-quantity');
    assert.equal(await frame.locator('#product-0-quantity').inputValue(), '1');
    await kb.type('12');
    assert.equal(await frame.locator('#product-0-quantity').inputValue(), '12');
    const dealType = await customFieldId(frame, 'Deal Type');
    await tabTo(dealType);
    await kb.type('Ups'); // type-ahead in the <select>
    assert.equal(await frame.locator(`#${dealType}`).inputValue(), 'Upsell');
    const interests = await customFieldId(frame, 'Interests');
    const support = await frame.locator(`#${interests} input[value="Support"]`).getAttribute('id');
    await tabTo(support!);
    await kb.press('Space');
    assert.equal(await frame.locator(`#${support}`).isChecked(), true);

    const posts = leadPosts(session.sandbox).length;
    await kb.press('ControlOrMeta+Enter');
    const [post] = (await waitForLeadPosts(session.sandbox, posts + 1)).slice(posts);
    await expectState(frame, 'success', TIMEOUT.submit, page);
    assert.deepStrictEqual(post?.body, {
      leads: [
        {
          description: 'Granite State Brewing – taproom tablets',
          manualValue: '2400.00',
          dueTime: { timestamp: 1774958400 }, // 2026-03-31T12:00:00Z
          customFields: { 'Deal Type': 'Upsell', Interests: ['Support'] },
          links: {
            owner: '4-users',
            accounts: ['32-accounts'],
            tags: ['4-tags'],
            productMaps: [
              { type: 'productMaps', productType: 'product', quantity: 12, price: { amount: '129.95' }, links: { product: '12-products' } },
            ],
          },
        },
      ],
    });
    // The success view takes the focus; from there Tab reaches "Create Another".
    const lead = session.sandbox.leads.at(-1)!;
    await waitForNotification(page, `Lead created: Granite State Brewing – taproom tablets (#${lead.number})`);
    assert.equal(await focusedId(frame), 'success-title', 'the success heading has the focus');
    await tabTo('create-another', 5);
    await kb.press('Enter');
    await expectState(frame, 'editing');
    assert.equal(await focusedId(frame), 'description');
  });
});
