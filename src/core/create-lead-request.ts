/**
 * Builds the exact `POST /leads` body from a validated draft. Optional fields that the user left
 * empty are omitted rather than sent as empty strings or empty arrays, so the lead gets Nutshell's
 * own defaults.
 */
import {
  isBlankCustomFieldValue,
  normalizeAmount,
  parseCalendarDate,
  type ValidLeadDraft,
} from './lead-schema.ts';

export type CustomFieldValue = string | string[];

export interface NewAccountInput {
  name: string;
}

/**
 * An inline contact, shaped like the document's `contactPostInput` item. `POST /leads` says only
 * "or a contact object"; we assume it takes the same fields, with `{value}` entries as in the
 * `POST /accounts` example.
 */
export interface NewContactInput {
  name: string;
  emails?: { value: string; isPrimary: true }[];
  phones?: { value: string; isPrimary: true }[];
}

export interface ProductMapInput {
  type?: 'productMaps';
  productType?: 'product';
  quantity?: number;
  price?: { amount: string };
  links: { product: string };
}

export interface LeadInput {
  description: string;
  manualValue?: string;
  dueTime?: { timestamp: number };
  customFields?: Record<string, CustomFieldValue>;
  links?: {
    owner?: string;
    accounts?: (string | NewAccountInput)[];
    contacts?: (string | NewContactInput)[];
    sources?: string[];
    tags?: string[];
    productMaps?: ProductMapInput[];
    competitorMaps?: string[];
  };
}

export interface CreateLeadRequestBody {
  leads: [LeadInput];
}

/**
 * The document gives `dueTime` as an object with a unix `timestamp` (seconds). A date input has
 * no time of day, so we send noon UTC of the chosen day: that instant falls on the same calendar
 * date in every time zone from UTC-11 to UTC+11, so the due date does not shift by a day.
 */
export function dueTimeForDate(isoDate: string): { timestamp: number } | undefined {
  const date = parseCalendarDate(isoDate);
  if (!date) {
    return undefined;
  }
  return { timestamp: Date.UTC(date.year, date.month - 1, date.day, 12) / 1000 };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * Turns a custom field value as typed into what the API takes (e.g. `$1,250.00` → `1250.00` for a
 * currency field); `customFieldNormalizer` in custom-fields.ts builds it from the definitions.
 */
export type CustomFieldNormalizer = (name: string, value: CustomFieldValue) => CustomFieldValue;

export function buildCreateLeadBody(
  draft: ValidLeadDraft,
  normalizeCustomField: CustomFieldNormalizer = (_name, value) => value,
): CreateLeadRequestBody {
  const lead: LeadInput = { description: draft.description };
  if (draft.manualValue !== '') {
    lead.manualValue = normalizeAmount(draft.manualValue);
  }
  const dueTime = draft.dueDate === '' ? undefined : dueTimeForDate(draft.dueDate);
  if (dueTime) {
    lead.dueTime = dueTime;
  }

  // Built with fromEntries so that a field named like `__proto__` is an ordinary key.
  const customFields: Record<string, CustomFieldValue> = Object.fromEntries(
    draft.customFields
      .filter((entry) => entry.name !== '' && !isBlankCustomFieldValue(entry.value))
      .map((entry) => [
        entry.name,
        normalizeCustomField(entry.name, typeof entry.value === 'string' ? entry.value : entry.value.filter((v) => v !== '')),
      ]),
  );
  if (Object.keys(customFields).length > 0) {
    lead.customFields = customFields;
  }

  const links: NonNullable<LeadInput['links']> = {};
  if (draft.owner) {
    links.owner = draft.owner.id;
  }
  const accounts = nonEmpty(draft.accounts.map((ref) => ('id' in ref ? ref.id : { name: ref.create.name })));
  if (accounts) {
    links.accounts = accounts;
  }
  const contacts = nonEmpty(
    draft.contacts.map((ref) => {
      if ('id' in ref) {
        return ref.id;
      }
      const contact: NewContactInput = { name: ref.create.name };
      if (ref.create.email) {
        contact.emails = [{ value: ref.create.email, isPrimary: true }];
      }
      if (ref.create.phone) {
        contact.phones = [{ value: ref.create.phone, isPrimary: true }];
      }
      return contact;
    }),
  );
  if (contacts) {
    links.contacts = contacts;
  }
  const sources = nonEmpty(draft.sources.map((ref) => ref.id));
  if (sources) {
    links.sources = sources;
  }
  const tags = nonEmpty(draft.tags.map((ref) => ref.id));
  if (tags) {
    links.tags = tags;
  }
  const productMaps = nonEmpty(
    draft.products.map((line): ProductMapInput => {
      const map: ProductMapInput = { links: { product: line.product.id } };
      // The document: "When specifying the price, quantity, or other root level productMap
      // properties, you need to specify the type and productType as well".
      if (line.quantity !== '' || line.price !== '') {
        map.type = 'productMaps';
        map.productType = 'product';
      }
      if (line.quantity !== '') {
        map.quantity = Number(line.quantity);
      }
      if (line.price !== '') {
        map.price = { amount: normalizeAmount(line.price) };
      }
      return map;
    }),
  );
  if (productMaps) {
    links.productMaps = productMaps;
  }
  const competitorMaps = nonEmpty(draft.competitors.map((ref) => ref.id));
  if (competitorMaps) {
    links.competitorMaps = competitorMaps;
  }
  if (Object.keys(links).length > 0) {
    lead.links = links;
  }
  return { leads: [lead] };
}
