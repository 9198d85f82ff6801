/**
 * The lead form's pure logic: no DOM, no VS Code API, so all of it is unit-tested.
 *
 * - id-list parsing and the draft <-> input text mapping of link fields;
 * - immutable draft updates (typing, adding and removing rows);
 * - which errors are visible (validate on blur, then as you type; everything after a submit);
 * - mapping error field keys to DOM ids, and ordering them as the form shows them;
 * - the state persisted with `setState`, read back defensively.
 */
import {
  FIELD_ERROR_CODES,
  validateLeadDraft,
  type CustomFieldValueCheck,
  type FieldError,
  type FieldErrorCode,
  type LeadDraft,
  type LinkRef,
} from '../core/lead-schema.ts';
import type { LinkField } from '../core/nutshell-ids.ts';
import type { CreatedLeadSummary } from '../core/protocol.ts';
import type { FormStringKey } from '../core/form-strings.ts';
import { toStringKey, type Translate } from './strings.ts';
import { hasSuggestions, readSuggestions, type SelectionSuggestions } from './form-config.ts';

// ---------------------------------------------------------------------------------------------
// Field keys
// ---------------------------------------------------------------------------------------------

export type ScalarFieldKey = 'description' | 'manualValue' | 'dueDate';
/** Link fields that are a single control of the form (product ids live inside product rows). */
export type LinkFieldKey = 'owner' | 'accounts' | 'contacts' | 'sources' | 'tags' | 'competitors';
export type ProductPart = 'product' | 'quantity' | 'price';
export type CustomFieldPart = 'name' | 'value';

/** Top-level fields, in the order the form shows them. Products, then custom fields follow. */
export const TOP_LEVEL_FIELDS = [
  'description',
  'manualValue',
  'dueDate',
  'owner',
  'accounts',
  'contacts',
  'sources',
  'tags',
  'competitors',
] as const satisfies readonly (ScalarFieldKey | LinkFieldKey)[];

export const LINK_FIELDS = ['owner', 'accounts', 'contacts', 'sources', 'tags', 'competitors'] as const satisfies
  readonly LinkFieldKey[];
export const PRODUCT_PARTS = ['product', 'quantity', 'price'] as const satisfies readonly ProductPart[];
export const CUSTOM_FIELD_PARTS = ['name', 'value'] as const satisfies readonly CustomFieldPart[];

export function productKey(index: number, part: ProductPart): string {
  return `products.${index}.${part}`;
}

export function customFieldKey(index: number, part: CustomFieldPart): string {
  return `customFields.${index}.${part}`;
}

type RowKey =
  | { group: 'products'; index: number; part: ProductPart }
  | { group: 'customFields'; index: number; part: CustomFieldPart };

const ROW_KEY = /^(products|customFields)\.(\d{1,6})\.([a-zA-Z]+)$/;

export function parseRowKey(key: string): RowKey | undefined {
  const match = ROW_KEY.exec(key);
  if (!match) {
    return undefined;
  }
  const [, group, indexText = '', part = ''] = match;
  const index = Number(indexText);
  if (group === 'products' && (PRODUCT_PARTS as readonly string[]).includes(part)) {
    return { group, index, part: part as ProductPart };
  }
  if (group === 'customFields' && (CUSTOM_FIELD_PARTS as readonly string[]).includes(part)) {
    return { group, index, part: part as CustomFieldPart };
  }
  return undefined;
}

/** Every field key of the form, in document order (the order focus moves to errors in). */
export function fieldOrder(draft: LeadDraft): string[] {
  const keys: string[] = [...TOP_LEVEL_FIELDS];
  draft.products.forEach((_, index) => {
    for (const part of PRODUCT_PARTS) {
      keys.push(productKey(index, part));
    }
  });
  draft.customFields.forEach((_, index) => {
    for (const part of CUSTOM_FIELD_PARTS) {
      keys.push(customFieldKey(index, part));
    }
  });
  return keys;
}

