/**
 * "Nutshell: Create Lead from Selection": an email signature pasted into an untitled editor,
 * selected, and turned into a lead. The first line becomes the description; the email and the
 * company become suggestions in the people and company pickers (looked up first, so an existing
 * record is offered rather than a duplicate); nothing is linked until it is chosen.
 *
 *   ./node_modules/.bin/node --test --test-concurrency=1 test/e2e/selection.e2e.ts
 *
 * Run 1 starts signed out and uses the command palette; run 2 uses the editor's context menu
 * while the form from run 1 is still open (its success view is in a background tab).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { DEMO_BASIC_AUTH, describeForm, leadPosts, readForm, signIn, startSession, waitForForm, type Session } from './lead-form.ts';
import {
  arrowDownTo,
  assertNoSeriousViolations,
  chips,
  editorContextMenuLabels,
  expectChips,
  expectOneLeadPost,
  leadFormFrame,
  optionIdByName,
  paletteEntries,
  pasteIntoUntitledEditor,
  readCombobox,
  runAxe,
  runFromEditorContextMenu,
  selectAllInEditor,
  waitForRequest,
  waitForSettledList,
  waitUntil,
} from './picker-driver.ts';
import { runCommand } from './workbench.ts';

const COMMAND = 'Nutshell: Create Lead from Selection';
const SUGGESTED = 'Suggested from selection';

/** Olivia Smith (1-contacts) works at Acme Widgets (1-accounts) in the seed. */
const SIGNATURE_EXISTING = [
  'Website redesign for Acme',
  '',
  'Best regards,',
  'Olivia Smith',
  'Head of Marketing',
  'Acme Widgets',
  'olivia.smith@acme-widgets.example',
  '+1 (734) 555-0142',
].join('\n');

/** Neither the person, the email nor the company exists in the seed. */
const SIGNATURE_NEW = [
  'Website redesign for Quokka Quilts',
  '',
  'Best regards,',
  'Jane Doe',
  'Head of Marketing',
  'Quokka Quilts LLC',
  'jane.doe@quokka-quilts.example',
  '+1 (734) 555-0142',
].join('\n');

