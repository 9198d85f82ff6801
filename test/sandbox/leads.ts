/**
 * POST /rest/leads: validation of the request body against the OpenAPI document (create-lead.md),
 * and creation of the lead (plus inline accounts/contacts, product maps, competitor maps).
 *
 * Validation collects EVERY problem it finds; each gets a JSON pointer into the request body.
 * Nothing is created unless the whole request is valid.
 *
 * Where the document is vague we chose (see README.md, "Assumptions"):
 * - `dueTime`: the document references the `dueTime` schema, an object `{timestamp, value,
 *   absoluteLocalizedString}`, while the response's `Lead.dueTime` is a plain string. We accept
 *   EITHER an object with a numeric `timestamp` (unix SECONDS; values that look like milliseconds are
 *   rejected) OR an ISO-8601 string ("2024-05-28" or "2024-05-28T12:00:00Z"; no zone = UTC).
 * - `manualValue`: a string holding a non-negative decimal number ("999.99", "1000"); numbers,
 *   thousands separators and currency symbols are rejected.
 * - `customFields` values: strings (the document's CustomFieldInput is `type: string`), or an array
 *   of strings for multi-choice fields. "" means "no value" and is accepted for every type. Values
 *   are checked per field type (see checkCustomFieldValue).
 * - `links.accounts` / `links.contacts` items: an id string ("12-accounts") of an existing record, or
 *   an object, which creates a NEW record (an object carrying `id` is rejected to catch mix-ups).
 *   New records need at least one of name / emails / phones / urls / addresses (as POST /accounts
 *   documents); `email`, `phone`, `url` singular strings are accepted too.
 * - `links.tags`: the tag must exist AND have tagType "leads".
 * - `links.owner`: the user must exist and be enabled. When absent, the authenticated user owns it.
 * - `links.productMaps`: quantity must be an integer > 0 (create-lead.md says integer; the full
 *   OpenAPI doc says number/float); price is the `value` schema `{amount: decimal string, currency?}`.
 *   "When specifying the price, quantity, or other root level productMap properties, you need to
 *   specify the type and productType as well": a missing `productType` is a 400; a missing `type` only
 *   produces an `x-sandbox-warnings` header.
 * - Unknown properties are ignored (as a lenient server would) but reported in `x-sandbox-warnings`.
 */
import { pointer } from './errors.ts';
import type { ApiErrorObject } from './errors.ts';
import { nextId } from './state.ts';
import type { SandboxState } from './state.ts';
import type { SeedAccount, SeedAddress, SeedContact, SeedCustomField, SeedEmail, SeedPhone, SeedUrl } from './seed.ts';
import { apiId, initialsOf, toAmount, usdValue, wireTime } from './wire.ts';
import type { FullLead, WireContext } from './wire.ts';

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

interface NewPeepPlan {
  name: string | null;
  description: string;
  emails: SeedEmail[];
  phones: SeedPhone[];
  urls: SeedUrl[];
  addresses: SeedAddress[];
}

interface NewContactPlan extends NewPeepPlan {
  jobTitle: string;
  accountIds: number[];
}

type RefPlan<T> = { kind: 'existing'; id: number } | { kind: 'new'; record: T };

interface ProductMapPlan {
  productId: number;
  quantity: number;
  amount: string | null;
  currency: string;
  productType: string | null;
}

export interface LeadPlan {
  description: string;
  manualValue: string | null;
  /** unix seconds */
  dueTime: number | null;
  customFields: Record<string, string | string[]>;
  ownerId: number | null;
  accounts: RefPlan<NewPeepPlan>[];
  contacts: RefPlan<NewContactPlan>[];
  sourceIds: number[];
  tagIds: number[];
  productMaps: ProductMapPlan[];
  competitorIds: number[];
}

export interface ValidationResult {
  errors: ApiErrorObject[];
  warnings: string[];
  plan: LeadPlan | null;
}

const TITLES: Record<string, string> = {
  required: 'Missing required value',
  type: 'Wrong type',
  invalid: 'Invalid value',
  unknownField: 'Unknown custom field',
  notFound: 'Referenced record not found',
};

class Collector {
  errors: ApiErrorObject[] = [];
  warnings: string[] = [];

  add(ptr: string, code: keyof typeof TITLES, detail: string): void {
    this.errors.push({ status: '400', title: TITLES[code] ?? 'Invalid value', detail, code, source: { pointer: ptr } });
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  ignoreUnknown(obj: Obj, known: readonly string[], base: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.warn(`ignored unknown property ${base}${pointer(key)}`);
      }
    }
  }
}

