import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  customFieldChecker,
  customFieldNormalizer,
  customFieldValueError,
  parseCustomFieldAttributes,
} from '../../src/core/custom-fields.ts';
import type { CustomFieldDefinition } from '../../src/core/custom-fields.ts';
import { emptyLeadDraft, validateLeadDraft } from '../../src/core/lead-schema.ts';

describe('parseCustomFieldAttributes', () => {
  it('reads the sandbox / document shape (a bare array)', () => {
    assert.deepEqual(
      parseCustomFieldAttributes([
        { id: '1-customfields', name: 'Project Brief', type: 'text' },
        { id: '2-customfields', name: 'Seats', type: 'number' },
        { id: '3-customfields', name: 'Budget', type: 'currency' },
        { id: '4-customfields', name: 'Go-Live Date', type: 'date' },
        { id: '5-customfields', name: 'Deal Type', type: 'enum', choices: ['New Business', 'Renewal'] },
        { id: '6-customfields', name: 'Interests', type: 'enum', isMultiple: true, choices: ['Analytics', 'Support'] },
      ]),
      {
        fields: [
          { name: 'Project Brief', kind: 'text', choices: [] },
          { name: 'Seats', kind: 'number', choices: [] },
          { name: 'Budget', kind: 'currency', choices: [] },
          { name: 'Go-Live Date', kind: 'date', choices: [] },
          { name: 'Deal Type', kind: 'choice', choices: ['New Business', 'Renewal'] },
          { name: 'Interests', kind: 'multiChoice', choices: ['Analytics', 'Support'] },
        ],
        notes: [],
      },
    );
  });

  it('reads other key names and wrapper objects', () => {
    assert.deepEqual(
      parseCustomFieldAttributes({
        customFields: [
          { title: 'Phone', fieldType: 'Phone Number' },
          { label: 'Site', dataType: { name: 'URL' } },
          { name: 'Pick', type: 'drop-down', options: [{ name: 'A' }, { value: 'B' }, { label: 'C' }, ' D ', 5, null] },
          { name: 'Tick', type: 'checkbox', values: ['x'], multiple: true },
        ],
      }),
      {
        fields: [
          { name: 'Phone', kind: 'phone', choices: [] },
          { name: 'Site', kind: 'url', choices: [] },
          { name: 'Pick', kind: 'choice', choices: ['A', 'B', 'C', 'D'] },
          { name: 'Tick', kind: 'multiChoice', choices: ['x'] },
        ],
        notes: [],
      },
    );
  });

  it('falls back to text for unknown types and choice lists without choices, with a note each', () => {
    assert.deepEqual(
      parseCustomFieldAttributes([
        { name: 'Office', type: 'geolocation' },
        { name: 'Empty choice', type: 'enum', choices: [] },
        { name: 'No type' },
      ]),
      {
        fields: [
          { name: 'Office', kind: 'text', choices: [], unknownType: 'geolocation' },
          { name: 'Empty choice', kind: 'text', choices: [] },
          { name: 'No type', kind: 'text', choices: [] },
        ],
        notes: [
          'Custom field "Office" has an unknown type "geolocation"; it is shown as a text input.',
          'Custom field "Empty choice" is a choice without choices; it is shown as a text input.',
        ],
      },
    );
  });

  it('skips junk entries and second fields with the same name (case-insensitive)', () => {
    assert.deepEqual(parseCustomFieldAttributes([5, null, { type: 'text' }, { name: '  ' }, { name: 'Budget' }, { name: 'BUDGET', type: 'number' }]), {
      fields: [{ name: 'Budget', kind: 'text', choices: [] }],
      notes: [
        'Skipped a custom field that is not an object.',
        'Skipped a custom field that is not an object.',
        'Skipped a custom field without a name.',
        'Skipped a custom field without a name.',
        'Skipped a second custom field named "BUDGET".',
      ],
    });
  });

  it('returns nothing for garbage bodies', () => {
    for (const body of [null, undefined, 'x', 7, {}, { customFields: 'x' }]) {
      assert.deepEqual(parseCustomFieldAttributes(body), { fields: [], notes: [] }, JSON.stringify(body));
    }
  });

  it('treats a type named like an Object.prototype member as unknown', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'valueOf']) {
      assert.deepEqual(
        parseCustomFieldAttributes([{ name: 'Odd', type }]),
        { fields: [{ name: 'Odd', kind: 'text', choices: [], unknownType: type }], notes: [`Custom field "Odd" has an unknown type "${type}"; it is shown as a text input.`] },
        type,
      );
    }
  });
});

