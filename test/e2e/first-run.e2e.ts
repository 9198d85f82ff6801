/**
 * First run and signing out, in a fresh (signed-out) browser context: Create Lead leads into
 * Sign In, a wrong key is rejected and nothing is stored, the right key opens the form, and
 * Sign Out makes the next Create Lead ask again.
 *
 *   ./node_modules/.bin/node --test --test-concurrency=1 test/e2e/first-run.e2e.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  API_KEY_BOX,
  API_KEY_PROMPT,
  CREATE_LEAD,
  DEMO_BASIC_AUTH,
  DEMO_CREDENTIALS,
  EMAIL_BOX,
  FORM_TITLE,
  REJECTED,
  SIGNED_IN,
  SIGN_OUT,
  answerSignInBoxes,
  formTab,
  openForm,
  startSession,
  waitForEmailPrompt,
  waitForForm,
  type Session,
} from './lead-form.ts';
import {
  answerInputBox,
  cancelQuickInput,
  clickNotificationAction,
  dismissAllNotifications,
  readInputBox,
  runCommand,
  waitForNotification,
} from './workbench.ts';

const WRONG = { email: DEMO_CREDENTIALS.email, apiKey: 'wrong-key-1234' };
/** `printf %s 'demo@example.com:wrong-key-1234' | base64` */
const WRONG_BASIC_AUTH = 'Basic ZGVtb0BleGFtcGxlLmNvbTp3cm9uZy1rZXktMTIzNA==';

describe('first run: sign in from Create Lead, and sign out', { timeout: 180_000 }, () => {
  let session: Session;
  let page: Page;

  const userChecks = () => session.sandbox.requests.filter((r) => r.method === 'GET' && r.path === '/rest/users');

  before(async () => {
    session = await startSession();
    page = await session.openPage();
  });

  after(async () => {
    await session?.stop();
  });

  it('Create Lead without credentials asks for the email first, and validates it', async () => {
    await runCommand(page, CREATE_LEAD);
    await waitForEmailPrompt(page);
    const box = await readInputBox(page);
    assert.equal(box?.value, '', 'nothing prefilled on a first run');
    const bad = await answerInputBox(page, 'not-an-email', { expectPrompt: EMAIL_BOX });
    assert.equal(bad.accepted, false);
    assert.equal(bad.validationMessage, 'Enter an email address, such as you@example.com.');
    // The API key box refuses an empty key.
    assert.equal((await answerInputBox(page, DEMO_CREDENTIALS.email, { expectPrompt: EMAIL_BOX })).accepted, true);
    const key = await readInputBox(page);
    assert.match(key?.message ?? '', API_KEY_PROMPT);
    assert.equal(key?.password, true, 'the API key box hides what is typed');
    const empty = await answerInputBox(page, '   ', { expectPrompt: API_KEY_BOX, password: true });
    assert.equal(empty.accepted, false);
    assert.equal(empty.validationMessage, 'Enter the API key.');
    await cancelQuickInput(page);
    assert.equal(await formTab(page).count(), 0, 'cancelling sign-in opens no form');
    assert.equal(userChecks().length, 0, 'nothing was checked against Nutshell');
  });

  it('rejects a wrong API key with a clear message and stores nothing', async () => {
    await runCommand(page, CREATE_LEAD);
    await answerSignInBoxes(page, WRONG);
    await waitForNotification(page, REJECTED);
    const checks = userChecks();
    assert.equal(checks.length, 1, 'one GET /rest/users to check the credentials');
    assert.equal(checks[0]!.headers['authorization'], WRONG_BASIC_AUTH);

    // "Try Again" asks again, with the email kept.
    await clickNotificationAction(page, REJECTED, 'Try Again');
    await waitForEmailPrompt(page);
    assert.equal((await readInputBox(page))?.value, WRONG.email, 'Try Again keeps the email');
    await cancelQuickInput(page);
    assert.equal(await formTab(page).count(), 0, 'no form after a rejected key');

    // Nothing was stored: Create Lead still asks, and nothing is prefilled from a stored entry.
    await dismissAllNotifications(page);
    await runCommand(page, CREATE_LEAD);
    await waitForEmailPrompt(page);
    assert.equal((await readInputBox(page))?.value, '', 'no stored email after a rejected key');
    await cancelQuickInput(page);
  });

  it('accepts the right key, says so, opens the form, and checked it with GET /rest/users', async () => {
    const before = userChecks().length;
    await runCommand(page, CREATE_LEAD);
    await answerSignInBoxes(page, DEMO_CREDENTIALS);
    await waitForNotification(page, SIGNED_IN);
    const frame = await waitForForm(page);
    await frame.locator('#description').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('#signed-out-notice').isHidden(), true, 'the form knows it is signed in');
    const check = userChecks().slice(before);
    assert.equal(check.length, 1, 'exactly one credentials check');
    assert.equal(check[0]!.headers['authorization'], DEMO_BASIC_AUTH);
    assert.equal(check[0]!.headers['accept'], 'application/json');
    assert.match(check[0]!.headers['user-agent'] ?? '', /^nutshell-lead-capture\//);
    assert.equal(await formTab(page).count(), 1);

    // Signed in now: Create Lead goes straight to the (same) form.
    await runCommand(page, 'View: Close All Editors');
    await formTab(page).waitFor({ state: 'detached' });
    await openForm(page);
    assert.equal(await readInputBox(page), undefined, 'no sign-in prompt once signed in');
    assert.equal(userChecks().length, before + 1, 'no new credentials check');
  });

  it('Sign Out removes the credentials: the open form says so and the next Create Lead asks again', async () => {
    const frame = await waitForForm(page);
    await dismissAllNotifications(page);
    await runCommand(page, SIGN_OUT);
    await waitForNotification(page, 'Signed out of Nutshell. Your API key was removed from this machine.');
    await frame.locator('#signed-out-notice').waitFor({ state: 'visible', timeout: 10_000 });
    // A picker search now says why it cannot search, and sends nothing.
    const requestsBefore = session.sandbox.requests.length;
    await frame.locator('#sources').fill('Goo');
    await frame.locator('#sources-message', { hasText: 'Sign in to Nutshell to search.' }).waitFor({ timeout: 10_000 });
    assert.equal(session.sandbox.requests.length, requestsBefore, 'no request while signed out');
    await frame.locator('#sources').fill('');
    await frame.locator('#sources').press('Escape');

    await runCommand(page, CREATE_LEAD);
    await waitForEmailPrompt(page);
    assert.equal((await readInputBox(page))?.value, '', 'the email is gone too');
    await cancelQuickInput(page);
    // The form tab is still there (it was open), still titled the same.
    assert.equal(await formTab(page).count(), 1, `the ${FORM_TITLE} tab stays open`);
  });
});