const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses "12-accounts" (the document's `{integer}-{entityType}` id format). */
function parseApiId(value: unknown, entityType: string, ptr: string, c: Collector): number | null {
  if (typeof value !== 'string') {
    c.add(ptr, 'type', `Expected an id string like "1-${entityType}", got ${typeName(value)}.`);
    return null;
  }
  const m = /^([1-9]\d*)-([A-Za-z]+)$/.exec(value);
  if (!m || m[1] === undefined) {
    c.add(ptr, 'invalid', `"${value}" is not an API id; expected the form "{integer}-${entityType}", e.g. "1-${entityType}".`);
    return null;
  }
  if (m[2] !== entityType) {
    c.add(ptr, 'invalid', `"${value}" is a ${m[2]} id; expected a ${entityType} id like "1-${entityType}".`);
    return null;
  }
  return Number(m[1]);
}

function existingRef(
  value: unknown,
  entityType: string,
  ids: readonly { id: number }[],
  ptr: string,
  c: Collector,
): number | null {
  const id = parseApiId(value, entityType, ptr, c);
  if (id === null) return null;
  if (!ids.some((r) => r.id === id)) {
    c.add(ptr, 'notFound', `"${String(value)}" does not exist (no such ${entityType} record).`);
    return null;
  }
  return id;
}

function arrayAt(value: unknown, ptr: string, c: Collector, what: string): unknown[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) {
    c.add(ptr, 'type', `${what} must be an array, got ${typeName(value)}.`);
    return null;
  }
  return value;
}

function idList(
  value: unknown,
  entityType: string,
  ids: readonly { id: number }[],
  ptr: string,
  c: Collector,
): number[] {
  const arr = arrayAt(value, ptr, c, `links.${ptr.split('/').pop() ?? ''}`);
  if (!arr) return [];
  const out: number[] = [];
  arr.forEach((item, i) => {
    const id = existingRef(item, entityType, ids, `${ptr}/${i}`, c);
    if (id !== null) {
      if (out.includes(id)) {
        c.warn(`duplicate id ${apiId(id, entityType)} at ${ptr}/${i} ignored`);
      } else {
        out.push(id);
      }
    }
  });
  return out;
}

function optionalString(obj: Obj, key: string, base: string, c: Collector): string {
  const v = obj[key];
  if (v === undefined) return '';
  if (typeof v !== 'string') {
    c.add(`${base}${pointer(key)}`, 'type', `${key} must be a string, got ${typeName(v)}.`);
    return '';
  }
  return v;
}

function parsePhoneDigits(raw: string): { countryCode: string; number: string } | null {
  const withoutExt = raw.replace(/\s*(?:x|ext\.?)\s*\d+\s*$/i, '');
  if (!/^[\d\s()+.-]+$/.test(withoutExt)) return null;
  const digits = withoutExt.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return null;
  if (digits.length > 10) {
    return { countryCode: digits.slice(0, digits.length - 10), number: digits.slice(-10) };
  }
  return { countryCode: '1', number: digits };
}

/** Parses emails / email of an inline account or contact. */
function peepEmails(obj: Obj, base: string, c: Collector): SeedEmail[] {
  const out: SeedEmail[] = [];
  const push = (v: unknown, ptr: string, name: string, isPrimary: boolean): void => {
    if (typeof v !== 'string') {
      c.add(ptr, 'type', `E-mail address must be a string, got ${typeName(v)}.`);
    } else if (!EMAIL.test(v)) {
      c.add(ptr, 'invalid', `"${v}" is not a valid e-mail address.`);
    } else {
      out.push({ value: v, name, isPrimary: isPrimary && !out.some((e) => e.isPrimary) });
    }
  };
  if (obj.email !== undefined) push(obj.email, `${base}/email`, 'work', true);
  const arr = arrayAt(obj.emails, `${base}/emails`, c, 'emails');
  arr?.forEach((item, i) => {
    const ptr = `${base}/emails/${i}`;
    if (isObject(item)) {
      const name = typeof item.name === 'string' ? item.name : 'work';
      push(item.value, `${ptr}/value`, name, item.isPrimary !== false);
    } else {
      push(item, ptr, 'work', true);
    }
  });
  return out;
}

