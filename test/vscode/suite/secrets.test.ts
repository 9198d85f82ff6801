/**
 * The product's CredentialStore over a real SecretStorage. An extension cannot read another
 * extension's secrets, so the store is built over the *runner's* `context.secrets`: same class,
 * same key, same code path as in the product, without test hooks in the product.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { CREDENTIALS_SECRET_KEY, serializeCredentials, type Credentials } from '../../../src/core/credentials.ts';
import type { Logger } from '../../../src/core/redact.ts';
import {
  CredentialStore,
  SecretStorageUnavailableError,
  describeSecretStorageFailure,
} from '../../../src/host/credential-store.ts';
import { delay, phaseSuite, runner, withTimeout } from './env.ts';

const DEMO: Credentials = { email: 'demo@example.com', apiKey: 'demo-api-key-0000' };
const OTHER: Credentials = { email: 'other@example.com', apiKey: 'other-key-1111' };

/** Resolves with the first onDidChange value that matches. */
function nextChange(
  store: CredentialStore,
  matches: (c: Credentials | undefined) => boolean,
  what: string,
): Promise<Credentials | undefined> {
  let subscription: vscode.Disposable | undefined;
  const changed = new Promise<Credentials | undefined>((resolve) => {
    subscription = store.onDidChange((c) => {
      if (matches(c)) resolve(c);
    });
  });
  return withTimeout(changed, 10_000, `no onDidChange event: ${what}`).finally(() => subscription?.dispose());
}

