import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyLeadDraft, type FieldError, type LeadDraft } from '../../src/core/lead-schema.ts';
import {
  addCustomFieldRow,
  addProductRow,
  createRequestId,
  describedBy,
  errorIdForInput,
  errorMessage,
  fieldOrder,
  firstInvalidField,
  initialUiState,
  inputIdForField,
  invalidSummary,
  isMacPlatform,
  isSubmitShortcut,
  linkItemsOf,
  noteBlurred,
  noteEdited,
  noteSubmitAttempt,
  partitionErrors,
  readPersistedState,
  removeRow,
  setLinkField,
  setTextField,
  startingDraft,
  submitShortcutLabel,
  successTitle,
  textOf,
  toLeadDraft,
  uiAfterRowRemoved,
  visibleErrors,
  withServerErrors,
  type KeyLike,
} from '../../src/webview/form-model.ts';
import { createTranslator } from '../../src/webview/strings.ts';

const t = createTranslator({});

function draftWith(overrides: Partial<LeadDraft>): LeadDraft {
  return { ...emptyLeadDraft(), ...overrides };
}

describe('draft <-> inputs', () => {
  it('setTextField updates scalars and row parts without touching others', () => {
    let draft = addProductRow(addProductRow(emptyLeadDraft()));
    draft = setTextField(draft, 'description', 'Big deal');
    draft = setTextField(draft, 'products.1.quantity', '3');
    draft = setTextField(draft, 'products.0.price', '9.50');
    assert.equal(draft.description, 'Big deal');
    assert.deepEqual(draft.products, [
      { product: { id: '' }, quantity: '', price: '9.50' },
      { product: { id: '' }, quantity: '3', price: '' },
    ]);
    draft = setTextField(addCustomFieldRow(draft), 'customFields.0.name', 'Region');
    assert.deepEqual(draft.customFields, [{ name: 'Region', value: '' }]);
    assert.equal(setTextField(draft, 'nonsense', 'x'), draft);
    assert.equal(setTextField(draft, 'products.0.product', 'x'), draft, 'product ids go through setLinkField');
  });

  it('does not mutate the draft it is given', () => {
    const draft = addProductRow(emptyLeadDraft());
    const before = structuredClone(draft);
    setTextField(draft, 'products.0.quantity', '2');
    setLinkField(draft, 'products.0.product', [{ id: '6-products' }]);
    setLinkField(draft, 'tags', [{ id: '1-tags' }]);
    assert.deepEqual(draft, before);
  });

  it('setLinkField maps single and multi link fields', () => {
    let draft = addProductRow(emptyLeadDraft());
    draft = setLinkField(draft, 'owner', [{ id: '5-users', label: 'Ann' }]);
    assert.deepEqual(draft.owner, { id: '5-users', label: 'Ann' });
    draft = setLinkField(draft, 'owner', []);
    assert.equal(draft.owner, null);
    draft = setLinkField(draft, 'accounts', [{ id: '1-accounts' }, { create: { name: 'New', email: 'x@y.z' } }]);
    assert.deepEqual(draft.accounts, [{ id: '1-accounts' }, { create: { name: 'New' } }]);
    draft = setLinkField(draft, 'tags', [{ id: '1-tags' }, { create: { name: 'not a tag' } }]);
    assert.deepEqual(draft.tags, [{ id: '1-tags' }]);
    draft = setLinkField(draft, 'products.0.product', [{ id: '6-products' }]);
    assert.deepEqual(draft.products[0]?.product, { id: '6-products' });
    draft = setLinkField(draft, 'products.0.product', []);
    assert.deepEqual(draft.products[0]?.product, { id: '' });
  });

  it('linkItemsOf and textOf read back what the inputs show', () => {
    const draft = draftWith({
      owner: { id: '5-users' },
      tags: [{ id: '1-tags' }],
      products: [{ product: { id: '' }, quantity: '2', price: '' }],
      customFields: [{ name: 'Colors', value: ['red', 'blue'] }],
    });
    assert.deepEqual(linkItemsOf(draft, 'owner'), [{ id: '5-users' }]);
    assert.deepEqual(linkItemsOf(draft, 'tags'), [{ id: '1-tags' }]);
    assert.deepEqual(linkItemsOf(draft, 'products.0.product'), []);
    assert.deepEqual(linkItemsOf(draft, 'products.7.product'), []);
    assert.equal(textOf(draft, 'products.0.quantity'), '2');
    assert.equal(textOf(draft, 'customFields.0.value'), 'red, blue');
    assert.equal(textOf(draft, 'customFields.3.value'), '');
  });

  it('removeRow drops exactly that row', () => {
    let draft = addProductRow(addProductRow(addProductRow(emptyLeadDraft())));
    draft = setTextField(draft, 'products.0.quantity', '1');
    draft = setTextField(draft, 'products.1.quantity', '2');
    draft = setTextField(draft, 'products.2.quantity', '3');
    assert.deepEqual(
      removeRow(draft, 'products', 1).products.map((p) => p.quantity),
      ['1', '3'],
    );
    const withFields = addCustomFieldRow(addCustomFieldRow(emptyLeadDraft()));
    assert.equal(removeRow(withFields, 'customFields', 0).customFields.length, 1);
  });
});