function peepPhones(obj: Obj, base: string, c: Collector): SeedPhone[] {
  const out: SeedPhone[] = [];
  const push = (v: unknown, ptr: string, name: string, isPrimary: boolean): void => {
    let raw: unknown = v;
    if (isObject(v)) {
      raw = v.number;
      ptr = `${ptr}/number`;
    }
    if (typeof raw !== 'string') {
      c.add(ptr, 'type', `Phone number must be a string, got ${typeName(raw)}.`);
      return;
    }
    const parsed = parsePhoneDigits(raw);
    if (!parsed) {
      c.add(ptr, 'invalid', `"${raw}" is not a valid phone number (7 to 15 digits; digits, spaces, ()+.- and an "x123" extension allowed).`);
      return;
    }
    out.push({ ...parsed, name, isPrimary: isPrimary && !out.some((p) => p.isPrimary) });
  };
  if (obj.phone !== undefined) push(obj.phone, `${base}/phone`, 'work', true);
  const arr = arrayAt(obj.phones, `${base}/phones`, c, 'phones');
  arr?.forEach((item, i) => {
    const ptr = `${base}/phones/${i}`;
    if (isObject(item)) {
      const name = typeof item.name === 'string' ? item.name : 'work';
      push(item.value, `${ptr}/value`, name, item.isPrimary !== false);
    } else {
      push(item, ptr, 'work', true);
    }
  });
  return out;
}

function peepUrls(obj: Obj, base: string, c: Collector): SeedUrl[] {
  const out: SeedUrl[] = [];
  const push = (v: unknown, ptr: string, name: string): void => {
    if (typeof v !== 'string' || v.trim() === '') {
      c.add(ptr, typeof v === 'string' ? 'invalid' : 'type', 'URL must be a non-empty string.');
      return;
    }
    out.push({ value: v, name, isPrimary: out.length === 0 });
  };
  if (obj.url !== undefined) push(obj.url, `${base}/url`, 'website');
  const arr = arrayAt(obj.urls, `${base}/urls`, c, 'urls');
  arr?.forEach((item, i) => {
    const ptr = `${base}/urls/${i}`;
    if (isObject(item)) {
      push(item.value, `${ptr}/value`, typeof item.name === 'string' ? item.name : 'website');
    } else {
      push(item, ptr, 'website');
    }
  });
  return out;
}

const ADDRESS_KEYS = ['address_1', 'city', 'state', 'postalCode', 'country'] as const;

function peepAddresses(obj: Obj, base: string, c: Collector): SeedAddress[] {
  const out: SeedAddress[] = [];
  const arr = arrayAt(obj.addresses, `${base}/addresses`, c, 'addresses');
  arr?.forEach((item, i) => {
    const ptr = `${base}/addresses/${i}`;
    if (!isObject(item)) {
      c.add(ptr, 'type', `Address must be an object, got ${typeName(item)}.`);
      return;
    }
    // POST /accounts documents the fields under `value`; the Peep schema has them at item level.
    const src = isObject(item.value) ? item.value : item;
    const srcPtr = isObject(item.value) ? `${ptr}/value` : ptr;
    const fields: Record<string, string> = {};
    for (const key of ADDRESS_KEYS) {
      fields[key] = optionalString(src, key, srcPtr, c);
    }
    out.push({
      name: typeof item.name === 'string' ? item.name : 'work',
      isPrimary: out.length === 0,
      address_1: fields.address_1 ?? '',
      city: fields.city ?? '',
      state: fields.state ?? '',
      postalCode: fields.postalCode ?? '',
      country: fields.country ?? '',
    });
  });
  return out;
}

function newPeep(obj: Obj, base: string, c: Collector, kind: 'account' | 'contact'): NewPeepPlan {
  if (obj.id !== undefined) {
    c.add(
      `${base}/id`,
      'invalid',
      `An object in links.${kind}s creates a NEW ${kind}; to link an existing one pass its id string (e.g. "${String(obj.id)}") instead of an object.`,
    );
  }
  let name: string | null = null;
  if (obj.name !== undefined) {
    if (typeof obj.name !== 'string') {
      c.add(`${base}/name`, 'type', `name must be a string, got ${typeName(obj.name)}.`);
    } else if (obj.name.trim() === '') {
      c.add(`${base}/name`, 'invalid', 'name must not be empty.');
    } else {
      name = obj.name.trim();
    }
  }
  const plan: NewPeepPlan = {
    name,
    description: optionalString(obj, 'description', base, c),
    emails: peepEmails(obj, base, c),
    phones: peepPhones(obj, base, c),
    urls: peepUrls(obj, base, c),
    addresses: peepAddresses(obj, base, c),
  };
  const given = ['name', 'email', 'emails', 'phone', 'phones', 'url', 'urls', 'addresses'].filter((k) => obj[k] !== undefined);
  if (given.length === 0) {
    c.add(base, 'required', `A new ${kind} needs at least one of: name, emails, phones, urls, addresses.`);
  }
  return plan;
}

