import { describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { PickerItem } from '../../src/core/protocol.ts';
import type { LinkItem } from '../../src/webview/form-model.ts';
import {
  MAX_QUERY_LENGTH,
  abandonSearch,
  announcementFor,
  applyProductPick,
  buildOptions,
  chipText,
  comboboxKey,
  createDebouncer,
  createItemFor,
  createSearchHub,
  flatOptions,
  initialSearchState,
  receiveSearch,
  resultsAreCurrent,
  singleText,
  startSearch,
  toggleChoice,
  type ComboKey,
  type ComboboxState,
  type OptionInput,
  type PickerOption,
  type SearchRequest,
  type SearchResultMessage,
  type SearchState,
} from '../../src/webview/picker-model.ts';

const texts = { create: (name: string) => `Create "${name}"`, useId: (id: string) => `Use ID ${id}`, more: 'Load more results' };

function key(name: string, extra: Partial<ComboKey> = {}): ComboKey {
  return { key: name, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...extra };
}

function answered(query: string, items: PickerItem[], extra: Partial<SearchState> = {}): SearchState {
  return { ...initialSearchState(), status: 'ready', query, resultQuery: query, items, ...extra };
}

function result(requestId: string, items: PickerItem[], extra: Partial<SearchResultMessage> = {}): SearchResultMessage {
  return { requestId, field: 'accounts', items, hasMore: false, ...extra };
}

/** The link item an option stands for ("Load more" has none). */
function itemOf(option: PickerOption | undefined): LinkItem | undefined {
  return option && option.type !== 'more' ? option.item : undefined;
}

const ACME: PickerItem = { id: '12-accounts', name: 'Acme Corp', secondary: 'acme.com' };
const LABS: PickerItem = { id: '14-accounts', name: 'Acme Labs' };

describe('createDebouncer', () => {
  it('runs only the last call, after the delay', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const calls: string[] = [];
      const debounce = createDebouncer(200);
      debounce.schedule(() => calls.push('a'));
      mock.timers.tick(150);
      debounce.schedule(() => calls.push('ab'));
      mock.timers.tick(199);
      assert.deepEqual(calls, []);
      assert.equal(debounce.pending, true);
      mock.timers.tick(1);
      assert.deepEqual(calls, ['ab']);
      assert.equal(debounce.pending, false);
    } finally {
      mock.timers.reset();
    }
  });

  it('cancel drops the scheduled call', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let ran = 0;
      const debounce = createDebouncer(200);
      debounce.schedule(() => ran++);
      debounce.cancel();
      mock.timers.tick(500);
      assert.equal(ran, 0);
      assert.equal(debounce.pending, false);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('createSearchHub', () => {
  function hub() {
    const sent: SearchRequest[] = [];
    let n = 0;
    return { sent, hub: createSearchHub((request) => sent.push(request), () => `r${++n}`) };
  }

  it('sends the search with a trimmed, capped query and a whole page number', () => {
    const { sent, hub: h } = hub();
    const id = h.search('accounts', `  ${'x'.repeat(300)}  `, 1.7, () => undefined);
    assert.equal(id, 'r1');
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.query.length, MAX_QUERY_LENGTH);
    assert.equal(sent[0]?.page, 1);
    assert.equal(sent[0]?.field, 'accounts');
  });

  it('delivers only the latest request of a field; a stale answer is dropped', () => {
    const { hub: h } = hub();
    const got: string[] = [];
    const first = h.search('accounts', 'a', 0, (r) => got.push(`first:${r.items.length}`));
    const second = h.search('accounts', 'ab', 0, (r) => got.push(`second:${r.items.length}`));
    // The newer answer comes first, then the older one: the older one must not overwrite it.
    assert.equal(h.receive(result(second, [ACME])), true);
    assert.equal(h.receive(result(first, [ACME, LABS])), false);
    assert.deepEqual(got, ['second:1']);
    // Answered once: a duplicate is dropped too.
    assert.equal(h.receive(result(second, [ACME])), false);
  });

  it('drops an older answer that arrives while the newer request is still pending', () => {
    const { hub: h } = hub();
    const got: string[] = [];
    const older = h.search('products', 'w', 0, () => got.push('older'));
    const newer = h.search('products', 'wi', 0, (r) => got.push(`newer:${r.items[0]?.name ?? ''}`));
    assert.equal(h.receive({ ...result(older, [{ id: '99-products', name: 'STALE' }]), field: 'products' }), false);
    assert.deepEqual(got, []);
    assert.equal(h.receive({ ...result(newer, [{ id: '6-products', name: 'Widget' }]), field: 'products' }), true);
    assert.deepEqual(got, ['newer:Widget']);
  });

  it('keeps fields apart, and drops answers to cancelled requests', () => {
    const { hub: h } = hub();
    const got: string[] = [];
    const accounts = h.search('accounts', 'a', 0, () => got.push('accounts'));
    const tags = h.search('tags', 'h', 0, () => got.push('tags'));
    h.cancel(accounts);
    assert.equal(h.receive(result(accounts, [])), false);
    assert.equal(h.receive({ ...result(tags, []), field: 'tags' }), true);
    // An answer that names another field than the request's is not delivered.
    const again = h.search('owner', '', 0, () => got.push('owner'));
    assert.equal(h.receive({ ...result(again, []), field: 'contacts' }), false);
    assert.deepEqual(got, ['tags']);
  });
});

describe('search state', () => {
  it('ignores an answer to anything but the pending request', () => {
    const loading = startSearch(initialSearchState(), 'ab', 0, 'r2');
    assert.equal(receiveSearch(loading, result('r1', [ACME])), loading);
    const done = receiveSearch(loading, result('r2', [ACME], { hasMore: true }));
    assert.equal(done.status, 'ready');
    assert.equal(done.resultQuery, 'ab');
    assert.deepEqual(done.items, [ACME]);
    assert.equal(done.hasMore, true);
    assert.equal(done.pendingId, undefined);
    // Once answered, a late copy changes nothing.
    assert.equal(receiveSearch(done, result('r2', [LABS])), done);
  });

  it('page 0 replaces the items, later pages append without duplicates', () => {
    const first = receiveSearch(startSearch(initialSearchState(), '', 0, 'r1'), result('r1', [ACME], { hasMore: true }));
    const more = startSearch(first, '', 1, 'r2');
    assert.deepEqual(more.items, [ACME], 'items stay while the next page loads');
    const second = receiveSearch(more, result('r2', [ACME, LABS]));
    assert.deepEqual(second.items.map((i) => i.id), ['12-accounts', '14-accounts']);
    assert.equal(second.page, 1);
    const fresh = receiveSearch(startSearch(second, 'beta', 0, 'r3'), result('r3', [{ id: '15-accounts', name: 'Beta' }]));
    assert.deepEqual(fresh.items.map((i) => i.id), ['15-accounts']);
  });

  it('an error is kept with the state, and clears the list of a first page', () => {
    const failed = receiveSearch(startSearch(answered('', [ACME]), 'x', 0, 'r9'), result('r9', [], { error: 'Offline' }));
    assert.equal(failed.status, 'error');
    assert.equal(failed.error, 'Offline');
    assert.deepEqual(failed.items, []);
    assert.deepEqual(announcementFor(failed, { suggested: [], results: [] }), { kind: 'error', message: 'Offline' });
  });

  it('knows whether the results answer the typed text, and forgets a request on close', () => {
    const done = answered('acme', [ACME]);
    assert.equal(resultsAreCurrent(done, ' acme '), true);
    assert.equal(resultsAreCurrent(done, 'acm'), false);
    const loading = startSearch(done, 'acm', 0, 'r5');
    assert.equal(resultsAreCurrent(loading, 'acm'), false);
    const closed = abandonSearch(loading);
    assert.equal(closed.status, 'ready');
    assert.equal(closed.pendingId, undefined);
    assert.equal(closed.query, 'acme');
    assert.equal(receiveSearch(closed, result('r5', [LABS])), closed);
  });
});

describe('comboboxKey', () => {
  const open = (active: number, count = 3, extra: Partial<ComboboxState> = {}): ComboboxState => ({
    open: true,
    active,
    count,
    text: 'ac',
    chips: 0,
    ...extra,
  });

  it('Down and Up move and wrap', () => {
    assert.deepEqual(comboboxKey(open(-1), key('ArrowDown')), { open: true, active: 0, handled: true });
    assert.equal(comboboxKey(open(1), key('ArrowDown')).active, 2);
    assert.equal(comboboxKey(open(2), key('ArrowDown')).active, 0);
    assert.equal(comboboxKey(open(0), key('ArrowUp')).active, 2);
    assert.equal(comboboxKey(open(-1), key('ArrowUp')).active, 2);
    assert.equal(comboboxKey(open(2), key('ArrowUp')).active, 1);
    assert.equal(comboboxKey(open(-1, 0), key('ArrowDown')).active, -1);
  });

  it('Down or Up on a closed list opens it (first or last option)', () => {
    const closed = { ...open(-1), open: false };
    assert.deepEqual(comboboxKey(closed, key('ArrowDown')), { open: true, active: 0, action: 'open', handled: true });
    assert.deepEqual(comboboxKey(closed, key('ArrowUp')), { open: true, active: 2, action: 'open', handled: true });
    assert.deepEqual(comboboxKey(closed, key('ArrowDown', { altKey: true })), { open: true, active: -1, action: 'open', handled: true });
  });

  it('Home and End jump while an option is active, else they are left to the caret', () => {
    assert.equal(comboboxKey(open(1), key('End')).active, 2);
    assert.equal(comboboxKey(open(2), key('Home')).active, 0);
    assert.equal(comboboxKey(open(-1), key('Home')).handled, false);
    assert.equal(comboboxKey({ ...open(1), open: false }, key('End')).handled, false);
  });

  it('Enter picks the active option; with none active it only keeps the form from submitting', () => {
    assert.deepEqual(comboboxKey(open(1), key('Enter')), { open: true, active: 1, action: 'pick', handled: true });
    assert.deepEqual(comboboxKey(open(-1), key('Enter')), { open: true, active: -1, handled: true });
    assert.equal(comboboxKey({ ...open(-1), open: false }, key('Enter')).handled, false);
    // Ctrl/Cmd+Enter is the form's submit shortcut: never taken.
    assert.equal(comboboxKey(open(1), key('Enter', { ctrlKey: true })).handled, false);
    assert.equal(comboboxKey(open(1), key('Enter', { metaKey: true })).action, undefined);
    assert.equal(comboboxKey(open(1), key('Enter', { isComposing: true })).handled, false);
  });

  it('Escape closes, then clears the text, then does nothing', () => {
    assert.deepEqual(comboboxKey(open(1), key('Escape')), { open: false, active: -1, action: 'close', handled: true });
    assert.deepEqual(comboboxKey({ ...open(-1), open: false }, key('Escape')), { open: false, active: -1, action: 'clear', handled: true });
    assert.equal(comboboxKey({ ...open(-1), open: false, text: '' }, key('Escape')).handled, false);
  });

  it('Backspace in an empty input removes the last chip; Tab closes without keeping focus', () => {
    assert.equal(comboboxKey(open(-1, 3, { text: '', chips: 2 }), key('Backspace')).action, 'removeLast');
    assert.equal(comboboxKey(open(-1, 3, { text: 'a', chips: 2 }), key('Backspace')).action, undefined);
    assert.equal(comboboxKey(open(-1, 3, { text: '', chips: 0 }), key('Backspace')).action, undefined);
    assert.deepEqual(comboboxKey(open(1), key('Tab')), { open: false, active: -1, action: 'close', handled: false });
  });
});

describe('buildOptions', () => {
  const input = (overrides: Partial<OptionInput>): OptionInput => ({
    field: 'accounts',
    text: 'ac',
    search: answered('ac', [ACME, LABS]),
    chosen: [],
    ...overrides,
  });

  it('lists results with labels and secondary text, then Create at the end', () => {
    const options = flatOptions(buildOptions(input({}), texts));
    assert.deepEqual(
      options.map((o) => [o.type, o.label, 'secondary' in o ? o.secondary : undefined]),
      [
        ['item', 'Acme Corp', 'acme.com'],
        ['item', 'Acme Labs', undefined],
        ['create', 'Create "ac"', undefined],
      ],
    );
    assert.deepEqual(itemOf(options[2]), { create: { name: 'ac' } });
    assert.deepEqual(itemOf(options[0]), { id: '12-accounts', label: 'Acme Corp' });
  });

  it('marks chosen results', () => {
    const options = flatOptions(buildOptions(input({ chosen: [{ id: '14-accounts', label: 'Acme Labs' }] }), texts));
    assert.deepEqual(options.map((o) => o.chosen), [false, true, false]);
  });

  it('an exact name match (any case) suppresses Create', () => {
    const options = flatOptions(buildOptions(input({ text: 'acme corp', search: answered('acme corp', [ACME]) }), texts));
    assert.deepEqual(options.map((o) => o.type), ['item']);
  });

  it('offers Create only once the results answer the typed text', () => {
    const stale = flatOptions(buildOptions(input({ text: 'acx' }), texts));
    assert.equal(stale.some((o) => o.type === 'create'), false);
    const loading = flatOptions(buildOptions(input({ text: 'ac', search: { ...answered('ac', []), status: 'loading' } }), texts));
    assert.equal(loading.some((o) => o.type === 'create'), false);
    const failed = flatOptions(buildOptions(input({ text: 'ac', search: { ...answered('ac', []), status: 'error', error: 'x' } }), texts));
    assert.deepEqual(failed.map((o) => o.label), ['Create "ac"']);
  });

  it('does not offer Create twice for the same new record, nor in fields that cannot create', () => {
    const again = flatOptions(buildOptions(input({ search: answered('ac', []), chosen: [{ create: { name: 'AC' } }] }), texts));
    assert.deepEqual(again, []);
    const tags = flatOptions(buildOptions(input({ field: 'tags', text: 'vip', search: answered('vip', []) }), texts));
    assert.deepEqual(tags, []);
  });

  it('people: an email becomes a person to create, with a name from the local part', () => {
    const options = flatOptions(
      buildOptions(input({ field: 'contacts', text: 'jane.doe@example.org', search: answered('jane.doe@example.org', []) }), texts),
    );
    assert.equal(options.length, 1);
    assert.equal(options[0]?.label, 'Create "Jane Doe"');
    assert.deepEqual(itemOf(options[0]), { create: { name: 'Jane Doe', email: 'jane.doe@example.org' } });
    assert.deepEqual(createItemFor('contacts', 'Jane Roe'), { create: { name: 'Jane Roe' } });
    assert.deepEqual(createItemFor('accounts', 'x@y.com'), { create: { name: 'x@y.com' } });
    assert.equal(createItemFor('accounts', '   '), undefined);
  });

  it('people: an existing person with that email suppresses Create', () => {
    const jane = { id: '21-contacts', name: 'Jane Roe', secondary: 'jane@roe.com' };
    const options = flatOptions(buildOptions(input({ field: 'contacts', text: 'JANE@roe.com', search: answered('JANE@roe.com', [jane]) }), texts));
    assert.deepEqual(options.map((o) => o.type), ['item']);
  });

  it('suggestions come first, filtered by the text, and a result that is suggested is listed once', () => {
    const groups = buildOptions(
      input({
        text: '',
        search: answered('', [ACME, LABS]),
        suggestions: [
          { label: 'Globex', ref: { create: { name: 'Globex' } } },
          { label: 'Acme Corp', secondary: 'acme.com', ref: { id: '12-accounts' } },
        ],
        chosen: [{ create: { name: 'globex' } }],
      }),
      texts,
    );
    assert.deepEqual(groups.suggested.map((o) => [o.label, o.chosen]), [['Globex', true], ['Acme Corp', false]]);
    assert.deepEqual(itemOf(groups.suggested[1]), { id: '12-accounts', label: 'Acme Corp' });
    assert.deepEqual(groups.results.map((o) => o.label), ['Acme Labs']);
    const filtered = buildOptions(input({ text: 'glob', search: answered('glob', []), suggestions: [{ label: 'Globex', ref: { create: { name: 'Globex' } } }] }), texts);
    assert.deepEqual(filtered.suggested.map((o) => o.label), ['Globex']);
    // The suggestion is named "Globex", not "glob": Create is still offered for the typed text.
    assert.deepEqual(filtered.results.map((o) => o.label), ['Create "glob"']);
  });

  it('offers "Load more" when there are more pages, and "Use ID" for a typed id of the right type', () => {
    const more = flatOptions(buildOptions(input({ field: 'sources', text: '', search: answered('', [{ id: '1-sources', name: 'Web' }], { hasMore: true }) }), texts));
    assert.deepEqual(more.map((o) => o.type), ['item', 'more']);
    const typed = flatOptions(buildOptions(input({ text: '99-accounts', search: answered('99-accounts', []) }), texts));
    assert.deepEqual(typed.map((o) => [o.type, o.label]), [['useId', 'Use ID 99-accounts']]);
    const wrongType = flatOptions(buildOptions(input({ field: 'tags', text: '99-accounts', search: answered('99-accounts', []) }), texts));
    assert.deepEqual(wrongType, []);
  });
});

describe('choosing and chips', () => {
  it('multi pickers add, and remove an item chosen again; single pickers replace', () => {
    const acme = { id: '12-accounts', label: 'Acme Corp' };
    const chosen: LinkItem[] = [acme];
    assert.deepEqual(toggleChoice(chosen, { id: '14-accounts', label: 'Acme Labs' }, true).map((i) => ('id' in i ? i.id : '')), [
      '12-accounts',
      '14-accounts',
    ]);
    assert.deepEqual(toggleChoice(chosen, { id: '12-accounts' }, true), []);
    assert.deepEqual(toggleChoice(chosen, { id: '2-users', label: 'Bob' }, false), [{ id: '2-users', label: 'Bob' }]);
  });

  it('chips show labels, new records marked, and ids only without a label', () => {
    const t = { newItem: (name: string) => `${name} (new)` };
    assert.equal(chipText({ id: '12-accounts', label: 'Acme Corp' }, t), 'Acme Corp');
    assert.equal(chipText({ id: '12-accounts', label: '  ' }, t), '12-accounts');
    assert.equal(chipText({ id: '12-accounts' }, t), '12-accounts');
    assert.equal(chipText({ create: { name: 'Acme' } }, t), 'Acme (new)');
    assert.equal(singleText([{ id: '2-users', label: 'Bob Boss' }]), 'Bob Boss');
    assert.equal(singleText([]), '');
  });
});

describe('applyProductPick', () => {
  const widget: PickerItem = { id: '6-products', name: 'Widget', price: '49.00' };

  it('links the product with its name, fills an empty price and quantity', () => {
    assert.deepEqual(applyProductPick({ product: { id: '' }, quantity: '', price: '' }, widget), {
      product: { id: '6-products', label: 'Widget' },
      quantity: '1',
      price: '49.00',
    });
  });

  it('never overwrites a typed price or quantity', () => {
    assert.deepEqual(applyProductPick({ product: { id: '10-products' }, quantity: '3', price: '45' }, widget), {
      product: { id: '6-products', label: 'Widget' },
      quantity: '3',
      price: '45',
    });
  });

  it('leaves the price empty when the product has none', () => {
    const line = applyProductPick({ product: { id: '' }, quantity: ' ', price: '  ' }, { id: '10-products', name: 'Gadget' });
    assert.equal(line.price, '  ');
    assert.equal(line.quantity, '1');
  });
});
