/**
 * "Pick, don't type IDs": every link field is a search picker (WAI-ARIA combobox) driven with
 * the keyboard only; companies can be created inline; the account's custom fields get typed
 * inputs; and an open listbox passes axe-core.
 *
 *   ./node_modules/.bin/node --test --test-concurrency=1 test/e2e/pickers.e2e.ts
 *
 * Names and ids come from test/sandbox/seed.ts; every expected request body is written by hand.
 * The last two tests pin fixes: a long list has no unreachable scroll region, and number and
 * currency custom fields are sent as plain decimals.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import {
  DEMO_BASIC_AUTH,
  TIMEOUT,
  customFieldId,
  describeForm,
  focusedId,
  leadPosts,
  signInAndOpenForm,
  startSession,
  type Session,
} from './lead-form.ts';
import {
  arrowDownTo,
  assertNoSeriousViolations,
  chooseWithKeyboard,
  expectChips,
  expectOneLeadPost,
  expectSingleValue,
  freshForm,
  getsTo,
  leadFormFrame,
  optionIdByName,
  readCombobox,
  replaceText,
  runAxe,
  waitForRequest,
  waitForSettledList,
  waitUntil,
} from './picker-driver.ts';

/** Companies/people are paged by the server: 20 a page, first page 0 (src/core/pickers.ts). */
const PAGE0 = { 'page[limit]': '20', 'page[page]': '0' } as const;

