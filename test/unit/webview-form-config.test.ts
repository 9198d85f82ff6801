import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customFieldChecker, type CustomFieldDefinition } from '../../src/core/custom-fields.ts';
import { emptyLeadDraft, type LeadDraft } from '../../src/core/lead-schema.ts';
import {
  alignCustomFields,
  applyDefaults,
  customFieldChoiceId,
  customFieldControl,
  customFieldInputId,
  customFieldValueFor,
  readSuggestions,
  setCustomFieldValue,
  toggleChoiceValue,
} from '../../src/webview/form-config.ts';
import { clientErrors, initialUiState, readPersistedState, visibleErrors } from '../../src/webview/form-model.ts';

function def(name: string, kind: CustomFieldDefinition['kind'], choices: string[] = [], unknownType?: string): CustomFieldDefinition {
  return unknownType === undefined ? { name, kind, choices } : { name, kind, choices, unknownType };
}

function draftWith(overrides: Partial<LeadDraft>): LeadDraft {
  return { ...emptyLeadDraft(), ...overrides };
}

describe('customFieldControl', () => {
  it('maps each kind to its input', () => {
    assert.deepEqual(customFieldControl(def('a', 'text')), { control: 'input', type: 'text' });
    assert.deepEqual(customFieldControl(def('a', 'number')), { control: 'input', type: 'text', inputMode: 'decimal' });
    assert.deepEqual(customFieldControl(def('a', 'currency')), { control: 'input', type: 'text', inputMode: 'decimal' });
    assert.deepEqual(customFieldControl(def('a', 'date')), { control: 'input', type: 'date' });
    assert.deepEqual(customFieldControl(def('a', 'email')), { control: 'input', type: 'email' });
    assert.deepEqual(customFieldControl(def('a', 'phone')), { control: 'input', type: 'tel' });
    assert.deepEqual(customFieldControl(def('a', 'url')), { control: 'input', type: 'url' });
    assert.deepEqual(customFieldControl(def('a', 'choice', ['x'])), { control: 'select' });
    assert.deepEqual(customFieldControl(def('a', 'multiChoice', ['x'])), { control: 'checkboxes' });
  });

  it('an unknown type, or a choice without choices, is a text input', () => {
    assert.deepEqual(customFieldControl(def('a', 'text', [], 'geo')), { control: 'input', type: 'text' });
    assert.deepEqual(customFieldControl(def('a', 'choice')), { control: 'input', type: 'text' });
  });

  it('has predictable ids', () => {
    assert.equal(customFieldInputId(3), 'cf-3');
    assert.equal(customFieldChoiceId(3, 1), 'cf-3-1');
  });
});

describe('custom field values', () => {
  const channels = def('Channels', 'multiChoice', ['Email', 'Phone', 'Chat']);
  const tier = def('Tier', 'choice', ['Gold', 'Silver']);

  it('converts values to what each input holds', () => {
    assert.deepEqual(customFieldValueFor(channels, 'chat, email, fax'), ['Email', 'Chat']);
    assert.deepEqual(customFieldValueFor(channels, ['Phone', 'Email']), ['Email', 'Phone']);
    assert.deepEqual(customFieldValueFor(channels, undefined), []);
    assert.equal(customFieldValueFor(tier, 'gold'), 'Gold');
    assert.equal(customFieldValueFor(tier, 'Bronze'), '');
    assert.equal(customFieldValueFor(def('Notes', 'text'), ['a', 'b']), 'a, b');
    assert.equal(customFieldValueFor(def('Seats', 'number'), undefined), '');
  });

  it('aligns the draft with the definitions, keeping values by name', () => {
    const draft = draftWith({
      customFields: [
        { name: 'region', value: 'West' },
        { name: 'Unknown', value: 'x' },
        { name: 'Channels', value: 'Phone' },
      ],
    });
    const aligned = alignCustomFields(draft, [def('Region', 'text'), tier, channels]);
    assert.deepEqual(aligned.customFields, [
      { name: 'Region', value: 'West' },
      { name: 'Tier', value: '' },
      { name: 'Channels', value: ['Phone'] },
    ]);
    assert.equal(alignCustomFields(draft, []), draft, 'no definitions: free rows stay');
  });

  it('sets values by index, and toggles checkboxes in the order of the choices', () => {
    const draft = alignCustomFields(emptyLeadDraft(), [tier, channels]);
    assert.deepEqual(setCustomFieldValue(draft, 0, 'Silver').customFields[0], { name: 'Tier', value: 'Silver' });
    assert.equal(setCustomFieldValue(draft, 5, 'x'), draft);
    assert.deepEqual(toggleChoiceValue(channels, ['Chat'], 'Email', true), ['Email', 'Chat']);
    assert.deepEqual(toggleChoiceValue(channels, ['Email', 'Chat'], 'Email', false), ['Chat']);
  });

  it('validates typed values inline with the same checker the host uses', () => {
    const definitions = [def('Seats', 'number'), def('Site', 'url'), def('Hotline', 'phone'), tier];
    const draft = draftWith({
      description: 'Lead',
      customFields: [
        { name: 'Seats', value: 'many' },
        { name: 'Site', value: 'acme' },
        { name: 'Hotline', value: 'call me' },
        { name: 'Tier', value: 'Bronze' },
      ],
    });
    const check = customFieldChecker(definitions);
    assert.deepEqual(
      clientErrors(draft, [], check).map((e) => [e.field, e.code]),
      [
        ['customFields.0.value', 'invalidNumber'],
        ['customFields.1.value', 'invalidUrl'],
        ['customFields.2.value', 'invalidPhone'],
        ['customFields.3.value', 'invalidChoice'],
      ],
    );
    assert.deepEqual(clientErrors(draft), [], 'without definitions nothing is checked by type');
    const ui = { ...initialUiState(), shown: ['customFields.1.value'] };
    assert.deepEqual([...visibleErrors(draft, ui, [], check).keys()], ['customFields.1.value']);
  });
});

