/**
 * The account's lead custom fields (`GET /leads/customfields/attributes`).
 *
 * The document declares only `id` for these objects, so the parser is tolerant: it reads the
 * name from `name`/`title`/`label`, the type from `type`/`fieldType`/`dataType` (a string or an
 * object with `name`/`value`), choices from `choices`/`options`/`values`, and multiplicity from
 * `isMultiple`/`multiple`. An unknown type becomes a text input and is reported, never a crash.
 */
import type { CustomFieldNormalizer } from './create-lead-request.ts';
import {
  isAmount,
  isEmail,
  normalizeAmount,
  parseCalendarDate,
  type CustomFieldValueCheck,
  type FieldErrorCode,
} from './lead-schema.ts';

export const CUSTOM_FIELD_KINDS = [
  'text',
  'number',
  'currency',
  'date',
  'email',
  'phone',
  'url',
  'choice',
  'multiChoice',
] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export interface CustomFieldDefinition {
  /** The key `customFields` uses on create (the document's example keys by field name). */
  name: string;
  kind: CustomFieldKind;
  choices: string[];
  /** The raw type, when it was not understood and the field fell back to text. */
  unknownType?: string;
}

/** Keys are lower case with spaces, dashes and underscores removed. */
const KIND_SYNONYMS: Record<string, CustomFieldKind> = {
  text: 'text',
  string: 'text',
  textarea: 'text',
  longtext: 'text',
  number: 'number',
  integer: 'number',
  int: 'number',
  float: 'number',
  decimal: 'number',
  numeric: 'number',
  currency: 'currency',
  money: 'currency',
  date: 'date',
  datetime: 'date',
  email: 'email',
  emailaddress: 'email',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  url: 'url',
  link: 'url',
  website: 'url',
  choice: 'choice',
  enum: 'choice',
  select: 'choice',
  dropdown: 'choice',
  picklist: 'choice',
  radio: 'choice',
  multichoice: 'multiChoice',
  multiselect: 'multiChoice',
  checkbox: 'multiChoice',
  checkboxes: 'multiChoice',
};

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function rawType(record: JsonRecord): string | undefined {
  for (const key of ['type', 'fieldType', 'dataType', 'valueType']) {
    const value = record[key];
    const direct = text(value);
    if (direct) {
      return direct;
    }
    if (isRecord(value)) {
      const nested = text(value.name) ?? text(value.value) ?? text(value.type);
      if (nested) {
        return nested;
      }
    }
  }
  return undefined;
}

function choicesOf(record: JsonRecord): string[] {
  for (const key of ['choices', 'options', 'values']) {
    const list = record[key];
    if (Array.isArray(list)) {
      return list
        .map((entry) => (isRecord(entry) ? (text(entry.name) ?? text(entry.value) ?? text(entry.label)) : text(entry)))
        .filter((entry): entry is string => entry !== undefined);
    }
  }
  return [];
}

export interface ParsedCustomFields {
  fields: CustomFieldDefinition[];
  /** Human-readable notes for the log: skipped entries and unknown types. */
  notes: string[];
}