describe('pickers: pick, don\'t type IDs', { timeout: 240_000 }, () => {
  let session: Session;
  let page: Page;
  let frame: FrameLocator;

  before(async () => {
    session = await startSession();
    page = await session.openPage();
    frame = await signInAndOpenForm(page);
  });

  after(async () => {
    await session?.stop();
  });

  /**
   * The searches a picker sent since `since`: the last one asked for exactly `last`; earlier ones
   * (a slow typist's intermediate text) were for a prefix of what was typed, with the same shape.
   */
  function expectSearches(restPath: string, since: number, last: Record<string, string>): void {
    const gets = getsTo(session.sandbox, restPath, since);
    assert.ok(gets.length > 0, `no GET /rest${restPath} after typing`);
    assert.deepEqual(gets.at(-1)!.query, last, `query of the last GET /rest${restPath}`);
    for (const get of gets) {
      assert.deepEqual(Object.keys(get.query).sort(), Object.keys(last).sort(), `GET /rest${restPath} params`);
      if (last['q'] !== undefined) {
        assert.ok(last['q'].toLowerCase().startsWith((get.query['q'] ?? '').toLowerCase()), `q=${get.query['q']} is a prefix of ${last['q']}`);
      }
      assert.equal(get.headers['authorization'], DEMO_BASIC_AUTH, `GET /rest${restPath} is authenticated`);
    }
  }

  it('chooses in every picker with the keyboard, shows names (not ids), sends the right searches and the exact lead', async (t) => {
    const started = Date.now();
    const sb = session.sandbox;
    const postsBefore = leadPosts(sb).length;
    await replaceText(page, frame, 'description', 'Conference room kit for Westbrook');

    // Owner: /users has no `q` (the document declares none); the picker filters it itself.
    let mark = sb.requests.length;
    await chooseWithKeyboard(page, frame, 'owner', { query: 'a', option: 'Priya Raman' });
    await expectSingleValue(frame, 'owner', 'Priya Raman');
    expectSearches('/users', mark, {});

    // Companies, by part of a name; two dental practices match.
    mark = sb.requests.length;
    const companies = await chooseWithKeyboard(page, frame, 'accounts', { query: 'dental', option: 'Westbrook Dental Lab', focusBy: 'tab' });
    assert.deepEqual(
      companies.options.map((o) => o.name),
      ['Brightside Dental', 'Westbrook Dental Lab', 'Create "dental"'],
      'companies matching "dental", then the inline create option',
    );
    await expectChips(frame, 'accounts', [{ label: 'Westbrook Dental Lab' }]);
    expectSearches('/accounts', mark, { q: 'dental', ...PAGE0 });

    // People, by part of an email address (not the name): the email is secondary text only.
    mark = sb.requests.length;
    const people = await chooseWithKeyboard(page, frame, 'contacts', { query: 'dubois32@mail', option: 'Emma Dubois', focusBy: 'tab' });
    const emma = people.options.find((o) => o.name === 'Emma Dubois');
    assert.equal(emma?.secondary, 'emma.dubois32@mail.example', 'the email is the option\'s data-secondary, not its name');
    await expectChips(frame, 'contacts', [{ label: 'Emma Dubois' }]);
    expectSearches('/contacts', mark, { q: 'dubois32@mail', ...PAGE0 });

    mark = sb.requests.length;
    await chooseWithKeyboard(page, frame, 'sources', { query: 'o', option: 'Cold Call', focusBy: 'tab' });
    await expectChips(frame, 'sources', [{ label: 'Cold Call' }]);
    expectSearches('/sources', mark, { q: 'o' });

    mark = sb.requests.length;
    const tags = await chooseWithKeyboard(page, frame, 'tags', { query: 'campaign', option: 'Q2 Campaign', focusBy: 'tab' });
    assert.deepEqual(tags.options.map((o) => o.name), ['Q1 Campaign', 'Q2 Campaign']);
    await expectChips(frame, 'tags', [{ label: 'Q2 Campaign' }]);
    expectSearches('/tags', mark, { q: 'campaign', 'filter[tagType]': 'leads' });

    mark = sb.requests.length;
    await chooseWithKeyboard(page, frame, 'competitors', { query: 'o', option: 'Copper', focusBy: 'tab' });
    await expectChips(frame, 'competitors', [{ label: 'Copper' }]);
    expectSearches('/competitors', mark, { q: 'o' });

    // Products, by SKU: Tab to "Add Product", Enter adds a row and focuses its picker.
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(frame), 'add-product');
    await page.keyboard.press('Enter');
    await waitUntil('focus in the new product row', () => focusedId(frame), (id) => id === 'product-0-product', { timeout: 5000 });
    mark = sb.requests.length;
    const products = await chooseWithKeyboard(page, frame, 'product-0-product', { query: 'HW-C', option: 'Conference Camera' });
    assert.deepEqual(products.options.map((o) => o.name).sort(), ['Card Reader CR-3', 'Conference Camera']);
    assert.match(products.options.find((o) => o.name === 'Conference Camera')?.secondary ?? '', /^HW-CAM-4K\b/, 'SKU as secondary text');
    await expectSingleValue(frame, 'product-0-product', 'Conference Camera');
    expectSearches('/products', mark, { q: 'HW-C' });
    assert.equal(await frame.locator('#product-0-quantity').inputValue(), '1', 'choosing a product prefills quantity 1');
    assert.equal(await frame.locator('#product-0-price').inputValue(), '899.00', 'choosing a product prefills its price');

    // Ctrl+Enter from inside the product picker submits.
    await page.keyboard.press('Control+Enter');
    const post = await expectOneLeadPost(sb, frame, page, postsBefore);
    t.diagnostic(`body: ${post.rawBody}`);
    assert.deepStrictEqual(post.body, {
      leads: [
        {
          description: 'Conference room kit for Westbrook',
          links: {
            owner: '3-users',
            accounts: ['48-accounts'],
            contacts: ['33-contacts'],
            sources: ['9-sources'],
            tags: ['10-tags'],
            productMaps: [
              { type: 'productMaps', productType: 'product', quantity: 1, price: { amount: '899.00' }, links: { product: '13-products' } },
            ],
            competitorMaps: ['7-competitors'],
          },
        },
      ],
    });
    assert.equal(post.headers['authorization'], DEMO_BASIC_AUTH);
    t.diagnostic(`took ${Date.now() - started} ms`);
  });

  it('never lets an older, slower company search overwrite a newer one', async () => {
    const sb = session.sandbox;
    await freshForm(page, frame, session.sandbox);
    const mark = sb.requests.length;
    // Only the first /accounts request is slow.
    sb.inject({ kind: 'delay', ms: 1500, path: '/accounts' });
    try {
      await frame.locator('#accounts').focus();
      await page.keyboard.type('s');
      const slow = await waitForRequest(sb, 'GET /rest/accounts?q=s', (r) => r.path === '/rest/accounts' && r.query['q'] === 's', mark);
      await page.keyboard.type('ummit');
      const fast = await waitForRequest(sb, 'GET /rest/accounts?q=summit', (r) => r.path === '/rest/accounts' && r.query['q'] === 'summit', mark);
      assert.ok(fast.time < slow.time + 1500, 'the newer search went out while the older one was still delayed');
      assert.deepEqual(slow.query, { q: 's', ...PAGE0 });
      assert.deepEqual(fast.query, { q: 'summit', ...PAGE0 });

      // Watch the list until well after the slow answer was due: it only ever shows the newer results.
      const newer = ['Summit Financial Group', 'Create "summit"'];
      const until = slow.time + 1500 + 800;
      let samples = 0;
      while (Date.now() < until) {
        const view = await readCombobox(frame, 'accounts');
        const names = view.options.map((o) => o.name);
        assert.ok(
          names.every((name) => newer.includes(name)),
          `the list shows results of the older search "s": ${JSON.stringify(names)}\n${await describeForm(frame)}`,
        );
        samples++;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(samples > 10, `watched the list ${samples} times`);
      const settled = await waitForSettledList(frame, 'accounts', (v) => v.options.length > 0, 'the results for "summit"');
      assert.deepEqual(settled.options.map((o) => o.name), newer);
      assert.equal(settled.value, 'summit');
      assert.equal(getsTo(sb, '/accounts', mark).length, 2, 'two searches: "s" and "summit"');
    } finally {
      sb.clearFaults();
    }
    // Escape closes the list, a second Escape clears the text; nothing was chosen.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await waitUntil('the companies picker cleared', () => readCombobox(frame, 'accounts'), (v) => v.value === '' && v.expanded === 'false');
    await expectChips(frame, 'accounts', []);
  });

  it('creates a company inline, and the new company is then searchable', async (t) => {
    const sb = session.sandbox;
    await freshForm(page, frame, session.sandbox);
    let postsBefore = leadPosts(sb).length;
    await replaceText(page, frame, 'description', 'Lantern supply order');

    await frame.locator('#accounts').focus();
    await page.keyboard.type('Larkspur Lantern Works');
    const view = await waitForSettledList(
      frame,
      'accounts',
      (v) => v.options.some((o) => o.kind === 'create'),
      'the Create option for a company that does not exist',
    );
    assert.deepEqual(view.options.map((o) => [o.kind, o.name]), [['create', 'Create "Larkspur Lantern Works"']]);
    assert.equal(view.message, 'No matches');
    await arrowDownTo(page, frame, 'accounts', await optionIdByName(frame, 'accounts', 'Create "Larkspur Lantern Works"'));
    await expectChips(frame, 'accounts', [{ label: 'Larkspur Lantern Works (new)', isNew: true }]);
    assert.equal(await readCombobox(frame, 'accounts').then((v) => v.value), '', 'the input is cleared after choosing');

    await page.keyboard.press('Control+Enter');
    let post = await expectOneLeadPost(sb, frame, page, postsBefore);
    t.diagnostic(`body: ${post.rawBody}`);
    assert.deepStrictEqual(post.body, {
      leads: [{ description: 'Lantern supply order', links: { accounts: [{ name: 'Larkspur Lantern Works' }] } }],
    });
    // The seed has 56 accounts: the new one is 57-accounts, and the lead links it.
    assert.deepEqual(sb.leads.at(-1)?.links.accounts, ['57-accounts']);

    // Searchable now, by a text the panel never searched before (so not from the 60 s cache).
    await freshForm(page, frame, session.sandbox);
    postsBefore = leadPosts(sb).length;
    await replaceText(page, frame, 'description', 'Second lantern order');
    const mark = sb.requests.length;
    await chooseWithKeyboard(page, frame, 'accounts', { query: 'lantern works', option: 'Larkspur Lantern Works' });
    expectSearches('/accounts', mark, { q: 'lantern works', ...PAGE0 });
    await expectChips(frame, 'accounts', [{ label: 'Larkspur Lantern Works', isNew: false }]);
    await page.keyboard.press('Control+Enter');
    post = await expectOneLeadPost(sb, frame, page, postsBefore);
    assert.deepStrictEqual(post.body, { leads: [{ description: 'Second lantern order', links: { accounts: ['57-accounts'] } }] });
  });

  it('fills every typed custom field, shows inline errors for bad values first, and sends exactly the values', async (t) => {
    const sb = session.sandbox;
    await freshForm(page, frame, session.sandbox);
    const postsBefore = leadPosts(sb).length;

    // Each field the sandbox serves, found by its label, with the control its type calls for.
    const FIELDS = {
      'Project Brief': 'input[type=text]',
      'Favorite Number': 'input[type=text][inputmode=decimal]',
      'Seats Requested': 'input[type=text][inputmode=decimal]',
      Budget: 'input[type=text][inputmode=decimal]',
      'Go-Live Date': 'input[type=date]',
      'Billing Email': 'input[type=email]',
      'Callback Phone': 'input[type=tel]',
      'Project Website': 'input[type=url]',
      'Deal Type': 'select',
      Interests: 'fieldset',
      // 'geolocation' is a type the product does not know: a plain text input.
      'Office Location': 'input[type=text]:not([inputmode])',
    } as const;
    const id: Record<string, string> = {};
    for (const [name, selector] of Object.entries(FIELDS)) {
      id[name] = await customFieldId(frame, name);
      assert.equal(await frame.locator(`${selector}#${id[name]}`).count(), 1, `${name} (#${id[name]}) is a ${selector}`);
    }
    assert.equal(await frame.locator('#custom-field-rows .field--cf-typed').count(), 11, 'one control per seeded custom field');
    assert.deepEqual(
      await frame.locator(`#${id['Deal Type']} option`).allTextContents(),
      ['(None)', 'New Business', 'Renewal', 'Upsell'],
    );
    assert.deepEqual(
      await frame.locator(`#${id['Interests']} input[type=checkbox]`).evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value)),
      ['Analytics', 'Automation', 'Integrations', 'Support', 'Training'],
    );

    await replaceText(page, frame, 'description', 'Custom fields of every type');
    // Bad values: each shows its inline error when the field is left.
    const BAD: [field: string, value: string, error: string][] = [
      ['Favorite Number', 'abc', 'Enter a number.'],
      ['Budget', '12.345', 'Enter an amount, such as 1,250.00.'],
      ['Billing Email', 'billing@', 'Enter an email address, such as name@example.com.'],
      ['Callback Phone', 'call me', 'Enter a phone number.'],
      ['Project Website', 'westbrook dental', 'Enter a web address, such as https://example.com.'],
    ];
    for (const [field, value, message] of BAD) {
      await replaceText(page, frame, id[field]!, value);
      await page.keyboard.press('Tab');
      const error = frame.locator(`#${id[field]}-error`);
      await error.waitFor({ state: 'visible', timeout: 5000 }).catch(async (e: unknown) => {
        throw new Error(`no inline error for ${field}=${JSON.stringify(value)}\n${await describeForm(frame)}`, { cause: e });
      });
      assert.equal((await error.innerText()).trim(), message, `${field} error text`);
      assert.equal(await frame.locator(`#${id[field]}`).getAttribute('aria-invalid'), 'true', `${field} aria-invalid`);
      assert.match((await frame.locator(`#${id[field]}`).getAttribute('aria-describedby')) ?? '', new RegExp(`\\b${id[field]}-error\\b`));
    }
    // Ctrl+Enter with bad values sends nothing and focuses the first bad field.
    await page.keyboard.press('Control+Enter');
    await waitUntil('focus on the first invalid custom field', () => focusedId(frame), (f) => f === id['Favorite Number'], { timeout: 5000 });
    assert.equal(await frame.locator('#app').getAttribute('data-state'), 'editing');
    assert.equal(leadPosts(sb).length, postsBefore, 'no POST for a form with invalid custom fields');

    // Good values for every type.
    await replaceText(page, frame, id['Project Brief']!, 'Kiosk rollout, phase 2');
    await replaceText(page, frame, id['Favorite Number']!, '42');
    await replaceText(page, frame, id['Seats Requested']!, '25');
    await replaceText(page, frame, id['Budget']!, '1250.50');
    await frame.locator(`#${id['Go-Live Date']}`).fill('2025-09-30');
    await replaceText(page, frame, id['Billing Email']!, 'billing@westbrook-dental-lab.example');
    await replaceText(page, frame, id['Callback Phone']!, '+1 (734) 555-0142');
    await replaceText(page, frame, id['Project Website']!, 'https://westbrook-dental-lab.example/kiosk');
    await frame.locator(`#${id['Deal Type']}`).selectOption('Renewal');
    // Checked in the reverse of the field's order: the value lists them in the field's order.
    for (const choice of ['Training', 'Analytics']) {
      await frame.locator(`#${id['Interests']} input[value="${choice}"]`).focus();
      await page.keyboard.press('Space');
    }
    await replaceText(page, frame, id['Office Location']!, '42.2808,-83.7430');
    for (const [field] of BAD) {
      await frame.locator(`#${id[field]}-error`).waitFor({ state: 'hidden', timeout: 5000 });
    }

    await frame.locator('#submit').focus();
    await page.keyboard.press('Enter');
    const post = await expectOneLeadPost(sb, frame, page, postsBefore);
    t.diagnostic(`body: ${post.rawBody}`);
    assert.deepStrictEqual(post.body, {
      leads: [
        {
          description: 'Custom fields of every type',
          customFields: {
            'Project Brief': 'Kiosk rollout, phase 2',
            'Favorite Number': '42',
            'Seats Requested': '25',
            Budget: '1250.50',
            'Go-Live Date': '2025-09-30',
            'Billing Email': 'billing@westbrook-dental-lab.example',
            'Callback Phone': '+1 (734) 555-0142',
            'Project Website': 'https://westbrook-dental-lab.example/kiosk',
            'Deal Type': 'Renewal',
            Interests: ['Analytics', 'Training'],
            'Office Location': '42.2808,-83.7430',
          },
        },
      ],
    });
  });

  it('has no serious or critical axe violations with a listbox open and an option active', async (t) => {
    await freshForm(page, frame, session.sandbox);
    await frame.locator('#contacts').focus();
    await page.keyboard.type('em');
    const view = await waitForSettledList(frame, 'contacts', (v) => v.options.length >= 3, 'several people for "em"');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await waitUntil('an active option', () => readCombobox(frame, 'contacts'), (v) => v.activeDescendant === 'contacts-option-1');
    t.diagnostic(`listbox open with ${view.options.length} options`);

    const axe = await runAxe(await leadFormFrame(page));
    // axe must have looked at the open list, not a closed one.
    const still = await readCombobox(frame, 'contacts');
    assert.equal(still.expanded, 'true', 'the listbox stayed open while axe ran');
    assert.equal(still.activeDescendant, 'contacts-option-1');
    for (const line of assertNoSeriousViolations(axe, 'with the people listbox open')) t.diagnostic(`axe: ${line}`);
    // The same rules on just the combobox and its open listbox, so they did judge those.
    const picker = await runAxe(await leadFormFrame(page), ['#contacts', '#contacts-listbox']);
    for (const line of assertNoSeriousViolations(picker, 'on the people combobox and listbox')) t.diagnostic(`axe (picker): ${line}`);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    // A long list (20 companies + "Load more", opened with ArrowDown on the empty combobox):
    // the same checks, with no exception.
    await openLongCompanyList();
    const long = await runAxe(await leadFormFrame(page));
    for (const line of assertNoSeriousViolations(long, 'with the long companies listbox open')) {
      t.diagnostic(`axe (long list): ${line}`);
    }
    await page.keyboard.press('Escape');
  });

  /** ArrowDown on the empty companies combobox: opens on the first of 20 results + "Load more". */
  async function openLongCompanyList(): Promise<void> {
    await frame.locator('#accounts').focus();
    await page.keyboard.press('ArrowDown');
    const view = await waitForSettledList(frame, 'accounts', (v) => v.options.length === 21, '20 companies and "Load more"');
    assert.equal(view.options.at(-1)?.name, 'Load more results');
    assert.equal(view.activeDescendant, 'accounts-option-0', 'ArrowDown opened the list on its first option');
  }

  it(
    'has no serious axe violations with a listbox long enough to scroll',
    async (t) => {
      await freshForm(page, frame, session.sandbox);
      await openLongCompanyList();
      try {
        const result = await runAxe(await leadFormFrame(page));
        for (const line of assertNoSeriousViolations(result, 'with the long companies listbox open')) t.diagnostic(`axe: ${line}`);
      } finally {
        await page.keyboard.press('Escape');
      }
    },
  );

  it(
    'sends thousands separators and currency symbols in number/currency custom fields as plain decimals, or flags them inline',
    async (t) => {
      const sb = session.sandbox;
      await freshForm(page, frame, session.sandbox);
      const postsBefore = leadPosts(sb).length;
      await replaceText(page, frame, 'description', 'Budget with a thousands separator');
      const budget = await customFieldId(frame, 'Budget');
      const favorite = await customFieldId(frame, 'Favorite Number');
      // What the form's own hint suggests for amounts ("such as 1,250.00"), and a grouped number.
      await replaceText(page, frame, budget, '$1,250.00');
      await replaceText(page, frame, favorite, '1,000');
      await page.keyboard.press('Tab');
      const flagged = {
        budget: await frame.locator(`#${budget}-error`).isVisible(),
        favorite: await frame.locator(`#${favorite}-error`).isVisible(),
      };
      t.diagnostic(`inline errors before sending: ${JSON.stringify(flagged)}`);
      if (flagged.budget && flagged.favorite) return; // rejected before sending: acceptable
      await page.keyboard.press('Control+Enter');
      await waitUntil('a POST', () => leadPosts(sb).length, (n) => n > postsBefore, { timeout: TIMEOUT.submit });
      const post = leadPosts(sb).at(-1)!;
      t.diagnostic(`body: ${post.rawBody}`);
      // What the form does with the sandbox's answer (for the report).
      await waitUntil('the submit to finish', () => frame.locator('#app').getAttribute('data-state'), (s) => s !== 'submitting', {
        timeout: TIMEOUT.submit,
      });
      t.diagnostic(`after the answer: ${(await describeForm(frame)).replace(/\n/g, ' | ')}`);
      const sent = (post.body as { leads: [{ customFields?: Record<string, unknown> }] }).leads[0].customFields ?? {};
      assert.deepEqual(
        { Budget: sent['Budget'], 'Favorite Number': sent['Favorite Number'] },
        { Budget: flagged.budget ? undefined : '1250.00', 'Favorite Number': flagged.favorite ? undefined : '1000' },
        'number/currency custom fields are sent as plain decimal strings, as the sandbox (and manualValue) require',
      );
    },
  );
});