describe('toLeadDraft', () => {
  it('returns null for non-objects', () => {
    assert.equal(toLeadDraft(null), null);
    assert.equal(toLeadDraft('draft'), null);
    assert.equal(toLeadDraft([]), null);
  });

  it('fills missing fields and drops malformed entries, keeping good values', () => {
    const draft = toLeadDraft({
      description: 'Deal',
      manualValue: 1200,
      owner: { id: '5-users', label: 'Ann', extra: true },
      accounts: [{ id: '1-accounts' }, { create: { name: 'New Co' } }, 'junk', { create: {} }],
      contacts: [{ create: { name: 'Pat', email: 'p@x.io', phone: 5 } }],
      tags: [{ id: 3 }, { id: '2-tags' }],
      products: [{ product: { id: '6-products' }, quantity: 2 }, null],
      customFields: [{ name: 'Colors', value: ['red', 4] }, { name: 'Region', value: 'West' }],
    });
    assert.deepEqual(draft, {
      description: 'Deal',
      manualValue: '1200',
      dueDate: '',
      owner: { id: '5-users', label: 'Ann' },
      accounts: [{ id: '1-accounts' }, { create: { name: 'New Co' } }],
      contacts: [{ create: { name: 'Pat', email: 'p@x.io' } }],
      sources: [],
      tags: [{ id: '2-tags' }],
      competitors: [],
      products: [{ product: { id: '6-products' }, quantity: '2', price: '' }],
      customFields: [
        { name: 'Colors', value: ['red'] },
        { name: 'Region', value: 'West' },
      ],
    });
  });
});

describe('error field -> element ids', () => {
  it('maps field keys to the input ids the DOM uses', () => {
    assert.equal(inputIdForField('description'), 'description');
    assert.equal(inputIdForField('accounts'), 'accounts');
    assert.equal(inputIdForField('products.0.quantity'), 'product-0-quantity');
    assert.equal(inputIdForField('products.12.product'), 'product-12-product');
    assert.equal(inputIdForField('customFields.2.name'), 'customField-2-name');
    assert.equal(inputIdForField('customFields.0.value'), 'customField-0-value');
    assert.equal(inputIdForField('form'), undefined);
    assert.equal(inputIdForField('products.0.colour'), undefined);
    assert.equal(inputIdForField('products'), undefined);
    assert.equal(errorIdForInput('product-0-quantity'), 'product-0-quantity-error');
  });

  it('describedBy lists hints first and the error last', () => {
    assert.equal(describedBy(['accounts-hint'], 'accounts-error'), 'accounts-hint accounts-error');
    assert.equal(describedBy(['accounts-hint'], undefined), 'accounts-hint');
    assert.equal(describedBy([], 'x-error'), 'x-error');
  });
});

describe('document order and the first invalid field', () => {
  const draft = draftWith({
    products: [{ product: { id: '' }, quantity: '', price: '' }],
    customFields: [{ name: '', value: '' }],
  });

  it('fieldOrder follows the form: top-level fields, then product rows, then custom fields', () => {
    assert.deepEqual(fieldOrder(draft), [
      'description',
      'manualValue',
      'dueDate',
      'owner',
      'accounts',
      'contacts',
      'sources',
      'tags',
      'competitors',
      'products.0.product',
      'products.0.quantity',
      'products.0.price',
      'customFields.0.name',
      'customFields.0.value',
    ]);
  });

  it('sorts matched errors by position and sends the rest to the banner', () => {
    const errors: FieldError[] = [
      { field: 'products.0.quantity', code: 'invalidQuantity' },
      { field: 'form', code: 'server', message: 'Nope' },
      { field: 'customFields.0.name', code: 'required' },
      { field: 'products.4.price', code: 'invalidAmount' },
      { field: 'tags', code: 'duplicate' },
      { field: 'tags', code: 'wrongEntityType' },
    ];
    const { matched, unmatched } = partitionErrors(errors, draft);
    assert.deepEqual(
      matched.map((e) => e.field),
      ['tags', 'products.0.quantity', 'customFields.0.name'],
    );
    assert.equal(matched[0]?.code, 'duplicate', 'first error per field wins');
    assert.deepEqual(
      unmatched.map((e) => e.field),
      ['form', 'products.4.price'],
    );
    assert.equal(firstInvalidField(errors, draft), 'tags');
    assert.equal(firstInvalidField([{ field: 'form', code: 'server' }], draft), undefined);
  });
});

