/**
 * What the host's `formConfig` and `applySelection` do to the form, as pure functions:
 *
 * - typed custom fields: which input each kind gets, ids, and draft value conversion;
 * - defaults (owner, sources, tags) for a new form, never over anything the user did;
 * - suggestions from a selection, read back defensively from `getState()`.
 */
import type { CustomFieldDefinition, CustomFieldKind } from '../core/custom-fields.ts';
import type { LeadDraft, LinkRef } from '../core/lead-schema.ts';
import type { FormDefaults, PickerSuggestion } from '../core/protocol.ts';

// ---------------------------------------------------------------------------------------------
// Custom fields
// ---------------------------------------------------------------------------------------------

export type CustomFieldControl =
  | { control: 'input'; type: 'text' | 'date' | 'email' | 'tel' | 'url'; inputMode?: 'decimal' }
  | { control: 'select' }
  | { control: 'checkboxes' };

/** The input each kind of custom field gets. Unknown types were already mapped to text. */
export function customFieldControl(definition: CustomFieldDefinition): CustomFieldControl {
  if (definition.unknownType !== undefined) {
    return { control: 'input', type: 'text' };
  }
  const kind: CustomFieldKind = definition.kind;
  switch (kind) {
    case 'text':
      return { control: 'input', type: 'text' };
    case 'number':
    case 'currency':
      return { control: 'input', type: 'text', inputMode: 'decimal' };
    case 'date':
      return { control: 'input', type: 'date' };
    case 'email':
      return { control: 'input', type: 'email' };
    case 'phone':
      return { control: 'input', type: 'tel' };
    case 'url':
      return { control: 'input', type: 'url' };
    case 'choice':
      return definition.choices.length > 0 ? { control: 'select' } : { control: 'input', type: 'text' };
    case 'multiChoice':
      return definition.choices.length > 0 ? { control: 'checkboxes' } : { control: 'input', type: 'text' };
  }
}

/** `#cf-<index>` (the fieldset for checkboxes). */
export function customFieldInputId(index: number): string {
  return `cf-${index}`;
}

/** `#cf-<index>-<choiceIndex>`: one checkbox of a multiple choice field. */
export function customFieldChoiceId(index: number, choiceIndex: number): string {
  return `cf-${index}-${choiceIndex}`;
}

function canonicalChoice(definition: CustomFieldDefinition, value: string): string | undefined {
  const wanted = value.trim().toLocaleLowerCase();
  return definition.choices.find((choice) => choice.toLocaleLowerCase() === wanted);
}

/**
 * A value (typed, restored, or from the free rows) in the shape its field's input holds:
 * a list of known choices for checkboxes, a known choice or '' for a select, text otherwise.
 */
export function customFieldValueFor(definition: CustomFieldDefinition, value: string | readonly string[] | undefined): string | string[] {
  const control = customFieldControl(definition);
  if (control.control === 'checkboxes') {
    const parts = value === undefined ? [] : typeof value === 'string' ? value.split(',') : [...value];
    const chosen = new Set(parts.map((part) => canonicalChoice(definition, part)).filter((c): c is string => c !== undefined));
    // In the order the field lists its choices.
    return definition.choices.filter((choice) => chosen.has(choice));
  }
  const text = value === undefined ? '' : typeof value === 'string' ? value : value.join(', ');
  if (control.control === 'select') {
    return canonicalChoice(definition, text) ?? '';
  }
  return text;
}

/**
 * The draft's custom fields once the account's definitions are known: one entry per definition,
 * in their order (so `customFields.<i>` is `#cf-<i>`), keeping the values of entries with the
 * same name (case-insensitive). Entries for names the account does not have are dropped.
 * Without definitions the draft is left as it is (free name/value rows).
 */
export function alignCustomFields(draft: LeadDraft, definitions: readonly CustomFieldDefinition[]): LeadDraft {
  if (definitions.length === 0) {
    return draft;
  }
  const byName = new Map<string, string | string[]>();
  for (const entry of draft.customFields) {
    const key = entry.name.trim().toLocaleLowerCase();
    if (key !== '' && !byName.has(key)) {
      byName.set(key, entry.value);
    }
  }
  return {
    ...draft,
    customFields: definitions.map((definition) => ({
      name: definition.name,
      value: customFieldValueFor(definition, byName.get(definition.name.toLocaleLowerCase())),
    })),
  };
}