function refList<T>(
  value: unknown,
  entityType: 'accounts' | 'contacts',
  ids: readonly { id: number }[],
  ptr: string,
  c: Collector,
  makeNew: (obj: Obj, base: string) => T,
): RefPlan<T>[] {
  const arr = arrayAt(value, ptr, c, `links.${entityType}`);
  if (!arr) return [];
  const out: RefPlan<T>[] = [];
  arr.forEach((item, i) => {
    const itemPtr = `${ptr}/${i}`;
    if (isObject(item)) {
      out.push({ kind: 'new', record: makeNew(item, itemPtr) });
    } else if (typeof item === 'string') {
      const id = existingRef(item, entityType, ids, itemPtr, c);
      if (id !== null) {
        if (out.some((r) => r.kind === 'existing' && r.id === id)) {
          c.warn(`duplicate id ${item} at ${itemPtr} ignored`);
        } else {
          out.push({ kind: 'existing', id });
        }
      }
    } else {
      c.add(itemPtr, 'type', `Each item must be an id string like "1-${entityType}" or an object describing a new record, got ${typeName(item)}.`);
    }
  });
  return out;
}

function isValidCalendarDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** ISO-8601 date or date-time -> unix seconds, or null. A date-time without zone is taken as UTC. */
export function parseIsoTime(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const [, y, mo, d, hh, mm, ss, zone] = m;
  if (!isValidCalendarDate(Number(y), Number(mo), Number(d))) return null;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? '0') > 59)) return null;
  let text = s.replace(' ', 'T');
  if (hh === undefined) text += 'T00:00:00Z';
  else if (zone === undefined) text += 'Z';
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function parseDueTime(v: unknown, ptr: string, c: Collector): number | null {
  if (typeof v === 'string') {
    const t = parseIsoTime(v);
    if (t === null) {
      c.add(ptr, 'invalid', `"${v}" is not an ISO-8601 date or date-time (e.g. "2024-05-28" or "2024-05-28T12:00:00Z").`);
    }
    return t;
  }
  if (isObject(v)) {
    const ts = v.timestamp;
    if (ts === undefined) {
      c.add(`${ptr}/timestamp`, 'required', 'dueTime object needs a numeric "timestamp" (unix seconds).');
      return null;
    }
    if (typeof ts !== 'number' || !Number.isFinite(ts)) {
      c.add(`${ptr}/timestamp`, 'type', `timestamp must be a number (unix seconds), got ${typeName(ts)}.`);
      return null;
    }
    if (ts < 0) {
      c.add(`${ptr}/timestamp`, 'invalid', 'timestamp must not be negative.');
      return null;
    }
    if (ts > 1e11) {
      c.add(`${ptr}/timestamp`, 'invalid', `timestamp ${ts} looks like milliseconds; send unix SECONDS (e.g. ${Math.floor(ts / 1000)}).`);
      return null;
    }
    return Math.floor(ts);
  }
  c.add(ptr, 'type', `dueTime must be an object {"timestamp": <unix seconds>} or an ISO-8601 string, got ${typeName(v)}.`);
  return null;
}

function looksLikeUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
  } catch {
    return /^[\w-]+(\.[\w-]+)+(:\d+)?(\/\S*)?$/.test(s);
  }
}