/**
 * The DOM id of the input an error field key belongs to: `products.0.quantity` ->
 * `product-0-quantity`, `customFields.2.name` -> `customField-2-name`. Undefined for `form` and
 * for anything the form has no control for.
 */
export function inputIdForField(key: string): string | undefined {
  if ((TOP_LEVEL_FIELDS as readonly string[]).includes(key)) {
    return key;
  }
  const row = parseRowKey(key);
  if (!row) {
    return undefined;
  }
  return row.group === 'products' ? `product-${row.index}-${row.part}` : `customField-${row.index}-${row.part}`;
}

export function errorIdForInput(inputId: string): string {
  return `${inputId}-error`;
}

export function hintIdForInput(inputId: string): string {
  return `${inputId}-hint`;
}

/** `aria-describedby` for an input: its hint(s), then its error when one is shown. */
export function describedBy(hintIds: readonly string[], errorId: string | undefined): string {
  return [...hintIds, ...(errorId ? [errorId] : [])].join(' ');
}

/**
 * Splits field errors into those the form can show on a control (sorted in document order) and
 * the rest (`form`, unknown fields, rows that do not exist), which go to the banner.
 */
export function partitionErrors(
  errors: readonly FieldError[],
  draft: LeadDraft,
): { matched: FieldError[]; unmatched: FieldError[] } {
  const order = fieldOrder(draft);
  const position = new Map(order.map((key, index) => [key, index]));
  const matched: FieldError[] = [];
  const unmatched: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (position.has(error.field)) {
      if (!seen.has(error.field)) {
        seen.add(error.field);
        matched.push(error);
      }
    } else {
      unmatched.push(error);
    }
  }
  matched.sort((a, b) => (position.get(a.field) ?? 0) - (position.get(b.field) ?? 0));
  return { matched, unmatched };
}

export function firstInvalidField(errors: readonly FieldError[], draft: LeadDraft): string | undefined {
  return partitionErrors(errors, draft).matched[0]?.field;
}

// ---------------------------------------------------------------------------------------------
// Link fields: ids as text <-> refs
// ---------------------------------------------------------------------------------------------

export type NewAccountItem = { create: { name: string } };
export type NewContactItem = { create: { name: string; email?: string; phone?: string } };
/** Anything a link field can hold: a reference, or (companies, people) a record to create. */
export type LinkItem = LinkRef | NewAccountItem | NewContactItem;

export function isLinkRef(item: LinkItem): item is LinkRef {
  return 'id' in item;
}

/** Example ids per entity, for hints and for the `wrongEntityType` message. */
export const EXAMPLE_IDS: Record<LinkField, readonly [string, string]> = {
  owner: ['5-users', '7-users'],
  accounts: ['12-accounts', '14-accounts'],
  contacts: ['21-contacts', '23-contacts'],
  sources: ['3-sources', '4-sources'],
  tags: ['8-tags', '9-tags'],
  products: ['6-products', '10-products'],
  competitors: ['2-competitors', '5-competitors'],
};

