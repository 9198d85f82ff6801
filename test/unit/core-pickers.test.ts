import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PICKER_PAGE_SIZE, mapPickerResponse, pickerRequest, productPriceOf, recordsOf, toPickerItem } from '../../src/core/pickers.ts';

describe('pickerRequest', () => {
  it('owner lists /users and filters locally', () => {
    assert.deepEqual(pickerRequest('owner', ' ana ', 3), { path: '/users', query: {}, serverPaged: false, clientFiltered: true });
  });
  it('accounts and contacts are paged by the server', () => {
    assert.deepEqual(pickerRequest('accounts', ' Acme ', 2), {
      path: '/accounts',
      query: { q: 'Acme', 'page[limit]': 20, 'page[page]': 2 },
      serverPaged: true,
      clientFiltered: false,
    });
    assert.deepEqual(pickerRequest('contacts', '', 0).query, { q: undefined, 'page[limit]': 20, 'page[page]': 0 });
  });
  it('tags are limited to lead tags', () => {
    assert.deepEqual(pickerRequest('tags', 'hot', 0), { path: '/tags', query: { q: 'hot', 'filter[tagType]': 'leads' }, serverPaged: false, clientFiltered: false });
  });
  it('sources, products and competitors search by q', () => {
    for (const field of ['sources', 'products', 'competitors'] as const) {
      assert.deepEqual(pickerRequest(field, 'x', 1), { path: `/${field}`, query: { q: 'x' }, serverPaged: false, clientFiltered: false });
    }
  });
});

describe('recordsOf', () => {
  it('reads {collection: [...]}, a bare array, a single record, and nothing else', () => {
    assert.deepEqual(recordsOf('accounts', { accounts: [{ id: '1-accounts' }, 5, null] }), [{ id: '1-accounts' }]);
    assert.deepEqual(recordsOf('tags', [{ id: '1-tags' }]), [{ id: '1-tags' }]);
    assert.deepEqual(recordsOf('competitors', { competitors: { id: '2-competitors' } }), [{ id: '2-competitors' }]);
    assert.deepEqual(recordsOf('competitors', { id: '2-competitors', name: 'X' }), [{ id: '2-competitors', name: 'X' }]);
    assert.deepEqual(recordsOf('owner', { accounts: [{ id: '1-accounts' }] }), []);
    assert.deepEqual(recordsOf('owner', 'nope'), []);
  });
});

describe('toPickerItem', () => {
  it('makes {id, name, secondary} and checks the entity type', () => {
    assert.deepEqual(toPickerItem('accounts', { id: '1-accounts', name: ' Acme ', urls: [{ value: 'acme.com' }] }), {
      id: '1-accounts',
      name: 'Acme',
      secondary: 'acme.com',
    });
    assert.equal(toPickerItem('accounts', { id: '1-contacts', name: 'Wrong type' }), undefined);
    assert.equal(toPickerItem('accounts', { id: '1-accounts' }), undefined);
    assert.equal(toPickerItem('accounts', { name: 'No id' }), undefined);
  });
  it('skips deleted records and disabled users', () => {
    assert.equal(toPickerItem('accounts', { id: '1-accounts', name: 'Gone', deletedTime: 1700000000 }), undefined);
    assert.deepEqual(toPickerItem('accounts', { id: '1-accounts', name: 'Here', deletedTime: null }), { id: '1-accounts', name: 'Here' });
    assert.equal(toPickerItem('owner', { id: '3-users', name: 'Off', isEnabled: false }), undefined);
  });
  it('uses the primary email / phone as secondary text', () => {
    assert.deepEqual(
      toPickerItem('contacts', {
        id: '7-contacts',
        name: 'Bo Li',
        emails: [{ value: 'other@x.com' }, { value: 'bo@x.com', isPrimary: true }],
      }),
      { id: '7-contacts', name: 'Bo Li', secondary: 'bo@x.com' },
    );
    assert.deepEqual(toPickerItem('contacts', { id: '7-contacts', name: 'Bo', phones: [{ value: { formatted: '(734) 555-0100' } }] }), {
      id: '7-contacts',
      name: 'Bo',
      secondary: '(734) 555-0100',
    });
  });
  it('products get sku · price and a default price', () => {
    assert.deepEqual(
      toPickerItem('products', { id: '8-products', name: 'Scanner', sku: 'HW-BX200', price: { amount: '249.99', currency: 'USD', formatted: '$249.99' } }),
      { id: '8-products', name: 'Scanner', secondary: 'HW-BX200 · $249.99', price: '249.99' },
    );
  });
});

