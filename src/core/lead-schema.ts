/**
 * The one lead schema. The webview runs it for inline errors as the user types, and the
 * extension host runs it again on every submission, because the webview is a trust boundary.
 *
 * It is written with `zod/mini` so that the webview bundle and the lazily loaded host module
 * stay small (zod classic is ~450 KB minified; mini is ~14 KB).
 *
 * Messages are stable error codes, not prose: the core has no access to `vscode.l10n`, so the
 * host sends the webview a table of localized strings keyed by these codes.
 */
import * as z from 'zod/mini';
import { LINK_ENTITY_TYPES, isIdOfType, type EntityType } from './nutshell-ids.ts';

export const FIELD_ERROR_CODES = [
  'required',
  'tooLong',
  'invalidAmount',
  'invalidDate',
  'invalidQuantity',
  'wrongEntityType',
  'duplicate',
  'invalidEmail',
  'invalidNumber',
  'invalidUrl',
  'invalidPhone',
  'invalidChoice',
  'invalid',
  'server',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const DESCRIPTION_MAX_LENGTH = 500;
export const CUSTOM_FIELD_VALUE_MAX_LENGTH = 5000;

/** `1234`, `1234.5`, `1,234.56`, `$1,234.56`: what people type for money. */
const AMOUNT_PATTERN = /^\$?\s*(\d{1,3}(,\d{3}){1,3}|\d{1,12})(\.\d{1,2})?$/;
const QUANTITY_PATTERN = /^\d{1,6}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isAmount(text: string): boolean {
  return AMOUNT_PATTERN.test(text.trim());
}

/** Nutshell takes `manualValue` as a decimal string; we send it with exactly two decimals. */
export function normalizeAmount(text: string): string {
  const plain = text.trim().replace(/^\$\s*/, '').replace(/,/g, '');
  const [whole = '0', fraction = ''] = plain.split('.');
  // String work, not Number(): the digits the user typed are the digits we send.
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(2, '0')}`;
}

export function parseCalendarDate(text: string): { year: number; month: number; day: number } | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

export function isBlankCustomFieldValue(value: string | readonly string[]): boolean {
  return typeof value === 'string' ? value.trim() === '' : value.every((item) => item.trim() === '');
}

export function isEmail(text: string): boolean {
  return EMAIL_PATTERN.test(text.trim());
}

const trimmedString = () => z.string().check(z.trim());

const idRef = (entityType: EntityType) =>
  z.object({
    id: trimmedString().check(
      z.minLength(1, 'required'),
      z.refine((id) => id === '' || isIdOfType(id, entityType), 'wrongEntityType'),
    ),
    /** Display text only (picker chips); never sent. */
    label: z.optional(z.string()),
  });

const newAccount = z.object({
  create: z.object({
    name: trimmedString().check(z.minLength(1, 'required'), z.maxLength(255, 'tooLong')),
  }),
});

const newContact = z.object({
  create: z.object({
    name: trimmedString().check(z.minLength(1, 'required'), z.maxLength(255, 'tooLong')),
    email: z.optional(trimmedString().check(z.refine((v) => v === '' || isEmail(v), 'invalidEmail'))),
    phone: z.optional(trimmedString().check(z.maxLength(64, 'tooLong'))),
  }),
});

const productLine = z.object({
  product: idRef(LINK_ENTITY_TYPES.products),
  quantity: trimmedString().check(
    z.refine((v) => v === '' || (QUANTITY_PATTERN.test(v) && Number(v) > 0), 'invalidQuantity'),
  ),
  price: trimmedString().check(z.refine((v) => v === '' || isAmount(v), 'invalidAmount')),
});

const customFieldEntry = z.object({
  // A row whose value is empty is simply not sent, so its name may be empty too (see below).
  name: trimmedString().check(z.maxLength(255, 'tooLong')),
  value: z.union([
    trimmedString().check(z.maxLength(CUSTOM_FIELD_VALUE_MAX_LENGTH, 'tooLong')),
    z.array(trimmedString().check(z.maxLength(CUSTOM_FIELD_VALUE_MAX_LENGTH, 'tooLong'))),
  ]),
});

/**
 * The form model: what the webview edits, persists with `setState`, and submits.
 * Every text input is a string as typed (empty string = not given), and every link field holds
 * references, so a picker that yields `{ id, label }` can replace a typed id without a model change.
 */
export const leadDraftSchema = z
  .object({
    description: trimmedString().check(
      z.minLength(1, 'required'),
      z.maxLength(DESCRIPTION_MAX_LENGTH, 'tooLong'),
    ),
    manualValue: trimmedString().check(z.refine((v) => v === '' || isAmount(v), 'invalidAmount')),
    dueDate: trimmedString().check(z.refine((v) => v === '' || parseCalendarDate(v) !== undefined, 'invalidDate')),
    owner: z.nullable(idRef(LINK_ENTITY_TYPES.owner)),
    accounts: z.array(z.union([idRef(LINK_ENTITY_TYPES.accounts), newAccount])),
    contacts: z.array(z.union([idRef(LINK_ENTITY_TYPES.contacts), newContact])),
    sources: z.array(idRef(LINK_ENTITY_TYPES.sources)),
    tags: z.array(idRef(LINK_ENTITY_TYPES.tags)),
    products: z.array(productLine),
    competitors: z.array(idRef(LINK_ENTITY_TYPES.competitors)),
    customFields: z.array(customFieldEntry),
  })
  .check(
    z.superRefine((draft, ctx) => {
      for (const field of ['accounts', 'contacts', 'sources', 'tags', 'competitors'] as const) {
        const seen = new Set<string>();
        draft[field].forEach((ref, index) => {
          if ('id' in ref) {
            if (seen.has(ref.id)) {
              ctx.addIssue({ code: 'custom', message: 'duplicate', path: [field, index], input: ref });
            }
            seen.add(ref.id);
          }
        });
      }
      const names = new Set<string>();
      draft.customFields.forEach((entry, index) => {
        if (entry.name === '') {
          if (!isBlankCustomFieldValue(entry.value)) {
            ctx.addIssue({ code: 'custom', message: 'required', path: ['customFields', index, 'name'], input: entry });
          }
          return;
        }
        const key = entry.name.toLowerCase();
        if (names.has(key)) {
          ctx.addIssue({ code: 'custom', message: 'duplicate', path: ['customFields', index, 'name'], input: entry });
        }
        names.add(key);
      });
    }),
  );

export type LeadDraft = z.input<typeof leadDraftSchema>;
export type ValidLeadDraft = z.output<typeof leadDraftSchema>;
export type LinkRef = { id: string; label?: string };

export interface FieldError {
  /**
   * Where the error belongs in the form: a top-level field (`description`, `accounts`) or a row
   * inside a repeated group (`products.0.quantity`, `customFields.2.value`).
   */
  field: string;
  code: FieldErrorCode;
  /** Server-provided text, for `code: 'server'`. */
  message?: string;
}

export type DraftValidation = { ok: true; draft: ValidLeadDraft } | { ok: false; errors: FieldError[] };

const REPEATED_GROUPS = new Set(['products', 'customFields']);

/** Link lists are one control each, so their errors collapse onto the field itself. */
export function fieldKeyForPath(path: readonly PropertyKey[]): string {
  const [head, index, sub] = path;
  if (typeof head !== 'string') {
    return 'form';
  }
  if (REPEATED_GROUPS.has(head) && typeof index === 'number') {
    const subKey = typeof sub === 'string' ? sub : 'product';
    return `${head}.${index}.${subKey}`;
  }
  return head;
}

function asFieldErrorCode(message: string): FieldErrorCode {
  return (FIELD_ERROR_CODES as readonly string[]).includes(message) ? (message as FieldErrorCode) : 'invalid';
}

export function emptyLeadDraft(): LeadDraft {
  return {
    description: '',
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
  };
}

/** Checks a custom field value against the account's definition of that field, by name. */
export type CustomFieldValueCheck = (name: string, value: string | readonly string[]) => FieldErrorCode | undefined;

/** The per-type errors of well-formed custom field rows, whether or not the rest of the draft is valid. */
function customFieldTypeErrors(input: unknown, check: CustomFieldValueCheck): FieldError[] {
  const rows = typeof input === 'object' && input !== null ? (input as { customFields?: unknown }).customFields : undefined;
  if (!Array.isArray(rows)) {
    return [];
  }
  const errors: FieldError[] = [];
  rows.forEach((row: unknown, index) => {
    const { name, value } = (typeof row === 'object' && row !== null ? row : {}) as { name?: unknown; value?: unknown };
    const isValue = typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
    if (typeof name === 'string' && isValue) {
      // The checker sees the values as the schema would send them: trimmed.
      const trimmed = typeof value === 'string' ? value.trim() : (value as string[]).map((item) => item.trim());
      const code = check(name.trim(), trimmed);
      if (code) {
        errors.push({ field: `customFields.${index}.value`, code });
      }
    }
  });
  return errors;
}

/**
 * Validates any input (it may come from an untrusted webview) and reports one error per field.
 * `checkCustomField` adds the per-type rules of the account's custom fields, when they are known.
 */
export function validateLeadDraft(input: unknown, checkCustomField?: CustomFieldValueCheck): DraftValidation {
  const result = z.safeParse(leadDraftSchema, input);
  const typeErrors = checkCustomField ? customFieldTypeErrors(input, checkCustomField) : [];
  if (result.success && typeErrors.length === 0) {
    return { ok: true, draft: result.data };
  }
  if (result.success) {
    return { ok: false, errors: typeErrors };
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>(typeErrors.map((error) => error.field));
  errors.push(...typeErrors);
  for (const issue of result.error.issues) {
    const field = fieldKeyForPath(issue.path);
    if (seen.has(field)) {
      continue;
    }
    seen.add(field);
    // A wrong JSON shape (not a user's typing) has zod's own message; it maps to 'invalid'.
    errors.push({ field, code: asFieldErrorCode(issue.message) });
  }
  return { ok: false, errors };
}