describe('Create Lead from Selection', { timeout: 240_000 }, () => {
  let session: Session;
  let page: Page;
  let origin: string;

  before(async () => {
    session = await startSession();
    page = await session.openPage();
    origin = new URL(session.product.server.url).origin;
  });

  after(async () => {
    await session?.stop();
  });

  /** The form shows the selection: description filled, one suggestion each, nothing linked. */
  async function expectSelectionApplied(frame: FrameLocator, description: string): Promise<void> {
    await waitUntil(
      'the description taken from the first line of the selection',
      () => frame.locator('#description').inputValue(),
      (v) => v === description,
      { describe: () => describeForm(frame) },
    );
    for (const id of ['contacts', 'accounts']) {
      const hint = frame.locator(`#${id}-suggestions`);
      await hint.waitFor({ state: 'visible', timeout: 10_000 }).catch(async (e: unknown) => {
        throw new Error(`#${id}-suggestions did not show\n${await describeForm(frame)}`, { cause: e });
      });
      assert.equal((await hint.innerText()).trim(), '1 suggestion from the selection', `#${id}-suggestions text`);
      const view = await readCombobox(frame, id);
      assert.equal(view.expanded, 'false', `#${id}: suggestions are offered, the list is not opened for the user`);
    }
    // Never auto-linked: no chips, and nothing else in the form but the description.
    assert.deepEqual(await chips(frame, 'contacts'), [], 'no person is linked before one is chosen');
    assert.deepEqual(await chips(frame, 'accounts'), [], 'no company is linked before one is chosen');
    assert.deepEqual(await readForm(frame), { values: { description }, chips: {} });
  }

  it('offers the existing contact for a known email, links it only when chosen, and sends exactly that', async (t) => {
    const sb = session.sandbox;
    await pasteIntoUntitledEditor(page, origin, SIGNATURE_EXISTING);
    // Without a selection the command is offered neither in the palette nor in the context menu.
    const palette = await paletteEntries(page, 'Nutshell: Create Lead', 'Nutshell: Create Lead');
    assert.ok(!palette.includes(COMMAND), `the palette offers ${COMMAND} without a selection: ${JSON.stringify(palette)}`);
    const menu = await editorContextMenuLabels(page);
    assert.ok(!menu.includes('Create Lead from Selection'), `the context menu offers it without a selection: ${JSON.stringify(menu)}`);
    await selectAllInEditor(page);
    assert.ok((await editorContextMenuLabels(page)).includes('Create Lead from Selection'), 'the context menu offers it with a selection');
    const mark = sb.requests.length;
    const postsBefore = leadPosts(sb).length;

    // Signed out: the command asks for credentials first, then opens the form with the selection.
    await runCommand(page, COMMAND);
    await signIn(page);
    const frame = await waitForForm(page);
    await expectSelectionApplied(frame, 'Website redesign for Acme');

    // The host looked the email and the company (from the email's domain) up.
    const contactLookup = await waitForRequest(sb, 'the contact lookup by email', (r) => r.path === '/rest/contacts' && 'email' in r.query, mark);
    assert.deepEqual(contactLookup.query, { email: 'olivia.smith@acme-widgets.example', 'page[limit]': '1' });
    const companyLookup = await waitForRequest(sb, 'the company lookup', (r) => r.path === '/rest/accounts', mark);
    assert.deepEqual(companyLookup.query, { q: 'Acme-widgets', 'page[limit]': '5' });
    for (const r of [contactLookup, companyLookup]) assert.equal(r.headers['authorization'], DEMO_BASIC_AUTH);

    // Keyboard: Tab from the people picker to its hint button, Enter opens the list there.
    await frame.locator('#contacts').focus();
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator('body').evaluate(() => document.activeElement?.id), 'contacts-suggestions');
    await page.keyboard.press('Enter');
    const list = await waitForSettledList(
      frame,
      'contacts',
      (v) => v.groups.length === 2 && v.options.some((o) => o.group === 'Results'),
      'the suggestion group and the results group',
    );
    assert.equal(list.focused, true, 'the hint button puts focus back in the combobox');
    assert.deepEqual(list.groups, [SUGGESTED, 'Results']);
    const suggested = list.options.filter((o) => o.group === SUGGESTED);
    assert.deepEqual(
      suggested.map((o) => ({ name: o.name, kind: o.kind, secondary: o.secondary, selected: o.selected })),
      [{ name: 'Olivia Smith', kind: 'suggestion', secondary: 'olivia.smith@acme-widgets.example', selected: 'false' }],
      'the existing contact is suggested (not a new "Olivia Smith")',
    );
    // optionIdByName asserts she is listed once: the suggestion is not repeated among the results.
    const olivia = await optionIdByName(frame, 'contacts', 'Olivia Smith');
    assert.equal(olivia, 'contacts-option-0');

    // Accessibility with the grouped list open.
    const formFrame = await leadFormFrame(page);
    for (const line of assertNoSeriousViolations(await runAxe(formFrame), 'with the grouped people listbox open')) t.diagnostic(`axe: ${line}`);
    for (const line of assertNoSeriousViolations(await runAxe(formFrame, ['#contacts', '#contacts-listbox']), 'on the grouped listbox')) {
      t.diagnostic(`axe (picker): ${line}`);
    }
    assert.equal((await readCombobox(frame, 'contacts')).expanded, 'true', 'the list stayed open while axe ran');

    await arrowDownTo(page, frame, 'contacts', olivia);
    await expectChips(frame, 'contacts', [{ label: 'Olivia Smith' }]);
    await frame.locator('#contacts-suggestions').waitFor({ state: 'hidden', timeout: 5000 });
    // The company suggestion is still only offered.
    assert.equal((await frame.locator('#accounts-suggestions').innerText()).trim(), '1 suggestion from the selection');
    assert.deepEqual(await chips(frame, 'accounts'), []);

    await page.keyboard.press('Control+Enter');
    const post = await expectOneLeadPost(sb, frame, page, postsBefore);
    t.diagnostic(`body: ${post.rawBody}`);
    assert.deepStrictEqual(post.body, {
      leads: [{ description: 'Website redesign for Acme', links: { contacts: ['1-contacts'] } }],
    });
    assert.equal(post.headers['authorization'], DEMO_BASIC_AUTH);
  });

  it('suggests creating a person and a company that do not exist, and creates them only when chosen', async (t) => {
    const sb = session.sandbox;
    await pasteIntoUntitledEditor(page, origin, SIGNATURE_NEW);
    await selectAllInEditor(page);
    const mark = sb.requests.length;
    const postsBefore = leadPosts(sb).length;

    // The editor's context menu this time; the form from the first run is revealed and reset.
    await runFromEditorContextMenu(page, 'Create Lead from Selection');
    const frame = await waitForForm(page);
    await expectSelectionApplied(frame, 'Website redesign for Quokka Quilts');
    const contactLookup = await waitForRequest(sb, 'the contact lookup by email', (r) => r.path === '/rest/contacts' && 'email' in r.query, mark);
    assert.deepEqual(contactLookup.query, { email: 'jane.doe@quokka-quilts.example', 'page[limit]': '1' });
    const companyLookup = await waitForRequest(sb, 'the company lookup', (r) => r.path === '/rest/accounts', mark);
    // Searched without the legal suffix, so that "Quokka Quilts" would be found too.
    assert.deepEqual(companyLookup.query, { q: 'Quokka Quilts', 'page[limit]': '5' });

    // People: through the hint button, as in the first run.
    await frame.locator('#contacts').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const people = await waitForSettledList(frame, 'contacts', (v) => v.groups.length === 2, 'the suggestion and results groups');
    assert.deepEqual(
      people.options.filter((o) => o.group === SUGGESTED).map((o) => ({ name: o.name, kind: o.kind, secondary: o.secondary })),
      [{ name: 'Jane Doe', kind: 'suggestion', secondary: 'jane.doe@quokka-quilts.example · +1 (734) 555-0142' }],
    );
    await arrowDownTo(page, frame, 'contacts', await optionIdByName(frame, 'contacts', 'Jane Doe'));
    await expectChips(frame, 'contacts', [{ label: 'Jane Doe (new)', isNew: true }]);

    // Companies: ArrowDown on the closed combobox opens it on its first option, the suggestion.
    await frame.locator('#accounts').focus();
    await page.keyboard.press('ArrowDown');
    const companies = await waitForSettledList(
      frame,
      'accounts',
      (v) => v.groups.length === 2 && v.activeDescendant === 'accounts-option-0',
      'the company list open on the suggestion',
    );
    assert.deepEqual(
      companies.options.filter((o) => o.group === SUGGESTED).map((o) => [o.id, o.name, o.kind]),
      [['accounts-option-0', 'Quokka Quilts LLC', 'suggestion']],
    );
    await page.keyboard.press('Enter');
    await expectChips(frame, 'accounts', [{ label: 'Quokka Quilts LLC (new)', isNew: true }]);
    for (const id of ['contacts', 'accounts']) await frame.locator(`#${id}-suggestions`).waitFor({ state: 'hidden', timeout: 5000 });

    await page.keyboard.press('Control+Enter');
    const post = await expectOneLeadPost(sb, frame, page, postsBefore);
    t.diagnostic(`body: ${post.rawBody}`);
    assert.deepStrictEqual(post.body, {
      leads: [
        {
          description: 'Website redesign for Quokka Quilts',
          links: {
            accounts: [{ name: 'Quokka Quilts LLC' }],
            contacts: [
              {
                name: 'Jane Doe',
                emails: [{ value: 'jane.doe@quokka-quilts.example', isPrimary: true }],
                phones: [{ value: '+1 (734) 555-0142', isPrimary: true }],
              },
            ],
          },
        },
      ],
    });

    // The sandbox created both (the seed has 56 accounts and 90 contacts) and linked them.
    const lead = sb.leads.at(-1)!;
    assert.deepEqual(lead.links.accounts, ['57-accounts']);
    assert.deepEqual(lead.links.contacts, ['91-contacts']);
    const res = await fetch(`${sb.apiBaseUrl}/contacts/91-contacts`, { headers: { authorization: DEMO_BASIC_AUTH, accept: 'application/json' } });
    assert.equal(res.status, 200);
    const contact = ((await res.json()) as { contacts: { name: string; emails: { value: string }[]; phones: unknown[] }[] }).contacts[0]!;
    assert.equal(contact.name, 'Jane Doe');
    assert.deepEqual(contact.emails.map((e) => e.value), ['jane.doe@quokka-quilts.example']);
    assert.match(JSON.stringify(contact.phones), /7345550142/, `the phone was stored: ${JSON.stringify(contact.phones)}`);
  });
});