describe('productPriceOf', () => {
  it('reads number and string amounts, or prices by currency', () => {
    assert.equal(productPriceOf({ price: { amount: 79 } }), '79.00');
    assert.equal(productPriceOf({ price: { amount: '189.5' } }), '189.50');
    assert.equal(productPriceOf({ prices: { USD: { amount: '10' } } }), '10.00');
    assert.equal(productPriceOf({ price: { amount: 'free' } }), undefined);
    assert.equal(productPriceOf({}), undefined);
  });
});

describe('mapPickerResponse', () => {
  it('lists the signed-in user first among owners and filters by text', () => {
    const body = {
      users: [
        { id: '1-users', name: 'Ana Admin', emails: ['ana@x.com'] },
        { id: '2-users', name: 'Bo Boss', emails: [{ value: 'me@x.com', isPrimary: true }] },
        { id: '3-users', name: 'Cy Off', emails: ['cy@x.com'], isEnabled: false },
      ],
    };
    assert.deepEqual(mapPickerResponse('owner', body, { text: '', page: 0, currentUserEmail: 'ME@x.com' }), {
      items: [
        { id: '2-users', name: 'Bo Boss', secondary: 'me@x.com' },
        { id: '1-users', name: 'Ana Admin', secondary: 'ana@x.com' },
      ],
      hasMore: false,
    });
    assert.deepEqual(mapPickerResponse('owner', body, { text: 'ANA', page: 0 }).items, [{ id: '1-users', name: 'Ana Admin', secondary: 'ana@x.com' }]);
  });

  it('server-paged: hasMore from meta.total', () => {
    const accounts = Array.from({ length: PICKER_PAGE_SIZE }, (_, i) => ({ id: `${i + 1}-accounts`, name: `Account ${i + 1}` }));
    assert.equal(mapPickerResponse('accounts', { meta: { total: 45 }, accounts }, { text: '', page: 1 }).hasMore, true);
    assert.equal(mapPickerResponse('accounts', { meta: { total: 40 }, accounts }, { text: '', page: 1 }).hasMore, false);
    assert.equal(mapPickerResponse('accounts', { accounts }, { text: '', page: 0 }).hasMore, true);
    assert.equal(mapPickerResponse('accounts', { accounts: accounts.slice(0, 3) }, { text: '', page: 0 }).items.length, 3);
  });

  it('unpaged lists are paged locally', () => {
    const tags = Array.from({ length: 45 }, (_, i) => ({ id: `${i + 1}-tags`, name: `Tag ${i + 1}` }));
    const second = mapPickerResponse('tags', { tags }, { text: '', page: 1 });
    assert.equal(second.items.length, 20);
    assert.equal(second.items[0]?.id, '21-tags');
    assert.equal(second.hasMore, true);
    const third = mapPickerResponse('tags', { tags }, { text: '', page: 2 });
    assert.deepEqual(third.items.map((item) => item.id), ['41-tags', '42-tags', '43-tags', '44-tags', '45-tags']);
    assert.equal(third.hasMore, false);
  });

  it('garbage bodies give an empty page', () => {
    assert.deepEqual(mapPickerResponse('sources', '<html>', { text: '', page: 0 }), { items: [], hasMore: false });
  });
});
