import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DEMO_CREDENTIALS, basicAuthHeader, startSandbox } from '../sandbox/server.ts';
import type { FullLead, Sandbox } from '../sandbox/server.ts';

// JSON bodies read off the wire are inspected loosely; assertions check the real values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let sb: Sandbox;
const AUTH = basicAuthHeader(DEMO_CREDENTIALS);

before(async () => {
  sb = await startSandbox();
});
after(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
});

async function api(path: string, init: RequestInit & { auth?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', init.auth ?? AUTH);
  return fetch(sb.apiBaseUrl + path, { ...init, headers });
}

async function getJson(path: string): Promise<{ status: number; body: Json }> {
  const res = await api(path);
  return { status: res.status, body: await res.json() };
}

async function postLead(lead: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return api('/leads', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ leads: [lead] }),
  });
}

describe('auth', () => {
  test('missing, malformed and wrong credentials get 401 with WWW-Authenticate and an errors body', async () => {
    for (const auth of [null, 'Bearer abc', basicAuthHeader({ email: 'demo@example.com', apiKey: 'wrong' })]) {
      const res = await api('/users', { auth });
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Nutshell"');
      const body = (await res.json()) as Json;
      assert.equal(body.errors.length, 1);
      assert.equal(body.errors[0].status, '401');
      assert.equal(body.errors[0].title, 'Unauthorized');
      assert.equal(typeof body.errors[0].detail, 'string');
    }
  });

  test('correct credentials work; other configured credentials too', async () => {
    assert.equal((await api('/users')).status, 200);
    const other = await startSandbox({ credentials: [{ email: 'a@b.example', apiKey: 'k:with:colons' }] });
    try {
      const ok = await fetch(`${other.apiBaseUrl}/users`, { headers: { authorization: basicAuthHeader({ email: 'a@b.example', apiKey: 'k:with:colons' }) } });
      assert.equal(ok.status, 200);
      const demo = await fetch(`${other.apiBaseUrl}/users`, { headers: { authorization: AUTH } });
      assert.equal(demo.status, 401);
    } finally {
      await other.close();
    }
  });

  test('unknown route is a JSON 404; /lead pages need no auth', async () => {
    const res = await api('/nope');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as Json).errors[0].status, '404');
    const page = await fetch(`${sb.origin}/lead/1001`);
    assert.equal(page.status, 404);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  test('refuses non-loopback hosts', async () => {
    await assert.rejects(startSandbox({ host: '0.0.0.0' }), /non-loopback/);
  });
});