function field(kind: CustomFieldDefinition['kind'], choices: string[] = []): CustomFieldDefinition {
  return { name: 'F', kind, choices };
}

describe('customFieldValueError', () => {
  const cases: [CustomFieldDefinition, string | string[], string | undefined][] = [
    [field('text'), 'anything at all', undefined],
    [field('number'), '42', undefined],
    [field('number'), '-3.25', undefined],
    [field('number'), '1,000', undefined],
    [field('number'), 'seven', 'invalidNumber'],
    [field('number'), '1e5', 'invalidNumber'],
    [field('currency'), '$1,234.56', undefined],
    [field('currency'), '12.345', 'invalidAmount'],
    [field('date'), '2026-02-28', undefined],
    [field('date'), '2026-02-30', 'invalidDate'],
    [field('email'), 'a@b.co', undefined],
    [field('email'), 'a@b', 'invalidEmail'],
    [field('phone'), '+1 (555) 010-0123', undefined],
    [field('phone'), '555-0100 ext. 12', undefined],
    [field('phone'), 'call me', 'invalidPhone'],
    [field('url'), 'https://example.com/x', undefined],
    [field('url'), 'example.com', 'invalidUrl'],
    [field('url'), 'javascript:alert(1)', 'invalidUrl'],
    [field('choice', ['Renewal', 'Upsell']), 'Renewal', undefined],
    [field('choice', ['Renewal', 'Upsell']), 'renewal', 'invalidChoice'],
    [field('multiChoice', ['A', 'B']), ['A', 'B', ''], undefined],
    [field('multiChoice', ['A', 'B']), ['A', 'C'], 'invalidChoice'],
    [field('multiChoice', ['A', 'B']), 'A', undefined],
    [field('number'), ['1'], 'invalid'],
  ];
  for (const [definition, value, expected] of cases) {
    it(`${definition.kind} ${JSON.stringify(value)} → ${String(expected)}`, () => {
      assert.equal(customFieldValueError(definition, value), expected);
    });
  }
  it('empty values are always fine (they are not sent)', () => {
    for (const kind of ['text', 'number', 'currency', 'date', 'email', 'phone', 'url', 'choice'] as const) {
      assert.equal(customFieldValueError(field(kind, ['A']), '  '), undefined, kind);
    }
  });
});

describe('customFieldChecker with validateLeadDraft', () => {
  const checker = customFieldChecker([
    { name: 'Seats', kind: 'number', choices: [] },
    { name: 'Interests', kind: 'multiChoice', choices: ['Analytics', 'Support'] },
  ]);
  it('checks fields by name, case-insensitively, and leaves unknown names to the server', () => {
    assert.equal(checker(' seats ', 'x'), 'invalidNumber');
    assert.equal(checker('Seats', '12'), undefined);
    assert.equal(checker('Unknown Field', 'x'), undefined);
  });
  it('puts the error on the row of the draft', () => {
    const result = validateLeadDraft(
      {
        ...emptyLeadDraft(),
        description: 'Lead',
        customFields: [
          { name: 'Seats', value: '12' },
          { name: 'interests', value: ['Analytics', 'Cooking'] },
        ],
      },
      checker,
    );
    assert.deepEqual(result, { ok: false, errors: [{ field: 'customFields.1.value', code: 'invalidChoice' }] });
  });
});

describe('customFieldNormalizer', () => {
  const normalize = customFieldNormalizer([
    { name: 'Budget', kind: 'currency', choices: [] },
    { name: 'Seats', kind: 'number', choices: [] },
    { name: 'Notes', kind: 'text', choices: [] },
    { name: 'Interests', kind: 'multiChoice', choices: ['A', 'B'] },
  ]);

  it('sends currency amounts as plain two-decimal strings', () => {
    assert.equal(normalize('Budget', '$1,250.00'), '1250.00');
    assert.equal(normalize('budget ', '1250.5'), '1250.50');
  });

  it('drops thousands separators from numbers', () => {
    assert.equal(normalize('Seats', '1,000'), '1000');
    assert.equal(normalize('Seats', '-2,500.75'), '-2500.75');
  });

  it('leaves text, choices, unknown names and values it would not accept alone', () => {
    assert.equal(normalize('Notes', '$1,250.00'), '$1,250.00');
    assert.deepEqual(normalize('Interests', ['A', 'B']), ['A', 'B']);
    assert.equal(normalize('Unknown', '1,000'), '1,000');
    assert.equal(normalize('Seats', '1,2,3'), '1,2,3');
  });
});
