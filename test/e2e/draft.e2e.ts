/**
 * The draft survives: another editor over the form (the hidden webview is torn down and rebuilt),
 * and "Developer: Reload Window" (the panel comes back through its WebviewPanelSerializer). The
 * restored draft is then submitted, so the test proves the draft itself came back, not just
 * the text in the inputs.
 *
 *   ./node_modules/.bin/node --test --test-concurrency=1 test/e2e/draft.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import {
  FORM_TITLE,
  TIMEOUT,
  customFieldId,
  expectState,
  formFrameObject,
  formTab,
  leadPosts,
  pick,
  readForm,
  signInAndOpenForm,
  startSession,
  typeInto,
  waitForForm,
  waitForLeadPosts,
  type FormSnapshot,
  type Session,
} from './lead-form.ts';
import { readInputBox, reloadWindow, runCommand, waitForNotification } from './workbench.ts';

const EXPECTED_BODY = {
  leads: [
    {
      description: 'Brightside Dental – patient check-in kiosks',
      manualValue: '3480.50',
      dueTime: { timestamp: 1762171200 }, // 2025-11-03T12:00:00Z (`date -u -d '2025-11-03 12:00' +%s`)
      customFields: {
        'Project Website': 'https://brightside-dental.example',
        'Deal Type': 'Renewal',
        Interests: ['Support', 'Training'],
      },
      links: {
        accounts: ['5-accounts'],
        contacts: [{ name: 'Dana Whitfield' }],
        tags: ['4-tags'],
        productMaps: [
          {
            type: 'productMaps',
            productType: 'product',
            quantity: 2,
            price: { amount: '1299.00' },
            links: { product: '11-products' },
          },
        ],
      },
    },
  ],
};

describe('the draft survives hiding the tab and reloading the window', { timeout: 240_000 }, () => {
  let session: Session;
  let page: Page;
  let frame: FrameLocator;
  let typed: FormSnapshot;
  const ids: Record<string, string> = {};

  before(async () => {
    session = await startSession();
    page = await session.openPage();
    frame = await signInAndOpenForm(page);
  });

  after(async () => {
    await session?.stop();
  });

  it('takes a draft with text, pickers, a new person, a product and typed custom fields', async () => {
    ids['website'] = await customFieldId(frame, 'Project Website');
    ids['dealType'] = await customFieldId(frame, 'Deal Type');
    ids['interests'] = await customFieldId(frame, 'Interests');
    await typeInto(frame, 'description', 'Brightside Dental – patient check-in kiosks');
    await typeInto(frame, 'manualValue', '3,480.50');
    await frame.locator('#dueDate').fill('2025-11-03');
    await pick(frame, 'accounts', 'Brightside Dental', { query: 'Brightside' });
    await pick(frame, 'contacts', 'Create "Dana Whitfield"', { query: 'Dana Whitfield', shows: 'Dana Whitfield (new)' });
    await pick(frame, 'tags', 'Inbound', { query: 'Inb' });
    await frame.locator('#add-product').click();
    await pick(frame, 'product-0-product', 'Point-of-Sale Terminal', { query: 'terminal' });
    await typeInto(frame, 'product-0-quantity', '2');
    await typeInto(frame, ids['website'], 'https://brightside-dental.example');
    await frame.locator(`#${ids['dealType']}`).selectOption('Renewal');
    await frame.locator(`#${ids['interests']} input[value="Support"]`).check();
    await frame.locator(`#${ids['interests']} input[value="Training"]`).check();
    typed = await readForm(frame);
    const choice = (value: string) => frame.locator(`#${ids['interests']} input[value="${value}"]`).getAttribute('id');
    assert.deepEqual(typed, {
      values: {
        description: 'Brightside Dental – patient check-in kiosks',
        manualValue: '3,480.50',
        dueDate: '2025-11-03',
        'product-0-product': 'Point-of-Sale Terminal',
        'product-0-quantity': '2',
        'product-0-price': '1299.00',
        [ids['website']]: 'https://brightside-dental.example',
        [ids['dealType']]: 'Renewal',
        [(await choice('Support'))!]: 'checked',
        [(await choice('Training'))!]: 'checked',
      },
      chips: { accounts: ['Brightside Dental'], contacts: ['Dana Whitfield (new)'], tags: ['Inbound'] },
    });
  });

  it('keeps every value when another editor covers the form and the form tab is chosen again', async () => {
    // A marker in the webview's window tells whether the document was rebuilt.
    await (await formFrameObject(page)).evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 1));
    await runCommand(page, 'File: New Untitled Text File');
    await page.locator('.tabs-container .tab.active .label-name', { hasText: /^Untitled-1$/ }).waitFor({ timeout: 10_000 });
    assert.equal(await formTab(page).evaluate((tab) => tab.classList.contains('active')), false, 'the form tab is in the background');
    await page.locator('iframe.webview.ready:visible').waitFor({ state: 'detached', timeout: 10_000 });
    await formTab(page).click();
    frame = await waitForForm(page);
    const marker = await (await formFrameObject(page)).evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker);
    assert.equal(marker, undefined, 'the hidden webview was torn down and rebuilt (no retainContextWhenHidden)');
    assert.deepEqual(await readForm(frame), typed);
  });

  it('restores the form tab and its values after "Developer: Reload Window", still signed in', async () => {
    await reloadWindow(page);
    await formTab(page).waitFor({ timeout: TIMEOUT.form });
    frame = await waitForForm(page);
    assert.deepEqual(await readForm(frame), typed, 'the restored form shows the same values');
    assert.equal(await frame.locator('#signed-out-notice').isHidden(), true, 'still signed in after the reload');
    assert.equal(await readInputBox(page), undefined);
  });

  it('submits the restored draft: the sandbox gets exactly that lead', async () => {
    const posts = leadPosts(session.sandbox).length;
    await frame.locator('#description').press('ControlOrMeta+Enter');
    const [post] = (await waitForLeadPosts(session.sandbox, posts + 1)).slice(posts);
    await expectState(frame, 'success', TIMEOUT.submit, page);
    assert.deepStrictEqual(post?.body, EXPECTED_BODY);
    const lead = session.sandbox.leads.at(-1)!;
    await waitForNotification(page, `Lead created: Brightside Dental – patient check-in kiosks (#${lead.number})`);
    assert.equal(await formTab(page).locator('.label-name').innerText(), FORM_TITLE);
  });
});