describe('POST /leads', () => {
  test('valid create returns 201 with a bare FullLead and increments ids', async () => {
    const res = await postLead({
      description: 'Car Wash Inc.',
      manualValue: '1999.5',
      dueTime: { timestamp: 1716897600 },
      customFields: { 'Deal Type': 'Renewal', Interests: ['Analytics', 'Support'], 'Favorite Number': '12' },
      links: { owner: '2-users', sources: ['1-sources'], tags: ['1-tags'], competitorMaps: ['2-competitors'] },
    });
    assert.equal(res.status, 201);
    const lead = (await res.json()) as FullLead;
    assert.equal(lead.id, '1001-leads');
    assert.equal(lead.number, 1001);
    assert.equal(lead.name, 'Car Wash Inc.');
    assert.equal(lead.description, 'Car Wash Inc.');
    assert.equal(lead.status, 'open');
    assert.deepEqual(lead.value, { amount: '1999.50', currency: 'USD', formatted: '$1,999.50' });
    assert.equal(lead.dueTime, '2024-05-28T12:00:00.000Z');
    assert.equal(typeof lead.createdTime.timestamp, 'number');
    assert.ok(Math.abs(lead.createdTime.timestamp - Date.now() / 1000) < 60);
    assert.equal(lead.href, `${sb.apiBaseUrl}/leads/1001-leads`);
    assert.equal(lead.htmlUrl, `${sb.origin}/lead/1001`);
    assert.equal(lead.htmlUrlPath, '/lead/1001');
    assert.equal(lead.initials, 'CW');
    assert.equal(lead.isOverdue, false);
    assert.equal(lead.priority, 0);
    assert.equal(lead.ownerType, 'users');
    assert.equal(lead.links.owner, '2-users');
    assert.deepEqual(lead.links.sources, ['1-sources']);
    assert.deepEqual(lead.links.tags, ['1-tags']);
    assert.equal(lead.links.competitorMaps.length, 1);
    assert.equal(res.headers.get('location'), lead.href);

    const second = (await (await postLead({ description: 'Second' })).json()) as FullLead;
    assert.equal(second.id, '1002-leads');
    assert.equal(second.number, 1002);
    assert.equal(second.value.amount, '0.00');
    assert.equal(second.links.owner, '1-users', 'defaults to the authenticated user');
    assert.equal(second.dueTime, undefined);
    assert.deepEqual(sb.leads.map((l) => l.id), ['1001-leads', '1002-leads']);

    const page = await fetch(lead.htmlUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<h1>Lead #1001: Car Wash Inc\.<\/h1>/);

    const got = await getJson('/leads/1001-leads');
    assert.equal(got.body.id, '1001-leads');
    const cf = await getJson('/leads/1001-leads/customfields');
    assert.deepEqual(
      cf.body.map((f: Json) => [f.name, f.value]),
      [['Favorite Number', '12'], ['Deal Type', 'Renewal'], ['Interests', ['Analytics', 'Support']]],
    );
  });

  test('dueTime also accepts an ISO-8601 string; value is computed from product maps', async () => {
    const res = await postLead({
      description: 'Hardware order',
      dueTime: '2024-06-01',
      links: {
        productMaps: [
          { type: 'productMaps', productType: 'product', quantity: 2, links: { product: '8-products' } },
          { type: 'productMaps', productType: 'product', price: { amount: '100.00', currency: 'USD' }, links: { product: '10-products' } },
          { links: { product: '14-products' } },
        ],
      },
    });
    assert.equal(res.status, 201);
    const lead = (await res.json()) as FullLead;
    assert.equal(lead.dueTime, '2024-06-01T00:00:00.000Z');
    // 2 x 249.99 + 1 x 100.00 (custom price) + 1 x 39.99
    assert.equal(lead.value.amount, '639.97');
    assert.equal(lead.links.productMaps.length, 3);
    const pm = await getJson(`/productmaps/${lead.links.productMaps[0] ?? ''}`);
    assert.equal(pm.body.productMaps[0].quantity, 2);
    assert.equal(pm.body.productMaps[0].links.product, '8-products');
  });

  test('x-sandbox-envelope: leads wraps the response; configure() does it globally', async () => {
    const wrapped = (await (await postLead({ description: 'Wrapped' }, { 'x-sandbox-envelope': 'leads' })).json()) as Json;
    assert.equal(wrapped.leads.length, 1);
    assert.equal(wrapped.leads[0].id, '1001-leads');
    sb.configure({ leadEnvelope: 'leads' });
    const alsoWrapped = (await (await postLead({ description: 'Also' })).json()) as Json;
    assert.equal(alsoWrapped.leads[0].id, '1002-leads');
    const bare = (await (await postLead({ description: 'Bare' }, { 'x-sandbox-envelope': 'bare' })).json()) as Json;
    assert.equal(bare.id, '1003-leads');
  });

  test('validation collects all errors with JSON pointers and creates nothing', async () => {
    const res = await postLead({
      description: '   ',
      manualValue: 12,
      dueTime: { timestamp: 1716897600000 },
      customFields: { 'No Such Field': 'x', 'Deal Type': 'Other', 'Seats Requested': 'ten', Interests: ['Analytics', 'Cooking'] },
      links: {
        owner: '99-users',
        accounts: ['5-contacts', '999-accounts'],
        contacts: [42],
        sources: ['1-source'],
        tags: ['18-tags'],
        competitorMaps: ['77-competitors'],
        productMaps: [
          { quantity: 2, links: { product: '1-products' } },
          { productType: 'product', quantity: 0, price: { amount: 5 }, links: { product: '999-products' } },
          { productType: 'product' },
        ],
      },
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as Json;
    const pointers = body.errors.map((e: Json) => e.source.pointer);
    assert.deepEqual(pointers, [
      '/leads/0/description',
      '/leads/0/manualValue',
      '/leads/0/dueTime/timestamp',
      '/leads/0/customFields/No Such Field',
      '/leads/0/customFields/Deal Type',
      '/leads/0/customFields/Seats Requested',
      '/leads/0/customFields/Interests/1',
      '/leads/0/links/owner',
      '/leads/0/links/accounts/0',
      '/leads/0/links/accounts/1',
      '/leads/0/links/contacts/0',
      '/leads/0/links/sources/0',
      '/leads/0/links/tags/0',
      '/leads/0/links/competitorMaps/0',
      '/leads/0/links/productMaps/0/productType',
      '/leads/0/links/productMaps/1/links/product',
      '/leads/0/links/productMaps/1/quantity',
      '/leads/0/links/productMaps/1/price/amount',
      '/leads/0/links/productMaps/2/links/product',
    ]);
    for (const e of body.errors) {
      assert.equal(e.status, '400');
      assert.equal(typeof e.title, 'string');
      assert.ok(e.detail.length > 10, e.detail);
    }
    assert.match(body.errors[0].detail, /must not be empty/);
    assert.match(body.errors[2].detail, /milliseconds/);
    assert.equal(sb.leads.length, 0);
  });

  test('envelope-level errors: not one lead, bad JSON, wrong content type', async () => {
    const two = await api('/leads', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leads: [{ description: 'a' }, { description: 'b' }] }),
    });
    assert.equal(two.status, 400);
    assert.equal(((await two.json()) as Json).errors[0].source.pointer, '/leads');
    const noLeads = await api('/leads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lead":{}}' });
    assert.equal(((await noLeads.json()) as Json).errors[0].source.pointer, '/leads');
    const badJson = await api('/leads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"leads":[' });
    assert.equal(badJson.status, 400);
    const form = await api('/leads', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(form.status, 415);
    assert.equal(sb.leads.length, 0);
  });

  test('inline account and contact objects create linked records', async () => {
    const before = (await getJson('/accounts?q=Brand%20New')).body.meta.total;
    assert.equal(before, 0);
    const res = await postLead({
      description: 'Inline',
      links: {
        accounts: ['1-accounts', { name: 'Brand New Widgets LLC', phones: ['(734) 555-0199'], urls: ['https://brand-new.example'] }],
        contacts: [{ name: 'Jane Q. Doe', emails: ['jane@brand-new.example'], phone: '+1 734 555 0142' }],
      },
    });
    assert.equal(res.status, 201);
    const lead = (await res.json()) as FullLead;
    assert.equal(lead.links.accounts.length, 2);
    assert.equal(lead.links.accounts[0], '1-accounts');
    const newAccountId = lead.links.accounts[1] ?? '';
    assert.match(newAccountId, /^\d+-accounts$/);
    const acc = await getJson(`/accounts/${newAccountId}`);
    assert.equal(acc.body.accounts[0].name, 'Brand New Widgets LLC');
    assert.equal(acc.body.accounts[0].phones[0].value.E164, '+17345550199');
    const contactId = lead.links.contacts[0] ?? '';
    const contact = await getJson(`/contacts/${contactId}`);
    assert.equal(contact.body.contacts[0].name, 'Jane Q. Doe');
    assert.equal(contact.body.contacts[0].lastName, 'Doe');
    assert.equal(contact.body.contacts[0].emails[0].value, 'jane@brand-new.example');
    assert.equal((await getJson('/accounts?q=brand%20new')).body.meta.total, 1);
    // an inline object with an id is a likely client mistake
    const mixed = await postLead({ description: 'x', links: { accounts: [{ id: '1-accounts' }] } });
    assert.equal(mixed.status, 400);
    assert.equal(((await mixed.json()) as Json).errors[0].source.pointer, '/leads/0/links/accounts/0/id');
  });
});

