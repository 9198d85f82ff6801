import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SearchCoordinator } from '../../src/core/search-coordinator.ts';
import type { SearchFetcher } from '../../src/core/search-coordinator.ts';
import type { PickerPage } from '../../src/core/pickers.ts';
import type { PickerField } from '../../src/core/protocol.ts';

function pageOf(name: string): PickerPage {
  return { items: [{ id: '1-accounts', name }], hasMore: false };
}

interface Call {
  field: PickerField;
  text: string;
  page: number;
  signal: AbortSignal;
  resolve: (page: PickerPage) => void;
  reject: (error: unknown) => void;
}

function controlledFetcher(): { fetch: SearchFetcher; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: SearchFetcher = (field, text, page, signal) =>
    new Promise<PickerPage>((resolve, reject) => {
      calls.push({ field, text, page, signal, resolve, reject });
    });
  return { fetch, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SearchCoordinator', () => {
  it('returns the fetched page and passes the arguments through', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const pending = coordinator.search('accounts', ' Acme ', 2);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.field, 'accounts');
    assert.equal(calls[0]?.text, ' Acme ');
    assert.equal(calls[0]?.page, 2);
    calls[0]?.resolve(pageOf('Acme'));
    assert.deepEqual(await pending, { status: 'fresh', page: pageOf('Acme') });
  });

  it('a newer search on the same field aborts the older one, which is reported stale', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const older = coordinator.search('accounts', 'Ac', 0);
    const newer = coordinator.search('accounts', 'Acme', 0);
    assert.equal(calls[0]?.signal.aborted, true);
    assert.equal(calls[1]?.signal.aborted, false);
    calls[1]?.resolve(pageOf('new'));
    calls[0]?.resolve(pageOf('old'));
    assert.deepEqual(await newer, { status: 'fresh', page: pageOf('new') });
    assert.deepEqual(await older, { status: 'stale' });
  });

  it('a late failure of a superseded search is stale, not an error', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const older = coordinator.search('tags', 'a', 0);
    const newer = coordinator.search('tags', 'ab', 0);
    calls[0]?.reject(new Error('aborted'));
    calls[1]?.resolve(pageOf('ab'));
    assert.deepEqual(await older, { status: 'stale' });
    assert.equal((await newer).status, 'fresh');
  });

  it('searches on different fields do not interfere', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const accounts = coordinator.search('accounts', 'a', 0);
    const contacts = coordinator.search('contacts', 'a', 0);
    assert.equal(calls[0]?.signal.aborted, false);
    calls[0]?.resolve(pageOf('account'));
    calls[1]?.resolve(pageOf('contact'));
    assert.deepEqual(await accounts, { status: 'fresh', page: pageOf('account') });
    assert.deepEqual(await contacts, { status: 'fresh', page: pageOf('contact') });
  });

  it('the current search’s error is rethrown and not cached', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const failing = coordinator.search('sources', 'x', 0);
    calls[0]?.reject(new Error('HTTP 500'));
    await assert.rejects(failing, /HTTP 500/);
    const retry = coordinator.search('sources', 'x', 0);
    assert.equal(calls.length, 2);
    calls[1]?.resolve(pageOf('ok'));
    assert.equal((await retry).status, 'fresh');
  });

  it('caches per field, text (trimmed, case-insensitive) and page, for ttlMs', async () => {
    let now = 1_000;
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch, ttlMs: 100, now: () => now });
    const first = coordinator.search('products', 'Scanner', 0);
    calls[0]?.resolve(pageOf('scanner'));
    await first;
    assert.deepEqual(await coordinator.search('products', ' scanner ', 0), { status: 'fresh', page: pageOf('scanner') });
    assert.equal(calls.length, 1);
    void coordinator.search('products', 'scanner', 1);
    void coordinator.search('competitors', 'scanner', 0);
    assert.equal(calls.length, 3);
    now += 100;
    void coordinator.search('products', 'scanner', 0);
    assert.equal(calls.length, 4, 'expired after ttlMs');
    coordinator.dispose();
  });

  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch, maxEntries: 2 });
    for (const text of ['a', 'b', 'c']) {
      const pending = coordinator.search('tags', text, 0);
      calls.at(-1)?.resolve(pageOf(text));
      await pending;
    }
    assert.equal(calls.length, 3);
    await Promise.race([coordinator.search('tags', 'c', 0), tick()]);
    assert.equal(calls.length, 3, 'c is cached');
    void coordinator.search('tags', 'a', 0);
    assert.equal(calls.length, 4, 'a was evicted');
    coordinator.dispose();
  });

  it('dispose aborts running searches and their results are stale', async () => {
    const { fetch, calls } = controlledFetcher();
    const coordinator = new SearchCoordinator({ fetch });
    const pending = coordinator.search('owner', '', 0);
    coordinator.dispose();
    assert.equal(calls[0]?.signal.aborted, true);
    calls[0]?.resolve(pageOf('late'));
    assert.deepEqual(await pending, { status: 'stale' });
  });
});
