import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOM_FIELD_VALUE_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  emptyLeadDraft,
  fieldKeyForPath,
  isAmount,
  isBlankCustomFieldValue,
  isEmail,
  normalizeAmount,
  parseCalendarDate,
  validateLeadDraft,
} from '../../src/core/lead-schema.ts';
import type { FieldError, LeadDraft } from '../../src/core/lead-schema.ts';

function draft(overrides: Partial<LeadDraft> = {}): LeadDraft {
  return { ...emptyLeadDraft(), description: 'New website', ...overrides };
}

function errorsOf(input: unknown): FieldError[] {
  const result = validateLeadDraft(input);
  assert.equal(result.ok, false, 'expected the draft to be rejected');
  return result.ok ? [] : result.errors;
}

function acceptedDraft(input: unknown) {
  const result = validateLeadDraft(input);
  if (!result.ok) {
    assert.fail(`expected the draft to be accepted, got ${JSON.stringify(result.errors)}`);
  }
  return result.draft;
}

describe('validateLeadDraft: a minimal draft', () => {
  it('accepts a description and nothing else', () => {
    assert.deepEqual(acceptedDraft(draft()), {
      description: 'New website',
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
    });
  });

  it('rejects the empty draft with exactly one error: description required', () => {
    assert.deepEqual(errorsOf(emptyLeadDraft()), [{ field: 'description', code: 'required' }]);
  });
});

describe('validateLeadDraft: description', () => {
  it('trims the description', () => {
    assert.equal(acceptedDraft(draft({ description: '  Big deal \n' })).description, 'Big deal');
  });

  it('treats whitespace only as missing', () => {
    assert.deepEqual(errorsOf(draft({ description: '   \t ' })), [{ field: 'description', code: 'required' }]);
  });

  it('accepts exactly 500 characters and rejects 501', () => {
    assert.equal(DESCRIPTION_MAX_LENGTH, 500);
    assert.equal(acceptedDraft(draft({ description: 'a'.repeat(500) })).description.length, 500);
    assert.deepEqual(errorsOf(draft({ description: 'a'.repeat(501) })), [{ field: 'description', code: 'tooLong' }]);
  });

  it('measures the length after trimming', () => {
    assert.equal(acceptedDraft(draft({ description: `  ${'b'.repeat(500)}  ` })).description, 'b'.repeat(500));
  });
});

describe('validateLeadDraft: manualValue', () => {
  for (const text of ['1234', '1234.5', '1,234.56', '$1,234.56', '0', '0.99', '$ 12', ' 1,000,000 ', '123456789012']) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.equal(acceptedDraft(draft({ manualValue: text })).manualValue, text.trim());
    });
  }
  for (const text of ['12.345', 'abc', '1,23', '1,2345', '-5', '1.', '.5', '12 34', '€12', '1234567890123', '1,234,5']) {
    it(`rejects ${JSON.stringify(text)} as invalidAmount`, () => {
      assert.deepEqual(errorsOf(draft({ manualValue: text })), [{ field: 'manualValue', code: 'invalidAmount' }]);
    });
  }
  it('leaves an empty value alone (optional)', () => {
    assert.equal(acceptedDraft(draft({ manualValue: '   ' })).manualValue, '');
  });
});

describe('isAmount / normalizeAmount', () => {
  it('agree on the documented examples', () => {
    assert.equal(isAmount('$1,234.56'), true);
    assert.equal(isAmount('12.345'), false);
  });

  it('normalizes to a plain decimal string with exactly two decimals', () => {
    assert.equal(normalizeAmount('1234'), '1234.00');
    assert.equal(normalizeAmount('1234.5'), '1234.50');
    assert.equal(normalizeAmount('1,234.56'), '1234.56');
    assert.equal(normalizeAmount('$1,234.56'), '1234.56');
    assert.equal(normalizeAmount(' $ 1,000,000 '), '1000000.00');
    assert.equal(normalizeAmount('0.5'), '0.50');
    assert.equal(normalizeAmount('007'), '7.00');
    assert.equal(normalizeAmount('0'), '0.00');
  });

  it('never changes the digits of an amount it accepts (no float rounding)', () => {
    // A grouped amount has no digit limit in AMOUNT_PATTERN, unlike the ungrouped one (12 digits).
    // Either fix is fine: reject it like an over-long ungrouped amount, or keep every digit.
    const typed = '9,999,999,999,999,999';
    const result = validateLeadDraft(draft({ manualValue: typed }));
    if (result.ok) {
      assert.equal(normalizeAmount(typed), '9999999999999999.00');
    } else {
      assert.deepEqual(result.errors, [{ field: 'manualValue', code: 'invalidAmount' }]);
    }
    assert.equal(normalizeAmount('999,999,999,999.99'), '999999999999.99');
  });
});