describe('faults', () => {
  test('status fault with headers, consumed `times` times, then normal', async () => {
    sb.inject({ kind: 'status', status: 429, headers: { 'retry-after': '7' }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await api('/users');
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.equal(((await res.json()) as Json).errors[0].status, '429');
    }
    assert.equal((await api('/users')).status, 200);
  });

  test('status fault with a custom body; faults apply before auth', async () => {
    sb.inject({ kind: 'status', status: 503, body: { message: 'maintenance' } });
    const res = await api('/users', { auth: null });
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), { message: 'maintenance' });
  });

  test('method/path filters: only matching requests consume the fault', async () => {
    sb.inject({ kind: 'status', status: 500, method: 'POST', path: '/leads' });
    assert.equal((await api('/users')).status, 200);
    assert.equal((await api('/leads')).status, 200, 'GET /leads does not match a POST fault');
    assert.equal((await postLead({ description: 'x' })).status, 500);
    assert.equal((await postLead({ description: 'x' })).status, 201);
  });

  test('delay answers normally after the delay, and trips client timeouts', async () => {
    sb.inject({ kind: 'delay', ms: 150 });
    const t0 = Date.now();
    const res = await api('/users');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 140, `took ${Date.now() - t0} ms`);
    sb.inject({ kind: 'delay', ms: 2000 });
    await assert.rejects(api('/users', { signal: AbortSignal.timeout(50) }), (err: Error) => err.name === 'TimeoutError');
  });

  test('nonJson answers an HTML page', async () => {
    sb.inject({ kind: 'nonJson' });
    const res = await api('/users');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /^<!doctype html><html/);
    sb.inject({ kind: 'nonJson', status: 502 });
    assert.equal((await api('/users')).status, 502);
  });

  test('drop destroys the socket', async () => {
    sb.inject({ kind: 'drop' });
    await assert.rejects(api('/users'), TypeError);
    assert.equal((await api('/users')).status, 200);
  });

  test('invalid faults are rejected; clearFaults empties the queue', () => {
    assert.throws(() => sb.inject({ kind: 'status' } as never), /status/);
    sb.inject({ kind: 'status', status: 500, times: 5 });
    sb.clearFaults();
    return api('/users').then((res) => assert.equal(res.status, 200));
  });

  test('close() is fast even with a pending delay', async () => {
    const other = await startSandbox();
    other.inject({ kind: 'delay', ms: 60_000 });
    const pending = fetch(`${other.apiBaseUrl}/users`, { headers: { authorization: AUTH } }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await other.close();
    assert.ok(Date.now() - t0 < 500);
    assert.ok((await pending) instanceof Error);
  });
});

