import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildCreateLeadBody, dueTimeForDate } from '../../src/core/create-lead-request.ts';
import { emptyLeadDraft, validateLeadDraft } from '../../src/core/lead-schema.ts';
import type { ValidLeadDraft } from '../../src/core/lead-schema.ts';

function valid(overrides: Partial<ValidLeadDraft> = {}): ValidLeadDraft {
  return {
    description: 'Website redesign',
    manualValue: '',
    dueDate: '',
    owner: null,
    accounts: [],
    contacts: [],
    sources: [],
    tags: [],
    products: [],
    competitors: [],
    customFields: [],
    ...overrides,
  };
}

describe('buildCreateLeadBody', () => {
  it('sends only the description when nothing else is given (no empty strings, arrays or links)', () => {
    assert.deepEqual(buildCreateLeadBody(valid()), { leads: [{ description: 'Website redesign' }] });
    assert.equal(JSON.stringify(buildCreateLeadBody(valid())), '{"leads":[{"description":"Website redesign"}]}');
  });

  it('builds the exact body for a fully filled draft', () => {
    const body = buildCreateLeadBody(
      valid({
        manualValue: '$1,234.5',
        dueDate: '2026-12-31',
        owner: { id: '5-users', label: 'Ana Owner' },
        accounts: [{ id: '12-accounts', label: 'Acme' }, { create: { name: 'Newco Ltd' } }],
        contacts: [
          { id: '7-contacts', label: 'Bo' },
          { create: { name: 'Cy Dee', email: 'cy@example.com', phone: '+1 555 0101' } },
          { create: { name: 'Di Eve' } },
        ],
        sources: [{ id: '3-sources', label: 'Web' }],
        tags: [{ id: '9-tags' }, { id: '10-tags', label: 'Hot' }],
        products: [
          { product: { id: '4-products', label: 'Scanner' }, quantity: '2', price: '1,249.9' },
          { product: { id: '8-products' }, quantity: '', price: '' },
          { product: { id: '11-products' }, quantity: '5', price: '' },
          { product: { id: '12-products' }, quantity: '', price: '$19' },
        ],
        competitors: [{ id: '2-competitors', label: 'HubSpot' }],
        customFields: [
          { name: 'Project Brief', value: 'Migrate the site' },
          { name: 'Interests', value: ['Analytics', '', 'Support'] },
          { name: 'Budget', value: '' },
          { name: '', value: '' },
          { name: 'Empty list', value: ['', ''] },
        ],
      }),
    );
    assert.deepEqual(body, {
      leads: [
        {
          description: 'Website redesign',
          manualValue: '1234.50',
          dueTime: { timestamp: 1798718400 },
          customFields: {
            'Project Brief': 'Migrate the site',
            Interests: ['Analytics', 'Support'],
          },
          links: {
            owner: '5-users',
            accounts: ['12-accounts', { name: 'Newco Ltd' }],
            contacts: ['7-contacts', {
                name: 'Cy Dee',
                emails: [{ value: 'cy@example.com', isPrimary: true }],
                phones: [{ value: '+1 555 0101', isPrimary: true }],
              }, { name: 'Di Eve' }],
            sources: ['3-sources'],
            tags: ['9-tags', '10-tags'],
            productMaps: [
              { type: 'productMaps', productType: 'product', quantity: 2, price: { amount: '1249.90' }, links: { product: '4-products' } },
              { links: { product: '8-products' } },
              { type: 'productMaps', productType: 'product', quantity: 5, links: { product: '11-products' } },
              { type: 'productMaps', productType: 'product', price: { amount: '19.00' }, links: { product: '12-products' } },
            ],
            competitorMaps: ['2-competitors'],
          },
        },
      ],
    });
  });

  it('never sends picker labels', () => {
    const text = JSON.stringify(
      buildCreateLeadBody(
        valid({
          owner: { id: '5-users', label: 'LABEL-OWNER' },
          tags: [{ id: '1-tags', label: 'LABEL-TAG' }],
          products: [{ product: { id: '4-products', label: 'LABEL-PRODUCT' }, quantity: '', price: '' }],
        }),
      ),
    );
    assert.equal(text.includes('LABEL'), false, text);
    assert.equal(text.includes('"label"'), false, text);
  });

  it('sends the quantity as a JSON number and the price as a decimal string', () => {
    const text = JSON.stringify(buildCreateLeadBody(valid({ products: [{ product: { id: '4-products' }, quantity: '3', price: '10' }] })));
    assert.match(text, /"quantity":3[,}]/);
    assert.match(text, /"price":\{"amount":"10\.00"\}/);
  });

  it('omits an inline contact email or phone that is empty', () => {
    assert.deepEqual(buildCreateLeadBody(valid({ contacts: [{ create: { name: 'Ed', email: '', phone: '' } }] })), {
      leads: [{ description: 'Website redesign', links: { contacts: [{ name: 'Ed' }] } }],
    });
  });

  it('sends a multi-value custom field whose only values are blank as nothing', () => {
    assert.deepEqual(buildCreateLeadBody(valid({ customFields: [{ name: 'Interests', value: ['', ''] }] })), {
      leads: [{ description: 'Website redesign' }],
    });
  });

  it('keeps a custom field named like an Object.prototype member', () => {
    assert.deepEqual(
      buildCreateLeadBody(valid({ customFields: [{ name: 'constructor', value: 'a' }, { name: '__proto__', value: ['b'] }] })),
      { leads: [{ description: 'Website redesign', customFields: { constructor: 'a', ['__proto__']: ['b'] } }] },
    );
    assert.equal(
      JSON.stringify(buildCreateLeadBody(valid({ customFields: [{ name: '__proto__', value: 'x' }] }))),
      '{"leads":[{"description":"Website redesign","customFields":{"__proto__":"x"}}]}',
    );
  });

  it('works on what validateLeadDraft returns (trimmed input)', () => {
    const result = validateLeadDraft({
      description: '  Trimmed  ',
      manualValue: ' 1,000 ',
      dueDate: ' 2024-02-29 ',
      owner: null,
      accounts: [{ id: ' 12-accounts ', label: 'x' }],
      contacts: [{ create: { name: ' Zed ', email: ' zed@example.com ', phone: ' ' } }],
      sources: [],
      tags: [],
      products: [{ product: { id: '4-products' }, quantity: ' 1 ', price: ' ' }],
      competitors: [],
      customFields: [{ name: ' Notes ', value: [' a ', ' '] }],
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(buildCreateLeadBody(result.draft), {
      leads: [
        {
          description: 'Trimmed',
          manualValue: '1000.00',
          dueTime: { timestamp: 1709208000 },
          customFields: { Notes: ['a'] },
          links: {
            accounts: ['12-accounts'],
            contacts: [{ name: 'Zed', emails: [{ value: 'zed@example.com', isPrimary: true }] }],
            productMaps: [{ type: 'productMaps', productType: 'product', quantity: 1, links: { product: '4-products' } }],
          },
        },
      ],
    });
  });
});

describe('dueTimeForDate', () => {
  // Noon UTC of the day, hand-computed: 2026-01-01 is 20454 days after 1970-01-01.
  it('is noon UTC of the chosen date', () => {
    assert.deepEqual(dueTimeForDate('2026-01-01'), { timestamp: 1767268800 });
    assert.deepEqual(dueTimeForDate('2026-12-31'), { timestamp: 1798718400 });
    assert.deepEqual(dueTimeForDate('2026-03-01'), { timestamp: 1772366400 });
    assert.deepEqual(dueTimeForDate('2024-02-29'), { timestamp: 1709208000 });
    assert.deepEqual(dueTimeForDate('1970-01-01'), { timestamp: 43200 });
  });
  it('is undefined for an impossible date', () => {
    assert.equal(dueTimeForDate('2026-02-30'), undefined);
    assert.equal(dueTimeForDate(''), undefined);
  });
});

describe('buildCreateLeadBody with a custom field normalizer', () => {
  it('sends each custom field value through it, and only those', () => {
    const result = validateLeadDraft({
      ...emptyLeadDraft(),
      description: 'Normalized',
      manualValue: '10',
      customFields: [
        { name: 'Budget', value: '$1,250.00' },
        { name: 'Tags', value: ['x', ''] },
      ],
    });
    assert.ok(result.ok);
    const seen: [string, unknown][] = [];
    const body = buildCreateLeadBody(result.draft, (name, value) => {
      seen.push([name, value]);
      return name === 'Budget' ? '1250.00' : value;
    });
    assert.deepEqual(body, {
      leads: [{ description: 'Normalized', manualValue: '10.00', customFields: { Budget: '1250.00', Tags: ['x'] } }],
    });
    assert.deepEqual(seen, [
      ['Budget', '$1,250.00'],
      ['Tags', ['x']],
    ]);
  });
});