describe('error visibility', () => {
  it('stays quiet while first typing, shows after blur, then updates as you type', () => {
    let draft = emptyLeadDraft();
    let ui = initialUiState();
    draft = setTextField(draft, 'manualValue', 'abc');
    ui = noteEdited(ui, 'manualValue');
    assert.equal(visibleErrors(draft, ui).size, 0, 'no error while typing the first time');
    ui = noteBlurred(ui, 'manualValue', draft);
    assert.equal(visibleErrors(draft, ui).get('manualValue')?.code, 'invalidAmount');
    assert.equal(visibleErrors(draft, ui).has('description'), false, 'other fields stay quiet');
    draft = setTextField(draft, 'manualValue', '12.50');
    assert.equal(visibleErrors(draft, ui).has('manualValue'), false, 'clears as soon as it is fixed');
  });

  it('does not flag an untouched empty field that was only tabbed through', () => {
    const draft = emptyLeadDraft();
    const ui = noteBlurred(initialUiState(), 'description', draft);
    assert.equal(visibleErrors(draft, ui).size, 0);
    const edited = noteBlurred(noteEdited(initialUiState(), 'description'), 'description', draft);
    assert.equal(visibleErrors(draft, edited).get('description')?.code, 'required');
  });

  it('shows every error after a submit attempt', () => {
    const draft = draftWith({ manualValue: 'x', tags: [{ id: '1-accounts' }] });
    const ui = noteSubmitAttempt(initialUiState());
    assert.deepEqual([...visibleErrors(draft, ui).keys()].sort(), ['description', 'manualValue', 'tags']);
  });

  it('includes extra client errors the schema cannot see', () => {
    const ui = noteSubmitAttempt(initialUiState());
    const errors = visibleErrors(draftWith({ description: 'x' }), ui, [{ field: 'dueDate', code: 'invalidDate' }]);
    assert.equal(errors.get('dueDate')?.code, 'invalidDate');
  });

  it('keeps a server error until its field is edited', () => {
    const draft = draftWith({ description: 'Deal' });
    let ui = withServerErrors(initialUiState(), [{ field: 'description', code: 'server', message: 'Taken' }]);
    assert.equal(visibleErrors(draft, ui).get('description')?.message, 'Taken');
    ui = noteEdited(ui, 'description');
    assert.equal(visibleErrors(draft, ui).size, 0);
  });

  it('renumbers row keys when a row is removed', () => {
    const ui = uiAfterRowRemoved(
      {
        shown: ['products.0.quantity', 'products.1.quantity', 'products.2.price', 'description'],
        dirty: ['products.1.product'],
        submitAttempted: false,
        serverErrors: [
          { field: 'products.2.price', code: 'server', message: 'bad' },
          { field: 'products.1.product', code: 'server' },
          { field: 'customFields.1.name', code: 'server' },
        ],
      },
      'products',
      1,
    );
    assert.deepEqual(ui.shown, ['products.0.quantity', 'products.1.price', 'description']);
    assert.deepEqual(ui.dirty, []);
    assert.deepEqual(
      ui.serverErrors.map((e) => e.field),
      ['products.1.price', 'customFields.1.name'],
    );
  });
});

describe('error messages', () => {
  it('uses the host message when there is one', () => {
    assert.equal(errorMessage({ field: 'tags', code: 'server', message: 'Unknown tag' }, t), 'Unknown tag');
    assert.equal(errorMessage({ field: 'tags', code: 'server', message: '  ' }, t), 'Nutshell did not accept this value.');
  });

  it('prefers a field-specific text, then the generic one, by code', () => {
    assert.equal(errorMessage({ field: 'description', code: 'required' }, t), 'Enter a description.');
    assert.equal(errorMessage({ field: 'products.3.product', code: 'required' }, t), 'Choose a product, or remove this row.');
    assert.equal(errorMessage({ field: 'customFields.0.name', code: 'required' }, t), 'Enter the name of the custom field, or clear its value.');
    assert.equal(errorMessage({ field: 'manualValue', code: 'invalidAmount' }, t), 'Enter an amount, such as 1,250.00.');
  });

  it('names an example id of the right type for wrongEntityType', () => {
    assert.equal(
      errorMessage({ field: 'accounts', code: 'wrongEntityType' }, t),
      'Use a Nutshell ID of the right type, such as 12-accounts.',
    );
    assert.match(errorMessage({ field: 'products.0.product', code: 'wrongEntityType' }, t), /6-products/);
    assert.match(errorMessage({ field: 'owner', code: 'wrongEntityType' }, t), /5-users/);
  });

  it('uses localized strings when the host sent them', () => {
    const de = createTranslator({ 'error.required.description': 'Beschreibung eingeben.' });
    assert.equal(errorMessage({ field: 'description', code: 'required' }, de), 'Beschreibung eingeben.');
  });

  it('formats the success title with and without a number', () => {
    assert.equal(successTitle({ name: 'Acme deal', number: 42 }, t), 'Lead created: Acme deal (#42)');
    assert.equal(successTitle({ name: 'Acme deal' }, t), 'Lead created: Acme deal');
  });

  it('summarizes how many fields need attention', () => {
    assert.equal(invalidSummary(1, t), '1 field needs attention.');
    assert.equal(invalidSummary(3, t), '3 fields need attention.');
  });
});