describe('lists and search', () => {
  test('GET /users follows UserResponse', async () => {
    const { body } = await getJson('/users');
    assert.equal(body.meta.total, body.users.length);
    assert.ok(body.users.length >= 5);
    assert.equal(body.users[0].id, '1-users');
    assert.deepEqual(body.users[0].emails, ['demo@example.com']);
    assert.equal(typeof body.users[0].isEnabled, 'boolean');
    assert.ok(body.users.some((u: Json) => u.isEnabled === false));
    const one = await getJson('/users/2-users');
    assert.equal(one.body.users[0].id, '2-users');
    assert.equal((await api('/users/999-users')).status, 404);
  });

  test('accounts: q is case-insensitive on name and email; 0-based paging with meta', async () => {
    const all = await getJson('/accounts');
    assert.ok(all.body.meta.total >= 50);
    assert.equal(all.body.accounts.length, 20, 'default limit 20');
    assert.match(all.body.meta.next, /page\[page\]=1/);
    assert.equal(all.body.meta.previous, undefined);

    const q = await getJson('/accounts?q=ACME');
    assert.deepEqual(q.body.accounts.map((a: Json) => a.name), ['Acme Widgets']);
    const byEmail = await getJson('/accounts?q=info%40northwind');
    assert.deepEqual(byEmail.body.accounts.map((a: Json) => a.name), ['Northwind Traders']);

    const p0 = await getJson('/accounts?page[limit]=5&page[page]=0');
    const p1 = await getJson('/accounts?page[limit]=5&page[page]=1');
    assert.equal(p1.body.accounts.length, 5);
    assert.equal(p1.body.meta.count, 5);
    assert.notEqual(p0.body.accounts[0].id, p1.body.accounts[0].id);
    assert.equal(p1.body.accounts[0].id, '6-accounts');
    assert.match(p1.body.meta.previous, /page\[page\]=0/);
    const big = await getJson('/accounts?page[limit]=500');
    assert.equal(big.body.accounts.length, Math.min(100, big.body.meta.total));
    const bad = await api('/accounts?page[page]=-1');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as Json).errors[0].source.parameter, 'page[page]');
  });

  test('contacts: ContactResponse keys plus meta.total, search by email', async () => {
    const { body } = await getJson('/contacts?page[limit]=10');
    assert.ok(body.meta.total >= 80);
    assert.equal(body.contacts.length, 10);
    assert.equal(typeof body.links, 'object');
    const c = body.contacts[0];
    assert.match(c.id, /^\d+-contacts$/);
    assert.ok(Array.isArray(c.emails) && typeof c.emails[0].value === 'string');
    const email = c.emails[0].value as string;
    const found = await getJson(`/contacts?q=${encodeURIComponent(email.toUpperCase())}`);
    assert.ok(found.body.contacts.some((x: Json) => x.id === c.id));
    const linked = body.contacts.find((x: Json) => x.links.accounts.length > 0);
    assert.ok(linked, 'some contacts are linked to accounts');
  });

  test('tags filtered by tagType', async () => {
    const all = await getJson('/tags');
    assert.ok(all.body.tags.length >= 20);
    const leads = await getJson('/tags?filter[tagType]=leads');
    assert.ok(leads.body.tags.length > 0 && leads.body.tags.length < all.body.tags.length);
    assert.ok(leads.body.tags.every((t: Json) => t.tagType === 'leads'));
    const contacts = await getJson('/tags?filter[tagType]=contacts&q=vip');
    assert.deepEqual(contacts.body.tags.map((t: Json) => t.name), ['VIP']);
    assert.equal((await api('/tags?filter[tagType]=deals')).status, 400);
  });

  test('products: q matches SKU or name; prices present', async () => {
    const bySku = await getJson('/products?q=hw-bx200');
    assert.deepEqual(bySku.body.products.map((p: Json) => p.name), ['Barcode Scanner BX-200']);
    const p = bySku.body.products[0];
    assert.equal(p.sku, 'HW-BX200');
    assert.deepEqual(p.price, { amount: 249.99, currency: 'USD', formatted: '$249.99', currencySymbol: '$' });
    assert.deepEqual(p.prices['1-markets'], p.price);
    const byName = await getJson('/products?q=plan');
    assert.equal(byName.body.products.length, 3);
    const single = await getJson('/products/8-products');
    assert.equal(single.body.products[0].sku, 'HW-BX200');
  });

  test('sources, competitors, custom field attributes', async () => {
    assert.deepEqual((await getJson('/sources?q=google')).body.sources.map((s: Json) => s.name), ['Google', 'Google Ads']);
    const comps = await getJson('/competitors?q=hub');
    assert.deepEqual(comps.body.competitors.map((c: Json) => c.name), ['HubSpot']);
    const one = await getJson('/competitors/2-competitors');
    assert.equal(one.body.competitors[0].name, 'HubSpot');
    assert.equal(one.body.name, 'HubSpot');
    const { body } = await getJson('/leads/customfields/attributes');
    assert.ok(Array.isArray(body));
    const types = new Set(body.map((f: Json) => f.type));
    for (const t of ['text', 'number', 'currency', 'date', 'email', 'phone', 'url', 'enum', 'geolocation']) assert.ok(types.has(t), t);
    const multi = body.find((f: Json) => f.type === 'enum' && f.isMultiple);
    const single = body.find((f: Json) => f.type === 'enum' && !f.isMultiple);
    assert.ok(multi.choices.length > 1 && single.choices.length > 1);
    assert.match(body[0].id, /^\d+-customfields$/);
  });
});