/** The link entity a field key is about: `accounts` -> accounts, `products.3.product` -> products. */
export function linkKindForField(key: string): LinkField | undefined {
  if ((LINK_FIELDS as readonly string[]).includes(key)) {
    return key as LinkFieldKey;
  }
  const row = parseRowKey(key);
  return row?.group === 'products' && row.part === 'product' ? 'products' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading a draft that came from outside (setState from an older version, or the host)
// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

function asRef(value: unknown): LinkRef | undefined {
  if (!isRecord(value) || typeof value['id'] !== 'string') {
    return undefined;
  }
  const label = value['label'];
  return typeof label === 'string' ? { id: value['id'], label } : { id: value['id'] };
}

function asNewAccount(value: unknown): NewAccountItem | undefined {
  const create = isRecord(value) ? value['create'] : undefined;
  return isRecord(create) && typeof create['name'] === 'string' ? { create: { name: create['name'] } } : undefined;
}

function asNewContact(value: unknown): NewContactItem | undefined {
  const create = isRecord(value) ? value['create'] : undefined;
  if (!isRecord(create) || typeof create['name'] !== 'string') {
    return undefined;
  }
  const contact: NewContactItem['create'] = { name: create['name'] };
  if (typeof create['email'] === 'string') {
    contact.email = create['email'];
  }
  if (typeof create['phone'] === 'string') {
    contact.phone = create['phone'];
  }
  return { create: contact };
}

function listOf<T>(value: unknown, read: (item: unknown) => T | undefined): T[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const items: T[] = [];
  for (const entry of value) {
    const item = read(entry);
    if (item !== undefined) {
      items.push(item);
    }
  }
  return items;
}

/**
 * A well-formed `LeadDraft` from anything, keeping every value that has the right shape, or
 * null if it is not an object at all. Whether the values are *valid* is the schema's business.
 */
export function toLeadDraft(raw: unknown): LeadDraft | null {
  if (!isRecord(raw)) {
    return null;
  }
  return {
    description: asText(raw['description']),
    manualValue: asText(raw['manualValue']),
    dueDate: asText(raw['dueDate']),
    owner: asRef(raw['owner']) ?? null,
    accounts: listOf(raw['accounts'], (item) => asRef(item) ?? asNewAccount(item)),
    contacts: listOf(raw['contacts'], (item) => asRef(item) ?? asNewContact(item)),
    sources: listOf(raw['sources'], asRef),
    tags: listOf(raw['tags'], asRef),
    competitors: listOf(raw['competitors'], asRef),
    products: listOf(raw['products'], (item) =>
      isRecord(item)
        ? { product: asRef(item['product']) ?? { id: '' }, quantity: asText(item['quantity']), price: asText(item['price']) }
        : undefined,
    ),
    customFields: listOf(raw['customFields'], (item) => {
      if (!isRecord(item)) {
        return undefined;
      }
      const value = item['value'];
      return {
        name: asText(item['name']),
        value: Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : asText(value),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Draft updates (immutable)
// ---------------------------------------------------------------------------------------------

/** Sets what was typed into a plain text control: a scalar field or a row's quantity/price/name/value. */
export function setTextField(draft: LeadDraft, key: string, value: string): LeadDraft {
  if (key === 'description' || key === 'manualValue' || key === 'dueDate') {
    return { ...draft, [key]: value };
  }
  const row = parseRowKey(key);
  if (row?.group === 'products' && row.part !== 'product') {
    const part = row.part;
    return {
      ...draft,
      products: draft.products.map((line, index) => (index === row.index ? { ...line, [part]: value } : line)),
    };
  }
  if (row?.group === 'customFields') {
    const part = row.part;
    return {
      ...draft,
      customFields: draft.customFields.map((entry, index) => (index === row.index ? { ...entry, [part]: value } : entry)),
    };
  }
  return draft;
}

/** Sets what a link control holds. Single controls (owner, product) take the first item. */
export function setLinkField(draft: LeadDraft, key: string, items: readonly LinkItem[]): LeadDraft {
  const refs = items.filter(isLinkRef);
  switch (key) {
    case 'owner':
      return { ...draft, owner: refs[0] ?? null };
    case 'accounts':
      return {
        ...draft,
        accounts: items.map((item) => (isLinkRef(item) ? item : { create: { name: item.create.name } })),
      };
    case 'contacts':
      return { ...draft, contacts: [...items] };
    case 'sources':
    case 'tags':
    case 'competitors':
      return { ...draft, [key]: refs };
    default: {
      const row = parseRowKey(key);
      if (row?.group === 'products' && row.part === 'product') {
        const product = refs[0] ?? { id: '' };
        return {
          ...draft,
          products: draft.products.map((line, index) => (index === row.index ? { ...line, product } : line)),
        };
      }
      return draft;
    }
  }
}

/** The items a link control should show for a field key of the draft. */
export function linkItemsOf(draft: LeadDraft, key: string): LinkItem[] {
  switch (key) {
    case 'owner':
      return draft.owner ? [draft.owner] : [];
    case 'accounts':
    case 'contacts':
    case 'sources':
    case 'tags':
    case 'competitors':
      return [...draft[key]];
    default: {
      const row = parseRowKey(key);
      const line = row?.group === 'products' ? draft.products[row.index] : undefined;
      return line && line.product.id !== '' ? [line.product] : [];
    }
  }
}

/** The text a plain control shows for a field key (custom field lists are shown comma separated). */
export function textOf(draft: LeadDraft, key: string): string {
  if (key === 'description' || key === 'manualValue' || key === 'dueDate') {
    return draft[key];
  }
  const row = parseRowKey(key);
  if (row?.group === 'products' && row.part !== 'product') {
    return draft.products[row.index]?.[row.part] ?? '';
  }
  if (row?.group === 'customFields') {
    const entry = draft.customFields[row.index];
    const value = entry?.[row.part] ?? '';
    return typeof value === 'string' ? value : value.join(', ');
  }
  return '';
}

export function addProductRow(draft: LeadDraft): LeadDraft {
  return { ...draft, products: [...draft.products, { product: { id: '' }, quantity: '', price: '' }] };
}

export function addCustomFieldRow(draft: LeadDraft): LeadDraft {
  return { ...draft, customFields: [...draft.customFields, { name: '', value: '' }] };
}

export function removeRow(draft: LeadDraft, group: 'products' | 'customFields', index: number): LeadDraft {
  if (group === 'products') {
    return { ...draft, products: draft.products.filter((_, i) => i !== index) };
  }
  return { ...draft, customFields: draft.customFields.filter((_, i) => i !== index) };
}

/** Whether a field holds anything (a blurred empty field that was never edited shows no error). */
export function fieldHasValue(draft: LeadDraft, key: string): boolean {
  if (linkKindForField(key)) {
    return linkItemsOf(draft, key).some((item) => !isLinkRef(item) || item.id.trim() !== '');
  }
  return textOf(draft, key).trim() !== '';
}

// ---------------------------------------------------------------------------------------------
// Error visibility
// ---------------------------------------------------------------------------------------------

export interface FormUiState {
  /** Fields whose client-side errors are shown (they were blurred after an edit). */
  shown: readonly string[];
  /** Fields the user changed since the form was (re)started. */
  dirty: readonly string[];
  /** After a submit attempt every field's errors are shown, live. */
  submitAttempted: boolean;
  /** Errors the host returned; each stays until its field is edited. */
  serverErrors: readonly FieldError[];
}

export function initialUiState(): FormUiState {
  return { shown: [], dirty: [], submitAttempted: false, serverErrors: [] };
}

function withKey(keys: readonly string[], key: string): readonly string[] {
  return keys.includes(key) ? keys : [...keys, key];
}

/** The user changed a field: it is dirty, and a server error about it no longer applies. */
export function noteEdited(ui: FormUiState, key: string): FormUiState {
  const serverErrors = ui.serverErrors.filter((error) => error.field !== key);
  return { ...ui, dirty: withKey(ui.dirty, key), serverErrors };
}

/**
 * Focus left a field: from now on its errors show, and update as the user types. An untouched
 * empty field stays quiet, so tabbing through the form does not paint it red.
 */
export function noteBlurred(ui: FormUiState, key: string, draft: LeadDraft): FormUiState {
  if (ui.shown.includes(key) || (!ui.dirty.includes(key) && !fieldHasValue(draft, key))) {
    return ui;
  }
  return { ...ui, shown: [...ui.shown, key] };
}

export function noteSubmitAttempt(ui: FormUiState): FormUiState {
  return { ...ui, submitAttempted: true };
}

export function withServerErrors(ui: FormUiState, errors: readonly FieldError[]): FormUiState {
  return { ...ui, serverErrors: [...errors] };
}

/**
 * Every client-side error of the draft: the schema's, plus `extra` ones the schema cannot see
 * (a date input whose text is not a whole date has an empty value but is not empty).
 * `checkCustomField` adds the per-type rules of the account's custom fields (the host runs the
 * same check again).
 */
export function clientErrors(
  draft: LeadDraft,
  extra: readonly FieldError[] = [],
  checkCustomField?: CustomFieldValueCheck,
): FieldError[] {
  const validation = validateLeadDraft(draft, checkCustomField);
  const errors = validation.ok ? [] : validation.errors;
  return [...errors, ...extra.filter((error) => !errors.some((e) => e.field === error.field))];
}

/** Errors to show now, one per field key: the client's where visible, else the host's. */
export function visibleErrors(
  draft: LeadDraft,
  ui: FormUiState,
  extra: readonly FieldError[] = [],
  checkCustomField?: CustomFieldValueCheck,
): Map<string, FieldError> {
  const visible = new Map<string, FieldError>();
  for (const error of clientErrors(draft, extra, checkCustomField)) {
    if (ui.submitAttempted || ui.shown.includes(error.field)) {
      visible.set(error.field, error);
    }
  }
  for (const error of ui.serverErrors) {
    if (!visible.has(error.field)) {
      visible.set(error.field, error);
    }
  }
  return visible;
}

function shiftKey(key: string, group: 'products' | 'customFields', removed: number): string | undefined {
  const row = parseRowKey(key);
  if (!row || row.group !== group || row.index < removed) {
    return key;
  }
  if (row.index === removed) {
    return undefined;
  }
  return `${group}.${row.index - 1}.${row.part}`;
}

function shiftKeys(keys: readonly string[], group: 'products' | 'customFields', removed: number): string[] {
  return keys.flatMap((key) => {
    const shifted = shiftKey(key, group, removed);
    return shifted === undefined ? [] : [shifted];
  });
}

/** A row was removed: forget its keys, and renumber the rows after it. */
export function uiAfterRowRemoved(ui: FormUiState, group: 'products' | 'customFields', removed: number): FormUiState {
  return {
    ...ui,
    shown: shiftKeys(ui.shown, group, removed),
    dirty: shiftKeys(ui.dirty, group, removed),
    serverErrors: ui.serverErrors.flatMap((error) => {
      const field = shiftKey(error.field, group, removed);
      return field === undefined ? [] : [{ ...error, field }];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** Short name of a field key for field-specific strings (`error.required.product`). */
function fieldVariant(key: string): string {
  const row = parseRowKey(key);
  if (!row) {
    return key;
  }
  return row.group === 'products' ? row.part : `customField${row.part === 'name' ? 'Name' : 'Value'}`;
}

/** The text for an error: the host's own message if it has one, else the table's, by code. */
export function errorMessage(error: FieldError, t: Translate): string {
  if (error.message !== undefined && error.message.trim() !== '') {
    return error.message;
  }
  const code: FieldErrorCode = (FIELD_ERROR_CODES as readonly string[]).includes(error.code) ? error.code : 'invalid';
  const key: FormStringKey = toStringKey(`error.${code}.${fieldVariant(error.field)}`) ?? `error.${code}`;
  const kind = linkKindForField(error.field);
  return t(key, kind ? EXAMPLE_IDS[kind][0] : '');
}

export function successTitle(lead: CreatedLeadSummary, t: Translate): string {
  return lead.number === undefined ? t('success.titleNoNumber', lead.name) : t('success.title', lead.name, lead.number);
}

export function invalidSummary(count: number, t: Translate): string {
  return count === 1 ? t('status.invalidOne') : t('status.invalidMany', count);
}

// ---------------------------------------------------------------------------------------------
// Keyboard and ids
// ---------------------------------------------------------------------------------------------

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** Ctrl+Enter or Cmd+Enter (not while an IME is composing). */
export function isSubmitShortcut(event: KeyLike): boolean {
  return (
    event.key === 'Enter' &&
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey &&
    event.isComposing !== true
  );
}

export function isMacPlatform(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function submitShortcutLabel(mac: boolean): string {
  return mac ? '⌘Enter' : 'Ctrl+Enter';
}

let requestCounter = 0;

/** A fresh request id (at most 64 characters, as the protocol allows). */
export function createRequestId(randomUUID?: () => string): string {
  requestCounter += 1;
  const random = randomUUID ? randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `submit-${requestCounter}-${random}`.slice(0, 64);
}

// ---------------------------------------------------------------------------------------------
// Persisted webview state
// ---------------------------------------------------------------------------------------------

export interface PersistedState {
  v: 1;
  /** The draft being edited; null once a lead was created from it. */
  draft: LeadDraft | null;
  ui: FormUiState;
  /** A submit still unanswered when the webview went away; its result is accepted if it comes. */
  pendingRequestId?: string;
  /** The last created lead, while its success view is showing. */
  created?: CreatedLeadSummary;
  /** Suggestions from "Create Lead from Selection", offered in the companies and people pickers. */
  suggestions?: SelectionSuggestions;
  /** A new form whose defaults have not been applied yet (they come with `formConfig`). */
  fresh?: true;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function fieldErrorList(value: unknown): FieldError[] {
  return listOf(value, (item) => {
    if (!isRecord(item) || typeof item['field'] !== 'string' || typeof item['code'] !== 'string') {
      return undefined;
    }
    const code = item['code'];
    if (!(FIELD_ERROR_CODES as readonly string[]).includes(code)) {
      return undefined;
    }
    const error: FieldError = { field: item['field'], code: code as FieldErrorCode };
    if (typeof item['message'] === 'string') {
      error.message = item['message'];
    }
    return error;
  });
}

function asCreated(value: unknown): CreatedLeadSummary | undefined {
  if (!isRecord(value) || typeof value['name'] !== 'string') {
    return undefined;
  }
  const lead: CreatedLeadSummary = { name: value['name'] };
  if (typeof value['number'] === 'number') {
    lead.number = value['number'];
  }
  if (typeof value['url'] === 'string') {
    lead.url = value['url'];
  }
  return lead;
}

/** Reads `getState()`; whatever it holds (nothing, an older shape, garbage) gives a usable state. */
export function readPersistedState(raw: unknown): PersistedState {
  if (!isRecord(raw)) {
    return { v: 1, draft: null, ui: initialUiState() };
  }
  const ui = isRecord(raw['ui']) ? raw['ui'] : {};
  const state: PersistedState = {
    v: 1,
    draft: toLeadDraft(raw['draft']),
    ui: {
      shown: stringList(ui['shown']),
      dirty: stringList(ui['dirty']),
      submitAttempted: ui['submitAttempted'] === true,
      serverErrors: fieldErrorList(ui['serverErrors']),
    },
  };
  if (typeof raw['pendingRequestId'] === 'string' && raw['pendingRequestId'] !== '') {
    state.pendingRequestId = raw['pendingRequestId'];
  }
  const created = asCreated(raw['created']);
  if (created) {
    state.created = created;
  }
  const suggestions = readSuggestions(raw['suggestions']);
  if (hasSuggestions(suggestions)) {
    state.suggestions = suggestions;
  }
  if (raw['fresh'] === true) {
    state.fresh = true;
  }
  return state;
}

/** Which draft the form starts with: the saved one, else the host's, else an empty one. */
export function startingDraft(saved: PersistedState, hostDraft: unknown, empty: () => LeadDraft): LeadDraft {
  return saved.draft ?? toLeadDraft(hostDraft) ?? empty();
}
