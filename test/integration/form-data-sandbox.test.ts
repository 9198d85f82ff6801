/**
 * The form's data calls against the sandbox over loopback: every picker endpoint with its query
 * parameters, paging, inline creation of companies and people, default resolution, the lead
 * custom fields, and selection suggestions.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildCreateLeadBody } from '../../src/core/create-lead-request.ts';
import { loadCustomFields, resolveDefaults, resolveSuggestions, searchPicker } from '../../src/core/form-data.ts';
import { validateLeadDraft, emptyLeadDraft } from '../../src/core/lead-schema.ts';
import { NutshellClient } from '../../src/core/nutshell-client.ts';
import type { Logger } from '../../src/core/redact.ts';
import { captureSelection } from '../../src/core/selection-capture.ts';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox } from '../sandbox/server.ts';

let sandbox: Sandbox;
let client: NutshellClient;
const warnings: string[] = [];
const logger: Logger = { info() {}, debug() {}, error: (m) => warnings.push(m), warn: (m) => warnings.push(m) };

before(async () => {
  sandbox = await startSandbox();
  client = new NutshellClient({
    baseUrl: sandbox.apiBaseUrl,
    credentials: DEMO_CREDENTIALS,
    timeoutMs: 3000,
    userAgent: 'nutshell-lead-capture/test',
  });
});
after(async () => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  warnings.length = 0;
});

function lastQuery(): { path: string; query: Record<string, string> } {
  const request = sandbox.requests.at(-1);
  assert.ok(request, 'a request was made');
  return { path: request.path, query: request.query };
}

describe('picker searches against the sandbox', () => {
  it('owner: GET /users without q, filtered here, signed-in user first', async () => {
    const page = await searchPicker(client, 'owner', '', 0, { currentUserEmail: 'demo@example.com' });
    assert.deepEqual(lastQuery(), { path: '/rest/users', query: {} });
    assert.equal(page.items[0]?.name, 'Demo User');
    assert.equal(page.items[0]?.secondary, 'demo@example.com');
    assert.ok(page.items.every((item) => /^\d+-users$/.test(item.id)));
    const filtered = await searchPicker(client, 'owner', 'PRI', 0);
    assert.deepEqual(filtered.items, [{ id: '3-users', name: 'Priya Raman', secondary: 'priya.raman@example.com' }]);
  });

  it('companies: GET /accounts with q and paging', async () => {
    const page = await searchPicker(client, 'accounts', 'acme', 0);
    assert.deepEqual(lastQuery(), { path: '/rest/accounts', query: { q: 'acme', 'page[limit]': '20', 'page[page]': '0' } });
    assert.deepEqual(page.items[0], { id: '1-accounts', name: 'Acme Widgets', secondary: 'https://www.acme-widgets.example' });
  });

  it('companies: pages through all seeded accounts', async () => {
    const first = await searchPicker(client, 'accounts', '', 0);
    assert.equal(first.items.length, 20);
    assert.equal(first.hasMore, true);
    const third = await searchPicker(client, 'accounts', '', 2);
    assert.deepEqual(lastQuery().query, { 'page[limit]': '20', 'page[page]': '2' });
    assert.equal(third.items.length, 16, 'the sandbox seeds 56 companies: 20 + 20 + 16');
    assert.equal(third.hasMore, false);
    assert.equal(new Set([...first.items, ...third.items].map((item) => item.id)).size, 36);
  });

  it('people: GET /contacts matches on email too', async () => {
    const page = await searchPicker(client, 'contacts', 'olivia.smith@acme', 0);
    assert.deepEqual(lastQuery(), {
      path: '/rest/contacts',
      query: { q: 'olivia.smith@acme', 'page[limit]': '20', 'page[page]': '0' },
    });
    assert.deepEqual(page.items, [{ id: '1-contacts', name: 'Olivia Smith', secondary: 'olivia.smith@acme-widgets.example' }]);
  });

  it('sources, tags (leads only), products (by SKU, with price) and competitors', async () => {
    const sources = await searchPicker(client, 'sources', 'goo', 0);
    assert.deepEqual(lastQuery(), { path: '/rest/sources', query: { q: 'goo' } });
    assert.deepEqual(
      sources.items.map((item) => [item.name, item.secondary]),
      [
        ['Google', 'Organic search'],
        ['Google Ads', 'Paid search'],
      ],
    );
    const tags = await searchPicker(client, 'tags', 'ent', 0);
    assert.deepEqual(lastQuery(), { path: '/rest/tags', query: { q: 'ent', 'filter[tagType]': 'leads' } });
    assert.ok(tags.items.some((item) => item.name === 'Enterprise'));
    const products = await searchPicker(client, 'products', 'PLN-GROW', 0);
    assert.deepEqual(lastQuery(), { path: '/rest/products', query: { q: 'PLN-GROW' } });
    assert.deepEqual(products.items, [
      { id: '2-products', name: 'Growth Plan (Annual)', secondary: 'PLN-GROW-12 · $4,800.00', price: '4800.00' },
    ]);
    const competitors = await searchPicker(client, 'competitors', 'hub', 0);
    assert.deepEqual(lastQuery(), { path: '/rest/competitors', query: { q: 'hub' } });
    assert.deepEqual(competitors.items, [{ id: '2-competitors', name: 'HubSpot' }]);
  });

  it('no matches is an empty page, not an error', async () => {
    const page = await searchPicker(client, 'accounts', 'zzzz-no-such-company', 0);
    assert.deepEqual(page, { items: [], hasMore: false });
  });
});

describe('inline creation', () => {
  it('creates a new company and a new person with the lead', async () => {
    const validation = validateLeadDraft({
      ...emptyLeadDraft(),
      description: 'Inline records',
      accounts: [{ create: { name: 'Zephyr Robotics' } }],
      contacts: [{ create: { name: 'Nia Okafor', email: 'nia@zephyr.example', phone: '+1 734 555 0199' } }],
    });
    assert.ok(validation.ok);
    await client.createLead(buildCreateLeadBody(validation.draft));
    const posted = sandbox.requests.find((request) => request.method === 'POST');
    assert.deepEqual((posted?.body as { leads: { links: unknown }[] }).leads[0]?.links, {
      accounts: [{ name: 'Zephyr Robotics' }],
      contacts: [
        {
          name: 'Nia Okafor',
          emails: [{ value: 'nia@zephyr.example', isPrimary: true }],
          phones: [{ value: '+1 734 555 0199', isPrimary: true }],
        },
      ],
    });
    const company = await searchPicker(client, 'accounts', 'zephyr', 0);
    assert.deepEqual(company.items.map((item) => item.name), ['Zephyr Robotics']);
    const person = await searchPicker(client, 'contacts', 'nia@zephyr', 0);
    assert.deepEqual(person.items.map((item) => item.name), ['Nia Okafor']);
  });
});

describe('custom fields, defaults and suggestions', () => {
  it('reads the lead custom fields with their kinds; an unknown type becomes text and is logged', async () => {
    const fields = await loadCustomFields(client, logger);
    assert.deepEqual(lastQuery(), { path: '/rest/leads/customfields/attributes', query: {} });
    const kinds = Object.fromEntries(fields.map((field) => [field.name, field.kind]));
    assert.equal(kinds['Favorite Number'], 'number');
    assert.equal(kinds['Budget'], 'currency');
    assert.equal(kinds['Go-Live Date'], 'date');
    assert.equal(kinds['Billing Email'], 'email');
    assert.equal(kinds['Callback Phone'], 'phone');
    assert.equal(kinds['Project Website'], 'url');
    assert.equal(kinds['Deal Type'], 'choice');
    assert.equal(kinds['Interests'], 'multiChoice');
    assert.equal(kinds['Office Location'], 'text');
    assert.deepEqual(fields.find((field) => field.name === 'Deal Type')?.choices, ['New Business', 'Renewal', 'Upsell']);
    assert.ok(warnings.some((warning) => warning.includes('Office Location') && warning.includes('geolocation')));
  });

  it('resolves default ids to names and reports the ones that no longer exist', async () => {
    const resolved = await resolveDefaults(
      client,
      { owner: '3-users', sources: ['1-sources', '999-sources'], tags: ['2-tags'] },
      logger,
    );
    assert.deepEqual(resolved, {
      defaults: {
        owner: { id: '3-users', label: 'Priya Raman' },
        sources: [{ id: '1-sources', label: 'Google' }],
        tags: [{ id: '2-tags', label: 'SMB' }],
      },
      missing: ['999-sources'],
    });
  });

  it('a failed lookup drops the default without calling it missing', async () => {
    sandbox.inject({ kind: 'status', status: 500, path: '/users' });
    const resolved = await resolveDefaults(client, { owner: '3-users', sources: [], tags: [] }, logger);
    assert.deepEqual(resolved, { defaults: {}, missing: [] });
    assert.ok(warnings.some((warning) => warning.includes('owner')));
  });

  it('suggests existing records when the selection names them, and new ones otherwise', async () => {
    const capture = captureSelection(
      'Renewal call\nBest regards,\nOlivia Smith\nAcme Widgets Inc.\nolivia.smith@acme-widgets.example\n\nAlso cc: nia@zephyr.example',
    );
    const suggestions = await resolveSuggestions(client, capture, logger);
    assert.deepEqual(suggestions.contacts[0], {
      label: 'Olivia Smith',
      ref: { id: '1-contacts', label: 'Olivia Smith' },
      secondary: 'olivia.smith@acme-widgets.example',
    });
    assert.deepEqual(suggestions.contacts[1], {
      label: 'Nia',
      ref: { create: { name: 'Nia', email: 'nia@zephyr.example' } },
      secondary: 'nia@zephyr.example',
    });
    assert.deepEqual(suggestions.accounts[0], {
      label: 'Acme Widgets',
      ref: { id: '1-accounts', label: 'Acme Widgets' },
      secondary: 'https://www.acme-widgets.example',
    });
    const contactLookup = sandbox.requests.find((request) => request.query['email'] === 'olivia.smith@acme-widgets.example');
    assert.equal(contactLookup?.path, '/rest/contacts');
  });
});