describe('recording and control API', () => {
  test('records method, path, query, lower-cased headers, raw and parsed body', async () => {
    await api('/accounts?q=acme&page[limit]=3', { headers: { 'X-Custom-Thing': 'Yes' } });
    await postLead({ description: 'Recorded' });
    assert.equal(sb.requests.length, 2);
    const [get, post] = sb.requests;
    assert.equal(get?.method, 'GET');
    assert.equal(get?.path, '/rest/accounts');
    assert.deepEqual(get?.query, { q: 'acme', 'page[limit]': '3' });
    assert.equal(get?.headers['x-custom-thing'], 'Yes');
    assert.equal(get?.headers.authorization, AUTH);
    assert.equal(post?.rawBody, JSON.stringify({ leads: [{ description: 'Recorded' }] }));
    assert.deepEqual(post?.body, { leads: [{ description: 'Recorded' }] });
    assert.equal(post?.headers['content-type'], 'application/json');
    assert.ok(typeof post?.time === 'number' && post.time >= (get?.time ?? Infinity));
  });

  test('control endpoints over HTTP', async () => {
    const ctl = (path: string, init: RequestInit = {}) => fetch(`${sb.origin}/__sandbox${path}`, init);
    assert.deepEqual(((await (await ctl('/health')).json()) as Json).ok, true);
    const injected = await ctl('/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'status', status: 502 }) });
    assert.equal(injected.status, 200);
    assert.equal((await api('/users')).status, 502);
    await ctl('/faults', { method: 'POST', body: JSON.stringify({ kind: 'status', status: 500, times: 3 }) });
    await ctl('/faults', { method: 'DELETE' });
    assert.equal((await api('/users')).status, 200);
    assert.equal((await ctl('/faults', { method: 'POST', body: '{"kind":"explode"}' })).status, 400);

    await postLead({ description: 'Via control' });
    const leads = (await (await ctl('/leads')).json()) as Json[];
    assert.deepEqual(leads.map((l) => l.name), ['Via control']);
    const reqs = (await (await ctl('/requests')).json()) as Json[];
    assert.deepEqual(reqs.map((r) => `${r.method} ${r.path}`), ['GET /rest/users', 'GET /rest/users', 'POST /rest/leads']);
    assert.equal((await ctl('/requests', { method: 'DELETE' })).status, 200);
    assert.equal(sb.requests.length, 0, 'control calls are not recorded');

    await ctl('/config', { method: 'POST', body: JSON.stringify({ leadEnvelope: 'leads' }) });
    assert.equal(((await (await postLead({ description: 'Env' })).json()) as Json).leads[0].name, 'Env');

    assert.equal((await ctl('/reset', { method: 'POST' })).status, 200);
    assert.equal(sb.leads.length, 0);
    assert.equal(sb.requests.length, 0);
    assert.equal(((await (await postLead({ description: 'After reset' })).json()) as Json).id, '1001-leads', 'ids restart and envelope is bare again');
  });

  test('reset() clears leads, requests, faults and inline-created records; arrays keep identity', async () => {
    const leadsRef = sb.leads;
    const requestsRef = sb.requests;
    await postLead({ description: 'x', links: { accounts: [{ name: 'Temporary Co' }] } });
    sb.inject({ kind: 'status', status: 500 });
    sb.reset();
    assert.equal(sb.leads, leadsRef);
    assert.equal(sb.requests, requestsRef);
    assert.equal(leadsRef.length, 0);
    assert.equal(requestsRef.length, 0);
    assert.equal((await getJson('/accounts?q=Temporary')).body.meta.total, 0);
    assert.equal((await api('/users')).status, 200, 'fault was cleared');
  });
});

describe('cli', () => {
  test('prints one JSON line, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['test/sandbox/cli.ts', '--email', 'cli@example.com', '--api-key', 'cli-key'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`cli exited early (${code}): ${stderr}`)));
    });
    const info = JSON.parse(firstLine) as { origin: string; apiBaseUrl: string; email: string; apiKey: string };
    assert.match(info.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.apiBaseUrl, `${info.origin}/rest`);
    assert.equal(info.email, 'cli@example.com');
    const res = await fetch(`${info.apiBaseUrl}/users`, { headers: { authorization: basicAuthHeader(info) } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(stderr, /GET \/rest\/users -> 200/);
  });
});