/** Checks one custom field value; returns the value to store, or null when invalid. */
function checkCustomFieldValue(field: SeedCustomField, v: unknown, ptr: string, c: Collector): string | string[] | null {
  if (field.type === 'enum') {
    const choices = field.choices ?? [];
    const one = (x: unknown, p: string): string | null => {
      if (typeof x !== 'string') {
        c.add(p, 'type', `Value of "${field.name}" must be a string, got ${typeName(x)}.`);
        return null;
      }
      if (x !== '' && !choices.includes(x)) {
        c.add(p, 'invalid', `"${x}" is not a choice of "${field.name}". Choices: ${choices.map((ch) => `"${ch}"`).join(', ')}.`);
        return null;
      }
      return x;
    };
    if (Array.isArray(v)) {
      if (!field.isMultiple) {
        c.add(ptr, 'type', `"${field.name}" is a single-choice field; send one string, not an array.`);
        return null;
      }
      const out: string[] = [];
      let ok = true;
      v.forEach((x, i) => {
        const r = one(x, `${ptr}/${i}`);
        if (r === null) ok = false;
        else if (r !== '' && !out.includes(r)) out.push(r);
      });
      return ok ? out : null;
    }
    return one(v, ptr);
  }
  if (typeof v !== 'string') {
    c.add(ptr, 'type', `Value of "${field.name}" (${field.type}) must be a string, got ${typeName(v)}.`);
    return null;
  }
  if (v === '') return v;
  const bad = (detail: string): null => {
    c.add(ptr, 'invalid', detail);
    return null;
  };
  switch (field.type) {
    case 'number':
      return SIGNED_DECIMAL.test(v) ? v : bad(`"${v}" is not a number; "${field.name}" needs a numeric string like "12" or "3.5".`);
    case 'currency':
      return DECIMAL.test(v) ? v : bad(`"${v}" is not an amount; "${field.name}" needs a decimal string like "1500.00".`);
    case 'date':
      return parseIsoTime(v) !== null ? v : bad(`"${v}" is not an ISO-8601 date; "${field.name}" needs e.g. "2024-05-28".`);
    case 'email':
      return EMAIL.test(v) ? v : bad(`"${v}" is not a valid e-mail address.`);
    case 'phone':
      return parsePhoneDigits(v) ? v : bad(`"${v}" is not a valid phone number.`);
    case 'url':
      return looksLikeUrl(v) ? v : bad(`"${v}" is not a valid URL.`);
    default:
      // text, and types the sandbox does not know (e.g. 'geolocation'): any string.
      return v;
  }
}

function parseCustomFields(v: unknown, ptr: string, fields: SeedCustomField[], c: Collector): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (v === undefined) return out;
  if (!isObject(v)) {
    c.add(ptr, 'type', `customFields must be an object mapping custom field names to values, got ${typeName(v)}.`);
    return out;
  }
  for (const [name, value] of Object.entries(v)) {
    const fieldPtr = `${ptr}${pointer(name)}`;
    const field = fields.find((f) => f.name === name);
    if (!field) {
      const near = fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      c.add(
        fieldPtr,
        'unknownField',
        near
          ? `Unknown lead custom field "${name}" (names are case-sensitive; did you mean "${near.name}"?).`
          : `Unknown lead custom field "${name}". Known fields: ${fields.map((f) => `"${f.name}"`).join(', ')}.`,
      );
      continue;
    }
    const checked = checkCustomFieldValue(field, value, fieldPtr, c);
    if (checked !== null) out[name] = checked;
  }
  return out;
}

const LEAD_KEYS = ['description', 'manualValue', 'dueTime', 'customFields', 'links'] as const;
const LINK_KEYS = ['accounts', 'contacts', 'owner', 'sources', 'tags', 'productMaps', 'competitorMaps'] as const;
const PRODUCT_MAP_KEYS = ['links', 'quantity', 'price', 'type', 'productType', 'id', 'relationship', 'name', 'unit'] as const;