describe('keyboard', () => {
  const key = (overrides: Partial<KeyLike>): KeyLike => ({
    key: 'Enter',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...overrides,
  });

  it('submits on Ctrl+Enter and Cmd+Enter only', () => {
    assert.equal(isSubmitShortcut(key({ ctrlKey: true })), true);
    assert.equal(isSubmitShortcut(key({ metaKey: true })), true);
    assert.equal(isSubmitShortcut(key({})), false);
    assert.equal(isSubmitShortcut(key({ ctrlKey: true, shiftKey: true })), false);
    assert.equal(isSubmitShortcut(key({ ctrlKey: true, altKey: true })), false);
    assert.equal(isSubmitShortcut(key({ key: 'a', ctrlKey: true })), false);
    assert.equal(isSubmitShortcut(key({ ctrlKey: true, isComposing: true })), false);
  });

  it('labels the shortcut for the platform', () => {
    assert.equal(isMacPlatform('MacIntel'), true);
    assert.equal(isMacPlatform('Linux x86_64'), false);
    assert.equal(submitShortcutLabel(true), '⌘Enter');
    assert.equal(submitShortcutLabel(false), 'Ctrl+Enter');
  });
});

describe('request ids', () => {
  it('are unique and at most 64 characters', () => {
    const ids = new Set(Array.from({ length: 50 }, () => createRequestId()));
    assert.equal(ids.size, 50);
    const long = createRequestId(() => 'x'.repeat(100));
    assert.ok(long.length <= 64 && long.length > 0);
    assert.notEqual(createRequestId(() => 'same'), createRequestId(() => 'same'));
  });
});

describe('persisted state', () => {
  it('reads garbage as a fresh state', () => {
    for (const raw of [undefined, null, 42, 'x', []]) {
      const state = readPersistedState(raw);
      assert.equal(state.draft, null);
      assert.deepEqual(state.ui, initialUiState());
      assert.equal(state.pendingRequestId, undefined);
    }
  });

  it('round-trips what the webview saves', () => {
    const saved = {
      v: 1,
      draft: draftWith({ description: 'Half typed', tags: [{ id: '1-tags', label: 'Hot' }] }),
      ui: {
        shown: ['description'],
        dirty: ['description', 7],
        submitAttempted: true,
        serverErrors: [{ field: 'tags', code: 'server', message: 'x' }, { field: 'tags', code: 'bogus' }],
      },
      pendingRequestId: 'submit-1-abc',
      created: { name: 'Deal', number: 7, url: 'https://app.nutshell.com/lead/7' },
    };
    const state = readPersistedState(JSON.parse(JSON.stringify(saved)));
    assert.deepEqual(state.draft, saved.draft);
    assert.deepEqual(state.ui, {
      shown: ['description'],
      dirty: ['description'],
      submitAttempted: true,
      serverErrors: [{ field: 'tags', code: 'server', message: 'x' }],
    });
    assert.equal(state.pendingRequestId, 'submit-1-abc');
    assert.deepEqual(state.created, saved.created);
  });

  it('starts from the saved draft, else the host draft, else an empty one', () => {
    const saved = readPersistedState({ draft: draftWith({ description: 'mine' }) });
    assert.equal(startingDraft(saved, draftWith({ description: 'host' }), emptyLeadDraft).description, 'mine');
    const none = readPersistedState(undefined);
    assert.equal(startingDraft(none, draftWith({ description: 'host' }), emptyLeadDraft).description, 'host');
    assert.deepEqual(startingDraft(none, null, emptyLeadDraft), emptyLeadDraft());
  });
});