describe('validateLeadDraft: dueDate', () => {
  for (const text of ['2026-02-28', '2024-02-29', '2026-12-31', '2000-02-29', ' 2026-01-01 ']) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.equal(acceptedDraft(draft({ dueDate: text })).dueDate, text.trim());
    });
  }
  for (const text of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-5', '31/12/2026', 'tomorrow', '2026-12-31T12:00']) {
    it(`rejects ${JSON.stringify(text)} as invalidDate`, () => {
      assert.deepEqual(errorsOf(draft({ dueDate: text })), [{ field: 'dueDate', code: 'invalidDate' }]);
    });
  }
});

describe('parseCalendarDate', () => {
  it('returns the parts of a real date', () => {
    assert.deepEqual(parseCalendarDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
    assert.deepEqual(parseCalendarDate('2026-12-31'), { year: 2026, month: 12, day: 31 });
  });
  it('returns undefined for impossible or malformed dates', () => {
    assert.equal(parseCalendarDate('2026-02-30'), undefined);
    assert.equal(parseCalendarDate('2023-02-29'), undefined);
    assert.equal(parseCalendarDate('2026-06-31'), undefined);
    assert.equal(parseCalendarDate('20260101'), undefined);
    assert.equal(parseCalendarDate(''), undefined);
  });
});

describe('validateLeadDraft: owner', () => {
  it('accepts a users id and keeps the label', () => {
    assert.deepEqual(acceptedDraft(draft({ owner: { id: ' 5-users ', label: 'Ana' } })).owner, { id: '5-users', label: 'Ana' });
  });
  it('rejects an id of another entity type', () => {
    assert.deepEqual(errorsOf(draft({ owner: { id: '5-accounts' } })), [{ field: 'owner', code: 'wrongEntityType' }]);
  });
  it('rejects an empty id as required, not as wrongEntityType', () => {
    assert.deepEqual(errorsOf(draft({ owner: { id: '  ' } })), [{ field: 'owner', code: 'required' }]);
  });
  it('rejects text that is not an id at all', () => {
    assert.deepEqual(errorsOf(draft({ owner: { id: 'Ana Smith' } })), [{ field: 'owner', code: 'wrongEntityType' }]);
  });
});

describe('validateLeadDraft: link lists', () => {
  const cases = [
    { field: 'accounts', good: '12-accounts', wrong: '12-contacts' },
    { field: 'contacts', good: '7-contacts', wrong: '7-accounts' },
    { field: 'sources', good: '3-sources', wrong: '3-tags' },
    { field: 'tags', good: '9-tags', wrong: '9-sources' },
    { field: 'competitors', good: '2-competitors', wrong: '2-products' },
  ] as const;
  for (const { field, good, wrong } of cases) {
    it(`${field}: accepts ${good}`, () => {
      const valid = acceptedDraft(draft({ [field]: [{ id: good, label: 'Shown' }] }));
      assert.deepEqual(valid[field], [{ id: good, label: 'Shown' }]);
    });
    it(`${field}: ${wrong} → wrongEntityType`, () => {
      assert.deepEqual(errorsOf(draft({ [field]: [{ id: good }, { id: wrong }] })), [{ field, code: 'wrongEntityType' }]);
    });
    it(`${field}: empty id → required`, () => {
      assert.deepEqual(errorsOf(draft({ [field]: [{ id: '' }] })), [{ field, code: 'required' }]);
    });
    it(`${field}: the same id twice → duplicate`, () => {
      assert.deepEqual(errorsOf(draft({ [field]: [{ id: good }, { id: ` ${good}` }] })), [{ field, code: 'duplicate' }]);
    });
  }

  it('reports one error per field even when several rows are wrong', () => {
    assert.deepEqual(errorsOf(draft({ accounts: [{ id: '1-contacts' }, { id: '' }, { id: '2-users' }] })), [
      { field: 'accounts', code: 'wrongEntityType' },
    ]);
  });

  it('reports errors of different fields together', () => {
    const errors = errorsOf(draft({ description: '', manualValue: 'abc', tags: [{ id: '1-tags' }, { id: '1-tags' }] }));
    assert.deepEqual(errors, [
      { field: 'description', code: 'required' },
      { field: 'manualValue', code: 'invalidAmount' },
      { field: 'tags', code: 'duplicate' },
    ]);
  });
});

describe('validateLeadDraft: inline-created accounts and contacts', () => {
  it('accepts a new account by name, trimmed', () => {
    assert.deepEqual(acceptedDraft(draft({ accounts: [{ create: { name: ' Acme Corp ' } }] })).accounts, [
      { create: { name: 'Acme Corp' } },
    ]);
  });
  it('rejects a new account without a name', () => {
    assert.deepEqual(errorsOf(draft({ accounts: [{ create: { name: ' ' } }] })), [{ field: 'accounts', code: 'required' }]);
  });
  it('rejects a new account name over 255 characters', () => {
    assert.deepEqual(errorsOf(draft({ accounts: [{ create: { name: 'n'.repeat(256) } }] })), [
      { field: 'accounts', code: 'tooLong' },
    ]);
  });
  it('accepts a new contact with email and phone', () => {
    assert.deepEqual(
      acceptedDraft(draft({ contacts: [{ create: { name: 'Bo Li', email: ' bo@example.com ', phone: '+1 555 0100' } }] })).contacts,
      [{ create: { name: 'Bo Li', email: 'bo@example.com', phone: '+1 555 0100' } }],
    );
  });
  it('accepts a new contact with an empty email', () => {
    assert.deepEqual(acceptedDraft(draft({ contacts: [{ create: { name: 'Bo Li', email: '' } }] })).contacts, [
      { create: { name: 'Bo Li', email: '' } },
    ]);
  });
  it('rejects a new contact with a malformed email', () => {
    assert.deepEqual(errorsOf(draft({ contacts: [{ create: { name: 'Bo Li', email: 'bo@example' } }] })), [
      { field: 'contacts', code: 'invalidEmail' },
    ]);
  });
  it('rejects a new contact phone over 64 characters', () => {
    assert.deepEqual(errorsOf(draft({ contacts: [{ create: { name: 'Bo', phone: '1'.repeat(65) } }] })), [
      { field: 'contacts', code: 'tooLong' },
    ]);
  });
  it('does not allow inline creation for sources (ids only)', () => {
    assert.deepEqual(errorsOf({ ...draft(), sources: [{ create: { name: 'Web' } }] }), [{ field: 'sources', code: 'invalid' }]);
  });
  it('mixes existing ids and new entries without duplicate errors', () => {
    const valid = acceptedDraft(draft({ accounts: [{ id: '1-accounts' }, { create: { name: 'New Co' } }, { create: { name: 'New Co 2' } }] }));
    assert.equal(valid.accounts.length, 3);
  });
});

describe('validateLeadDraft: products', () => {
  const product = { id: '4-products' };
  it('accepts a product with no quantity and no price', () => {
    assert.deepEqual(acceptedDraft(draft({ products: [{ product, quantity: '', price: '' }] })).products, [
      { product, quantity: '', price: '' },
    ]);
  });
  it('accepts a positive integer quantity and an amount price', () => {
    assert.deepEqual(acceptedDraft(draft({ products: [{ product, quantity: ' 3 ', price: '$1,200.5' }] })).products, [
      { product, quantity: '3', price: '$1,200.5' },
    ]);
  });
  for (const quantity of ['0', '-1', '1.5', 'two', '1e3', '1234567']) {
    it(`rejects quantity ${JSON.stringify(quantity)}`, () => {
      assert.deepEqual(errorsOf(draft({ products: [{ product, quantity, price: '' }] })), [
        { field: 'products.0.quantity', code: 'invalidQuantity' },
      ]);
    });
  }
  it('rejects a bad price on the row it belongs to', () => {
    assert.deepEqual(
      errorsOf(draft({ products: [{ product, quantity: '1', price: '' }, { product: { id: '5-products' }, quantity: '', price: '12.345' }] })),
      [{ field: 'products.1.price', code: 'invalidAmount' }],
    );
  });
  it('rejects a non-product id and an empty id on the product cell', () => {
    assert.deepEqual(
      errorsOf(draft({ products: [{ product: { id: '4-accounts' }, quantity: '', price: '' }, { product: { id: '' }, quantity: '', price: '' }] })),
      [
        { field: 'products.0.product', code: 'wrongEntityType' },
        { field: 'products.1.product', code: 'required' },
      ],
    );
  });
  it('keeps errors of different cells of one row apart', () => {
    assert.deepEqual(errorsOf(draft({ products: [{ product, quantity: '0', price: 'x' }] })), [
      { field: 'products.0.quantity', code: 'invalidQuantity' },
      { field: 'products.0.price', code: 'invalidAmount' },
    ]);
  });
});

describe('validateLeadDraft: customFields', () => {
  it('accepts text and multi-value rows, trimmed', () => {
    assert.deepEqual(
      acceptedDraft(draft({ customFields: [{ name: ' Budget ', value: ' 100 ' }, { name: 'Interests', value: [' Analytics ', ''] }] })).customFields,
      [
        { name: 'Budget', value: '100' },
        { name: 'Interests', value: ['Analytics', ''] },
      ],
    );
  });
  it('allows an empty name when the value is empty too', () => {
    assert.equal(acceptedDraft(draft({ customFields: [{ name: '', value: '' }, { name: '', value: ['', ' '] }] })).customFields.length, 2);
  });
  it('requires a name when the value is given', () => {
    assert.deepEqual(errorsOf(draft({ customFields: [{ name: ' ', value: 'x' }] })), [{ field: 'customFields.0.name', code: 'required' }]);
    assert.deepEqual(errorsOf(draft({ customFields: [{ name: '', value: ['', 'x'] }] })), [{ field: 'customFields.0.name', code: 'required' }]);
  });
  it('rejects duplicate names case-insensitively, on the second row', () => {
    assert.deepEqual(
      errorsOf(draft({ customFields: [{ name: 'Budget', value: '1' }, { name: 'Other', value: '2' }, { name: ' BUDGET', value: '3' }] })),
      [{ field: 'customFields.2.name', code: 'duplicate' }],
    );
  });
  it('rejects values over the maximum length', () => {
    assert.equal(CUSTOM_FIELD_VALUE_MAX_LENGTH, 5000);
    assert.equal(acceptedDraft(draft({ customFields: [{ name: 'Brief', value: 'v'.repeat(5000) }] })).customFields.length, 1);
    assert.deepEqual(errorsOf(draft({ customFields: [{ name: 'Brief', value: 'v'.repeat(5001) }] })), [
      { field: 'customFields.0.value', code: 'tooLong' },
    ]);
    assert.deepEqual(errorsOf(draft({ customFields: [{ name: 'Tags', value: ['ok', 'v'.repeat(5001)] }] })), [
      { field: 'customFields.0.value', code: 'tooLong' },
    ]);
  });
  it('rejects a name over 255 characters', () => {
    assert.deepEqual(errorsOf(draft({ customFields: [{ name: 'n'.repeat(256), value: 'x' }] })), [
      { field: 'customFields.0.name', code: 'tooLong' },
    ]);
  });
});

describe('validateLeadDraft: malformed input never throws', () => {
  const shapes: [string, unknown, FieldError[]][] = [
    ['null', null, [{ field: 'form', code: 'invalid' }]],
    ['undefined', undefined, [{ field: 'form', code: 'invalid' }]],
    ['a number', 42, [{ field: 'form', code: 'invalid' }]],
    ['a string', 'lead', [{ field: 'form', code: 'invalid' }]],
    ['an array', [], [{ field: 'form', code: 'invalid' }]],
  ];
  for (const [name, input, expected] of shapes) {
    it(`${name} → a form error`, () => {
      assert.deepEqual(errorsOf(input), expected);
    });
  }

  it('a number where a string belongs → invalid on that field', () => {
    assert.deepEqual(errorsOf({ ...draft(), description: 5, manualValue: 1234 }), [
      { field: 'description', code: 'invalid' },
      { field: 'manualValue', code: 'invalid' },
    ]);
  });

  it('missing keys → invalid on each missing field', () => {
    assert.deepEqual(errorsOf({ description: 'x', manualValue: '', dueDate: '', owner: null, accounts: [], contacts: [], sources: [], tags: [] }), [
      { field: 'products', code: 'invalid' },
      { field: 'competitors', code: 'invalid' },
      { field: 'customFields', code: 'invalid' },
    ]);
  });

  it('an object where a list belongs, and a string where a row belongs', () => {
    assert.deepEqual(errorsOf({ ...draft(), accounts: { id: '1-accounts' }, products: ['4-products'] }), [
      { field: 'accounts', code: 'invalid' },
      { field: 'products.0.product', code: 'invalid' },
    ]);
  });

  it('an owner given as a bare string is invalid', () => {
    assert.deepEqual(errorsOf({ ...draft(), owner: '5-users' }), [{ field: 'owner', code: 'invalid' }]);
  });

  it('a custom field value that is a number is invalid', () => {
    assert.deepEqual(errorsOf({ ...draft(), customFields: [{ name: 'Seats', value: 3 }] }), [{ field: 'customFields.0.value', code: 'invalid' }]);
  });
});

describe('fieldKeyForPath', () => {
  it('maps a top-level path to the field', () => {
    assert.equal(fieldKeyForPath(['description']), 'description');
    assert.equal(fieldKeyForPath(['accounts', 2, 'id']), 'accounts');
    assert.equal(fieldKeyForPath(['contacts', 0, 'create', 'email']), 'contacts');
  });
  it('keeps the row and the cell of the repeated groups', () => {
    assert.equal(fieldKeyForPath(['products', 1, 'quantity']), 'products.1.quantity');
    assert.equal(fieldKeyForPath(['products', 0, 'product', 'id']), 'products.0.product');
    assert.equal(fieldKeyForPath(['products', 3]), 'products.3.product');
    assert.equal(fieldKeyForPath(['customFields', 2, 'value', 0]), 'customFields.2.value');
    assert.equal(fieldKeyForPath(['customFields', 0, 'name']), 'customFields.0.name');
  });
  it('a repeated group without an index is the group itself', () => {
    assert.equal(fieldKeyForPath(['products']), 'products');
    assert.equal(fieldKeyForPath(['customFields']), 'customFields');
  });
  it('the root or a non-string head is the form', () => {
    assert.equal(fieldKeyForPath([]), 'form');
    assert.equal(fieldKeyForPath([0]), 'form');
  });
});

describe('small helpers', () => {
  it('isBlankCustomFieldValue', () => {
    assert.equal(isBlankCustomFieldValue(' '), true);
    assert.equal(isBlankCustomFieldValue(['', ' ']), true);
    assert.equal(isBlankCustomFieldValue([]), true);
    assert.equal(isBlankCustomFieldValue(['', 'a']), false);
    assert.equal(isBlankCustomFieldValue('a'), false);
  });
  it('isEmail', () => {
    assert.equal(isEmail('a@b.co'), true);
    assert.equal(isEmail(' a@b.co '), true);
    assert.equal(isEmail('a@b'), false);
    assert.equal(isEmail('a b@c.de'), false);
    assert.equal(isEmail(''), false);
  });
  it('emptyLeadDraft returns a fresh object each time', () => {
    const a = emptyLeadDraft();
    a.accounts.push({ id: '1-accounts' });
    assert.deepEqual(emptyLeadDraft().accounts, []);
  });
});

describe('validateLeadDraft: the custom field type check', () => {
  it('puts the checker’s code on the value of the row it names', () => {
    const calls: [string, unknown][] = [];
    const result = validateLeadDraft(
      draft({
        customFields: [
          { name: ' Seats ', value: ' ten ' },
          { name: 'Notes', value: 'anything' },
          { name: 'Interests', value: ['Nope'] },
        ],
      }),
      (name, value) => {
        calls.push([name, value]);
        if (name === 'Seats') return value === '10' ? undefined : 'invalidNumber';
        if (name === 'Interests') return 'invalidChoice';
        return undefined;
      },
    );
    assert.deepEqual(result, {
      ok: false,
      errors: [
        { field: 'customFields.0.value', code: 'invalidNumber' },
        { field: 'customFields.2.value', code: 'invalidChoice' },
      ],
    });
    assert.deepEqual(calls, [
      ['Seats', 'ten'],
      ['Notes', 'anything'],
      ['Interests', ['Nope']],
    ]);
  });

  it('accepts the draft when the checker finds nothing', () => {
    const result = validateLeadDraft(draft({ customFields: [{ name: 'Seats', value: '10' }] }), () => undefined);
    assert.equal(result.ok, true);
  });
});