export function parseCustomFieldAttributes(body: unknown): ParsedCustomFields {
  const list = Array.isArray(body)
    ? body
    : isRecord(body)
      ? ((['customFields', 'customfields', 'attributes', 'fields'].map((key) => body[key]).find(Array.isArray) as
          | unknown[]
          | undefined) ?? [])
      : [];
  const fields: CustomFieldDefinition[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const entry of list) {
    if (!isRecord(entry)) {
      notes.push('Skipped a custom field that is not an object.');
      continue;
    }
    const name = text(entry.name) ?? text(entry.title) ?? text(entry.label);
    if (!name) {
      notes.push('Skipped a custom field without a name.');
      continue;
    }
    if (seen.has(name.toLowerCase())) {
      notes.push(`Skipped a second custom field named "${name}".`);
      continue;
    }
    seen.add(name.toLowerCase());
    const type = rawType(entry);
    const typeKey = type?.toLowerCase().replace(/[\s_-]/g, '');
    const known = typeKey === undefined ? 'text' : Object.hasOwn(KIND_SYNONYMS, typeKey) ? KIND_SYNONYMS[typeKey] : undefined;
    const choices = choicesOf(entry);
    const multiple = entry.isMultiple === true || entry.multiple === true;
    const definition: CustomFieldDefinition = { name, kind: known ?? 'text', choices };
    if (!known) {
      definition.unknownType = type;
      notes.push(`Custom field "${name}" has an unknown type "${type}"; it is shown as a text input.`);
    } else if ((known === 'choice' || known === 'multiChoice') && choices.length === 0) {
      notes.push(`Custom field "${name}" is a choice without choices; it is shown as a text input.`);
      definition.kind = 'text';
    } else if (known === 'choice' && multiple) {
      definition.kind = 'multiChoice';
    }
    fields.push(definition);
  }
  return { fields, notes };
}

const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const PHONE_PATTERN = /^\+?[\d\s().-]{5,32}(\s*(x|ext\.?)\s*\d{1,6})?$/i;
const NUMBER_PATTERN = /^-?(\d{1,3}(,\d{3})+|\d{1,15})(\.\d{1,6})?$/;

/** Checks one value against its field's kind. Empty values are always fine: they are not sent. */
export function customFieldValueError(
  definition: CustomFieldDefinition,
  value: string | readonly string[],
): FieldErrorCode | undefined {
  if (definition.kind === 'multiChoice') {
    const values = typeof value === 'string' ? [value] : value;
    return values.every((item) => item === '' || definition.choices.includes(item)) ? undefined : 'invalidChoice';
  }
  if (typeof value !== 'string') {
    return 'invalid';
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  switch (definition.kind) {
    case 'text':
      return undefined;
    case 'number':
      return NUMBER_PATTERN.test(trimmed) ? undefined : 'invalidNumber';
    case 'currency':
      return isAmount(trimmed) ? undefined : 'invalidAmount';
    case 'date':
      return parseCalendarDate(trimmed) ? undefined : 'invalidDate';
    case 'email':
      return isEmail(trimmed) ? undefined : 'invalidEmail';
    case 'phone':
      return PHONE_PATTERN.test(trimmed) ? undefined : 'invalidPhone';
    case 'url':
      return URL_PATTERN.test(trimmed) ? undefined : 'invalidUrl';
    case 'choice':
      return definition.choices.includes(trimmed) ? undefined : 'invalidChoice';
  }
}

/** The per-type check for `validateLeadDraft`; names not in the list are left to the server. */
export function customFieldChecker(definitions: readonly CustomFieldDefinition[]): CustomFieldValueCheck {
  const byName = new Map(definitions.map((definition) => [definition.name.toLowerCase(), definition]));
  return (name, value) => {
    const definition = byName.get(name.trim().toLowerCase());
    return definition ? customFieldValueError(definition, value) : undefined;
  };
}

/**
 * What is sent for a valid value: numbers without thousands separators (`1,000` → `1000`) and
 * currency amounts as plain decimals (`$1,250.00` → `1250.00`), as `manualValue` is.
 */
export function customFieldNormalizer(definitions: readonly CustomFieldDefinition[]): CustomFieldNormalizer {
  const byName = new Map(definitions.map((definition) => [definition.name.toLowerCase(), definition]));
  return (name, value) => {
    const kind = byName.get(name.trim().toLowerCase())?.kind;
    if (typeof value !== 'string') {
      return value;
    }
    if (kind === 'number' && NUMBER_PATTERN.test(value)) {
      return value.replace(/,/g, '');
    }
    if (kind === 'currency' && isAmount(value)) {
      return normalizeAmount(value);
    }
    return value;
  };
}