function parseProductMaps(v: unknown, ptr: string, state: SandboxState, c: Collector): ProductMapPlan[] {
  const arr = arrayAt(v, ptr, c, 'links.productMaps');
  if (!arr) return [];
  const out: ProductMapPlan[] = [];
  arr.forEach((item, i) => {
    const base = `${ptr}/${i}`;
    if (!isObject(item)) {
      c.add(base, 'type', `Each productMap must be an object {"links":{"product":"1-products"}, ...}, got ${typeName(item)}.`);
      return;
    }
    c.ignoreUnknown(item, PRODUCT_MAP_KEYS, base);
    let productId: number | null = null;
    if (item.links !== undefined && !isObject(item.links)) {
      c.add(`${base}/links`, 'type', `productMap links must be an object {"product": "<id>-products"}, got ${typeName(item.links)}.`);
    } else if (item.links === undefined || item.links.product === undefined) {
      c.add(`${base}/links/product`, 'required', 'productMap needs links.product, the id of the product (e.g. "1-products").');
    } else {
      productId = existingRef(item.links.product, 'products', state.data.products, `${base}/links/product`, c);
    }

    let quantity = 1;
    if (item.quantity !== undefined) {
      if (typeof item.quantity !== 'number') {
        c.add(`${base}/quantity`, 'type', `quantity must be an integer, got ${typeName(item.quantity)}.`);
      } else if (!Number.isInteger(item.quantity) || item.quantity <= 0) {
        c.add(`${base}/quantity`, 'invalid', `quantity must be an integer greater than 0, got ${item.quantity}.`);
      } else {
        quantity = item.quantity;
      }
    }

    let amount: string | null = null;
    let currency = 'USD';
    if (item.price !== undefined) {
      if (!isObject(item.price)) {
        c.add(`${base}/price`, 'type', `price must be an object {"amount": "99.00", "currency": "USD"}, got ${typeName(item.price)}.`);
      } else {
        const a = item.price.amount;
        if (a === undefined) {
          c.add(`${base}/price/amount`, 'required', 'price needs an "amount" (decimal string, e.g. "99.00").');
        } else if (typeof a !== 'string') {
          c.add(`${base}/price/amount`, 'type', `price.amount must be a decimal string like "99.00", got ${typeName(a)}.`);
        } else if (!DECIMAL.test(a)) {
          c.add(`${base}/price/amount`, 'invalid', `"${a}" is not a non-negative decimal amount like "99.00".`);
        } else {
          amount = toAmount(a);
        }
        const cur = item.price.currency;
        if (cur !== undefined) {
          if (typeof cur !== 'string' || !/^[A-Z]{3}$/.test(cur)) {
            c.add(`${base}/price/currency`, 'invalid', 'price.currency must be a 3-letter ISO 4217 code such as "USD".');
          } else {
            currency = cur;
          }
        }
      }
    }

    let productType: string | null = null;
    if (item.productType !== undefined) {
      if (typeof item.productType !== 'string' || item.productType === '') {
        c.add(`${base}/productType`, 'type', 'productType must be a non-empty string (e.g. "product").');
      } else {
        productType = item.productType;
      }
    }
    if (item.type !== undefined && typeof item.type !== 'string') {
      c.add(`${base}/type`, 'type', 'type must be a string (e.g. "productMaps").');
    }
    const rootProps = (['quantity', 'price'] as const).filter((k) => item[k] !== undefined);
    if (rootProps.length > 0) {
      if (item.productType === undefined) {
        c.add(
          `${base}/productType`,
          'required',
          `productType is required when ${rootProps.join(' or ')} is given ("When specifying the price, quantity, or other root level productMap properties, you need to specify the type and productType as well").`,
        );
      }
      if (item.type === undefined) {
        c.warn(`${base}/type missing; the document asks for type and productType when ${rootProps.join('/')} is given`);
      }
    }
    if (productId !== null) {
      out.push({ productId, quantity, amount, currency, productType });
    }
  });
  return out;
}

export function validateCreateLead(body: unknown, state: SandboxState): ValidationResult {
  const c = new Collector();
  const fail = (): ValidationResult => ({ errors: c.errors, warnings: c.warnings, plan: null });
  if (!isObject(body)) {
    c.add('', 'type', `Request body must be a JSON object {"leads":[{...}]}, got ${typeName(body)}.`);
    return fail();
  }
  c.ignoreUnknown(body, ['leads'], '');
  if (body.leads === undefined) {
    c.add('/leads', 'required', 'Request body needs a "leads" array holding exactly one lead.');
    return fail();
  }
  if (!Array.isArray(body.leads)) {
    c.add('/leads', 'type', `"leads" must be an array holding exactly one lead, got ${typeName(body.leads)}.`);
    return fail();
  }
  if (body.leads.length !== 1) {
    c.add(
      '/leads',
      'invalid',
      body.leads.length === 0
        ? '"leads" is empty; it must hold exactly one lead.'
        : `Only one lead can be created at a time; "leads" holds ${body.leads.length}.`,
    );
  }
  const plans: LeadPlan[] = [];
  body.leads.forEach((lead: unknown, index: number) => {
    const plan = validateLead(lead, `/leads/${index}`, state, c);
    if (plan) plans.push(plan);
  });
  if (c.errors.length > 0 || plans.length !== 1) return fail();
  return { errors: [], warnings: c.warnings, plan: plans[0] ?? null };
}