describe('applyDefaults', () => {
  const defaults = {
    owner: { id: '1-users', label: 'Ann' },
    sources: [{ id: '3-sources', label: 'Web' }],
    tags: [{ id: '8-tags', label: 'Hot' }],
  };

  it('fills an untouched new form', () => {
    const draft = applyDefaults(emptyLeadDraft(), defaults, [], true);
    assert.deepEqual(draft.owner, { id: '1-users', label: 'Ann' });
    assert.deepEqual(draft.sources, [{ id: '3-sources', label: 'Web' }]);
    assert.deepEqual(draft.tags, [{ id: '8-tags', label: 'Hot' }]);
  });

  it('never changes a restored draft', () => {
    const restored = emptyLeadDraft();
    assert.equal(applyDefaults(restored, defaults, [], false), restored);
  });

  it('leaves fields the user touched or filled', () => {
    const draft = applyDefaults(draftWith({ description: 'typed', tags: [{ id: '9-tags', label: 'Cold' }] }), defaults, ['owner'], true);
    assert.equal(draft.owner, null, 'the user cleared the owner');
    assert.deepEqual(draft.tags, [{ id: '9-tags', label: 'Cold' }]);
    assert.deepEqual(draft.sources, [{ id: '3-sources', label: 'Web' }]);
    assert.equal(draft.description, 'typed');
  });

  it('copies the refs (the draft does not share them with the config)', () => {
    const draft = applyDefaults(emptyLeadDraft(), defaults, [], true);
    assert.notEqual(draft.owner, defaults.owner);
    assert.notEqual(draft.sources[0], defaults.sources[0]);
  });
});

describe('suggestions persistence', () => {
  const suggestions = {
    accounts: [
      { label: 'Globex', ref: { create: { name: 'Globex' } } },
      { label: 'Acme Corp', secondary: 'acme.com', ref: { id: '12-accounts', label: 'Acme Corp' } },
    ],
    contacts: [{ label: 'Hank', secondary: 'hank@globex.com', ref: { create: { name: 'Hank', email: 'hank@globex.com', phone: '555 0100' } } }],
  };

  it('round-trips through getState', () => {
    const state = readPersistedState(JSON.parse(JSON.stringify({ v: 1, draft: emptyLeadDraft(), ui: initialUiState(), suggestions, fresh: true })));
    assert.deepEqual(state.suggestions, suggestions);
    assert.equal(state.fresh, true);
  });

  it('drops what has the wrong shape, and leaves no suggestions key when there are none', () => {
    const read = readSuggestions({
      accounts: [{ label: '', ref: { id: '1-accounts' } }, { label: 'X', ref: {} }, 'junk', { label: 'Y', ref: { create: { name: 'Y', email: 'y@y.com' } } }],
      contacts: 'nope',
    });
    assert.deepEqual(read, { accounts: [{ label: 'Y', ref: { create: { name: 'Y' } } }], contacts: [] });
    const state = readPersistedState({ v: 1, draft: null, ui: {}, suggestions: { accounts: [], contacts: [] }, fresh: 'yes' });
    assert.equal('suggestions' in state, false);
    assert.equal('fresh' in state, false);
  });
});