phaseSuite('startup', "SecretStorage: the product's CredentialStore over the runner's context.secrets", () => {
  let secrets: vscode.SecretStorage;
  const logged: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    debug: () => undefined,
    warn: (m) => logged.push(`warn: ${m}`),
    error: (m) => logged.push(`error: ${m}`),
  };
  const stores: CredentialStore[] = [];
  /** A new store has no cache: its get() reads SecretStorage and parses the entry. */
  const fresh = (): CredentialStore => {
    const store = new CredentialStore(secrets, logger);
    stores.push(store);
    return store;
  };

  before(async () => {
    secrets = (await runner()).context.secrets;
    await secrets.delete(CREDENTIALS_SECRET_KEY);
  });

  after(async () => {
    await secrets?.delete(CREDENTIALS_SECRET_KEY);
  });

  beforeEach(() => {
    logged.length = 0;
  });

  afterEach(() => {
    // Live stores re-read the entry on every change (and may warn); keep each test to its own.
    for (const store of stores.splice(0)) store.dispose();
  });

  it('starts signed out', async () => {
    assert.equal(await secrets.get(CREDENTIALS_SECRET_KEY), undefined);
    assert.equal(await fresh().get(), undefined);
    assert.deepEqual(logged, [], 'an absent entry is not worth a warning');
  });

  it('store() then get() returns the credentials, also from a fresh store (read back and parsed)', async () => {
    const store = fresh();
    const events: Array<Credentials | undefined> = [];
    const counting = store.onDidChange((c) => events.push(c));
    const fired = nextChange(store, (c) => c?.email === DEMO.email, 'after store()');
    await store.store(DEMO);
    assert.deepEqual(await fired, DEMO);
    await delay(500);
    counting.dispose();
    // store() fires itself; SecretStorage's echo of this window's own write must not fire again.
    assert.deepEqual(events, [DEMO], 'one store() fires onDidChange exactly once');
    assert.deepEqual(await store.get(), DEMO);
    assert.deepEqual(await fresh().get(), DEMO);
  });

  it('keeps them as one JSON entry under nutshell.credentials.v1 with exactly email and apiKey', async () => {
    // Pinned literally: renaming the key would sign every user out.
    assert.equal(CREDENTIALS_SECRET_KEY, 'nutshell.credentials.v1');
    const raw = await secrets.get(CREDENTIALS_SECRET_KEY);
    assert.equal(typeof raw, 'string');
    assert.deepEqual(JSON.parse(raw!), { email: DEMO.email, apiKey: DEMO.apiKey });
    assert.deepEqual(Object.keys(JSON.parse(raw!) as object), ['email', 'apiKey']);
    assert.equal(raw, serializeCredentials(DEMO));
  });

  it('parses what it reads with the zod schema (trims an entry written with spaces)', async () => {
    await secrets.store(CREDENTIALS_SECRET_KEY, JSON.stringify({ email: `  ${DEMO.email} `, apiKey: ` ${DEMO.apiKey}\n` }));
    assert.deepEqual(await fresh().get(), DEMO);
  });

  for (const [label, raw] of [
    ['not JSON', '{"email":"demo@example.com","apiKey":'],
    ['an invalid email', JSON.stringify({ email: 'not-an-email', apiKey: 'k-123' })],
    ['a missing apiKey', JSON.stringify({ email: DEMO.email })],
    ['an empty apiKey', JSON.stringify({ email: DEMO.email, apiKey: '   ' })],
    ['a JSON string', JSON.stringify('demo@example.com:demo-api-key-0000')],
    ['JSON null', 'null'],
  ] as const) {
    it(`reads a corrupt entry (${label}) as signed out and warns without echoing it`, async () => {
      await secrets.store(CREDENTIALS_SECRET_KEY, raw);
      assert.equal(await fresh().get(), undefined);
      // One warning per read (a store may also re-read on the change event).
      assert.ok(logged.length >= 1, 'expected a warning');
      for (const line of logged) {
        assert.match(line, /^warn: .*could not be read/);
        assert.ok(!line.includes('demo-api-key') && !line.includes('k-123'), `the log echoes the entry: ${line}`);
      }
    });
  }

  it('follows a change made elsewhere (another window): onDidChange carries the parsed value', async () => {
    const store = fresh();
    await store.store(DEMO);
    const fired = nextChange(store, (c) => c?.email === OTHER.email, 'after another writer stored OTHER');
    await secrets.store(CREDENTIALS_SECRET_KEY, serializeCredentials(OTHER));
    assert.deepEqual(await fired, OTHER);
    assert.deepEqual(await store.get(), OTHER);
  });

  it('a store holding credentials reads a corrupted entry as signed out (onDidChange(undefined))', async () => {
    const store = fresh();
    await store.store(DEMO);
    assert.deepEqual(await store.get(), DEMO);
    const fired = nextChange(store, (c) => c === undefined, 'after the entry was corrupted');
    await secrets.store(CREDENTIALS_SECRET_KEY, '{corrupt');
    assert.equal(await fired, undefined);
    assert.equal(await store.get(), undefined);
  });

  it('delete() (what Sign Out does) removes the entry and fires onDidChange(undefined)', async () => {
    const store = fresh();
    await store.store(DEMO);
    const fired = nextChange(store, (c) => c === undefined, 'after delete()');
    await store.delete();
    assert.equal(await fired, undefined);
    assert.equal(await secrets.get(CREDENTIALS_SECRET_KEY), undefined);
    assert.equal(await store.get(), undefined);
    assert.equal(await fresh().get(), undefined);
    assert.deepEqual(store.knownSecrets(), [], 'nothing left to redact once signed out');
  });

  it('a keyring that fails is reported with what to fix, and nothing is cached or stored elsewhere', async () => {
    const keyringError = new Error('Cannot create an item in a locked collection');
    const broken: vscode.SecretStorage = {
      get: () => Promise.reject(keyringError),
      store: () => Promise.reject(keyringError),
      delete: () => Promise.reject(keyringError),
      onDidChange: secrets.onDidChange,
    };
    const store = new CredentialStore(broken, logger);
    stores.push(store);
    await assert.rejects(store.get(), SecretStorageUnavailableError);
    await assert.rejects(store.store(DEMO), (error: unknown) => {
      assert.ok(error instanceof SecretStorageUnavailableError);
      const message = describeSecretStorageFailure(error);
      assert.match(message, /locked collection/);
      assert.match(message, /keyring/i);
      assert.match(message, /never stored anywhere else/);
      return true;
    });
    assert.deepEqual(store.knownSecrets(), [], 'a failed store leaves nothing cached');
    await assert.rejects(store.get(), SecretStorageUnavailableError);
  });
});