function validateLead(lead: unknown, base: string, state: SandboxState, c: Collector): LeadPlan | null {
  if (!isObject(lead)) {
    c.add(base, 'type', `Each lead must be an object, got ${typeName(lead)}.`);
    return null;
  }
  c.ignoreUnknown(lead, LEAD_KEYS, base);

  let description = '';
  if (lead.description === undefined) {
    c.add(`${base}/description`, 'required', 'description is required (it is also the name of the lead).');
  } else if (typeof lead.description !== 'string') {
    c.add(`${base}/description`, 'type', `description must be a string, got ${typeName(lead.description)}.`);
  } else if (lead.description.trim() === '') {
    c.add(`${base}/description`, 'invalid', 'description must not be empty.');
  } else {
    description = lead.description;
  }

  let manualValue: string | null = null;
  if (lead.manualValue !== undefined) {
    const mv = lead.manualValue;
    if (typeof mv !== 'string') {
      c.add(`${base}/manualValue`, 'type', `manualValue must be a string holding a decimal number (e.g. "999.99"), got ${typeName(mv)}.`);
    } else if (!DECIMAL.test(mv)) {
      c.add(`${base}/manualValue`, 'invalid', `"${mv}" is not a decimal number; send e.g. "999.99" (no currency symbol, no thousands separators).`);
    } else {
      manualValue = toAmount(mv);
    }
  }

  const dueTime = lead.dueTime === undefined ? null : parseDueTime(lead.dueTime, `${base}/dueTime`, c);
  const customFields = parseCustomFields(lead.customFields, `${base}/customFields`, state.data.leadCustomFields, c);

  const plan: LeadPlan = {
    description,
    manualValue,
    dueTime,
    customFields,
    ownerId: null,
    accounts: [],
    contacts: [],
    sourceIds: [],
    tagIds: [],
    productMaps: [],
    competitorIds: [],
  };

  const links = lead.links;
  if (links !== undefined) {
    const lp = `${base}/links`;
    if (!isObject(links)) {
      c.add(lp, 'type', `links must be an object, got ${typeName(links)}.`);
    } else {
      c.ignoreUnknown(links, LINK_KEYS, lp);
      const d = state.data;
      if (links.owner !== undefined) {
        const ownerId = existingRef(links.owner, 'users', d.users, `${lp}/owner`, c);
        const user = d.users.find((u) => u.id === ownerId);
        if (user && !user.isEnabled) {
          c.add(`${lp}/owner`, 'invalid', `User "${String(links.owner)}" (${user.name}) is disabled and cannot own leads.`);
        } else {
          plan.ownerId = ownerId;
        }
      }
      plan.accounts = refList(links.accounts, 'accounts', d.accounts, `${lp}/accounts`, c, (o, p) => newPeep(o, p, c, 'account'));
      plan.contacts = refList(links.contacts, 'contacts', d.contacts, `${lp}/contacts`, c, (o, p) => {
        const peep = newPeep(o, p, c, 'contact');
        let accountIds: number[] = [];
        if (o.links !== undefined) {
          if (!isObject(o.links)) c.add(`${p}/links`, 'type', 'links must be an object.');
          else accountIds = idList(o.links.accounts, 'accounts', d.accounts, `${p}/links/accounts`, c);
        }
        const jobTitle = optionalString(o, 'jobTitle', p, c);
        return { ...peep, jobTitle, accountIds };
      });
      plan.sourceIds = idList(links.sources, 'sources', d.sources, `${lp}/sources`, c);
      const tagIds = idList(links.tags, 'tags', d.tags, `${lp}/tags`, c);
      const tagsArr = Array.isArray(links.tags) ? links.tags : [];
      plan.tagIds = tagIds.filter((id) => {
        const tag = d.tags.find((t) => t.id === id);
        if (tag && tag.tagType !== 'leads') {
          const i = tagsArr.indexOf(apiId(id, 'tags'));
          c.add(`${lp}/tags/${i}`, 'invalid', `Tag "${tag.name}" (${apiId(id, 'tags')}) has tagType "${tag.tagType}"; only "leads" tags can be attached to a lead.`);
          return false;
        }
        return true;
      });
      plan.competitorIds = idList(links.competitorMaps, 'competitors', d.competitors, `${lp}/competitorMaps`, c);
      plan.productMaps = parseProductMaps(links.productMaps, `${lp}/productMaps`, state, c);
    }
  }
  return plan;
}