/** Sets the value of typed custom field `index` (a checkbox group gives a list). */
export function setCustomFieldValue(draft: LeadDraft, index: number, value: string | readonly string[]): LeadDraft {
  if (index < 0 || index >= draft.customFields.length) {
    return draft;
  }
  return {
    ...draft,
    customFields: draft.customFields.map((entry, i) =>
      i === index ? { ...entry, value: typeof value === 'string' ? value : [...value] } : entry,
    ),
  };
}

/** The checkboxes' new list after one of them changed, in the field's order of choices. */
export function toggleChoiceValue(definition: CustomFieldDefinition, current: readonly string[], choice: string, checked: boolean): string[] {
  const set = new Set(current);
  if (checked) {
    set.add(choice);
  } else {
    set.delete(choice);
  }
  return definition.choices.filter((c) => set.has(c));
}

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

/**
 * Applies the defaults to a new form. Each default goes only into a field that is empty and
 * that the user has not touched (`dirty`), so nothing typed or removed on purpose is overwritten.
 * A restored draft is not new: the caller passes `isNew = false` and the draft comes back as is.
 */
export function applyDefaults(draft: LeadDraft, defaults: FormDefaults, dirty: readonly string[], isNew: boolean): LeadDraft {
  if (!isNew) {
    return draft;
  }
  const next = { ...draft };
  const untouched = (key: string) => !dirty.includes(key);
  if (defaults.owner && next.owner === null && untouched('owner')) {
    next.owner = { ...defaults.owner };
  }
  const lists = { sources: defaults.sources, tags: defaults.tags } as const;
  for (const key of ['sources', 'tags'] as const) {
    const refs = lists[key];
    if (refs && refs.length > 0 && next[key].length === 0 && untouched(key)) {
      next[key] = refs.map((ref) => ({ ...ref }));
    }
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Suggestions
// ---------------------------------------------------------------------------------------------

export interface SelectionSuggestions {
  accounts: PickerSuggestion[];
  contacts: PickerSuggestion[];
}

export function emptySuggestions(): SelectionSuggestions {
  return { accounts: [], contacts: [] };
}

export function hasSuggestions(suggestions: SelectionSuggestions): boolean {
  return suggestions.accounts.length > 0 || suggestions.contacts.length > 0;
}

/** At most this many per field are kept (the host sends at most 5). */
export const MAX_SUGGESTIONS = 10;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalText(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function readSuggestion(raw: unknown, field: 'accounts' | 'contacts'): PickerSuggestion | undefined {
  if (!isRecord(raw) || typeof raw['label'] !== 'string' || raw['label'].trim() === '' || !isRecord(raw['ref'])) {
    return undefined;
  }
  const ref = raw['ref'];
  let read: PickerSuggestion['ref'] | undefined;
  if (typeof ref['id'] === 'string' && ref['id'] !== '') {
    const label = optionalText(ref, 'label');
    read = label === undefined ? { id: ref['id'] } : ({ id: ref['id'], label } satisfies LinkRef);
  } else if (isRecord(ref['create']) && typeof ref['create']['name'] === 'string' && ref['create']['name'].trim() !== '') {
    const create: { name: string; email?: string; phone?: string } = { name: ref['create']['name'] };
    if (field === 'contacts') {
      const email = optionalText(ref['create'], 'email');
      const phone = optionalText(ref['create'], 'phone');
      if (email !== undefined) {
        create.email = email;
      }
      if (phone !== undefined) {
        create.phone = phone;
      }
    }
    read = { create };
  }
  if (!read) {
    return undefined;
  }
  const suggestion: PickerSuggestion = { label: raw['label'], ref: read };
  const secondary = optionalText(raw, 'secondary');
  if (secondary !== undefined && secondary !== '') {
    suggestion.secondary = secondary;
  }
  return suggestion;
}

/** Suggestions from `getState()` (or a message): whatever does not have the right shape is left out. */
export function readSuggestions(raw: unknown): SelectionSuggestions {
  if (!isRecord(raw)) {
    return emptySuggestions();
  }
  const list = (field: 'accounts' | 'contacts') => {
    const value = raw[field];
    if (!Array.isArray(value)) {
      return [];
    }
    return value
      .map((entry) => readSuggestion(entry, field))
      .filter((entry): entry is PickerSuggestion => entry !== undefined)
      .slice(0, MAX_SUGGESTIONS);
  };
  return { accounts: list('accounts'), contacts: list('contacts') };
}