function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length <= 1) return { firstName: parts[0] ?? '', lastName: '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] ?? '' };
}

function displayName(p: NewPeepPlan): string {
  return p.name ?? p.emails[0]?.value ?? (p.phones[0] ? `+${p.phones[0].countryCode} ${p.phones[0].number}` : undefined) ?? p.urls[0]?.value ?? 'Unnamed';
}

/** Applies a valid plan: creates inline records, product/competitor maps and the FullLead. */
export function createLead(state: SandboxState, plan: LeadPlan, ctx: WireContext, authUserId: number, nowSeconds: number): FullLead {
  const d = state.data;
  const ownerId = plan.ownerId ?? authUserId;

  const accountIds = plan.accounts.map((ref) => {
    if (ref.kind === 'existing') return ref.id;
    const r = ref.record;
    const account: SeedAccount = {
      id: nextId(d.accounts),
      name: displayName(r),
      description: r.description,
      industryId: null,
      accountTypeId: null,
      ownerId,
      tagIds: [],
      emails: r.emails,
      phones: r.phones,
      urls: r.urls,
      addresses: r.addresses,
      employeeCount: null,
      revenue: null,
      createdTime: nowSeconds,
      modifiedTime: nowSeconds,
    };
    d.accounts.push(account);
    return account.id;
  });

  const contactIds = plan.contacts.map((ref) => {
    if (ref.kind === 'existing') return ref.id;
    const r = ref.record;
    const name = displayName(r);
    const contact: SeedContact = {
      id: nextId(d.contacts),
      name,
      ...(r.name === null ? { firstName: '', lastName: '' } : splitName(name)),
      jobTitle: r.jobTitle,
      description: r.description,
      accountIds: r.accountIds,
      ownerId,
      tagIds: [],
      emails: r.emails,
      phones: r.phones,
      urls: r.urls,
      addresses: r.addresses,
      createdTime: nowSeconds,
      modifiedTime: nowSeconds,
    };
    d.contacts.push(contact);
    return contact.id;
  });

  const number = state.nextLeadNumber++;
  const productMapIds = plan.productMaps.map((pm) => {
    const product = d.products.find((p) => p.id === pm.productId);
    const record = {
      id: nextId(state.productMaps),
      leadId: number,
      productId: pm.productId,
      quantity: pm.quantity,
      amount: pm.amount ?? toAmount(product?.price ?? 0),
      currency: pm.currency,
      productType: pm.productType ?? product?.productType ?? null,
    };
    state.productMaps.push(record);
    return record;
  });
  const competitorMapIds = plan.competitorIds.map((competitorId) => {
    const record = { id: nextId(state.competitorMaps), leadId: number, competitorId };
    state.competitorMaps.push(record);
    return record.id;
  });

  const computed = productMapIds.reduce((sum, pm) => sum + Number(pm.amount) * pm.quantity, 0);
  const id = apiId(number, 'leads');
  const lead: FullLead = {
    id,
    type: 'leads',
    name: plan.description,
    description: plan.description,
    number,
    status: 'open',
    value: usdValue(plan.manualValue ?? computed),
    ...(plan.dueTime === null ? {} : { dueTime: new Date(plan.dueTime * 1000).toISOString() }),
    createdTime: wireTime(nowSeconds),
    ownerType: 'users',
    isOverdue: false,
    confidence: 0,
    priority: 0,
    isCurrentUserWatching: ownerId === authUserId,
    href: `${ctx.apiBaseUrl}/leads/${id}`,
    htmlUrl: `${ctx.origin}/lead/${number}`,
    htmlUrlPath: `/lead/${number}`,
    avatarUrl: `${ctx.origin}/avatars/leads/${number}.svg`,
    initials: initialsOf(plan.description),
    links: {
      owner: apiId(ownerId, 'users'),
      accounts: accountIds.map((a) => apiId(a, 'accounts')),
      contacts: contactIds.map((c) => apiId(c, 'contacts')),
      sources: plan.sourceIds.map((s) => apiId(s, 'sources')),
      tags: plan.tagIds.map((t) => apiId(t, 'tags')),
      productMaps: productMapIds.map((pm) => apiId(pm.id, 'productmaps')),
      competitorMaps: competitorMapIds.map((cm) => apiId(cm, 'competitormaps')),
    },
  };
  state.leads.push(lead);
  state.leadCustomFieldValues.set(number, plan.customFields);
  return lead;
}
