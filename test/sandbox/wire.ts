/**
 * Wire shapes: turns the sandbox's internal records (seed.ts / state.ts) into the JSON objects the
 * Nutshell OpenAPI document describes. Every function here is pure; URLs depend on the listening
 * origin, so callers pass a `WireContext`.
 */
import type {
  SeedAccount,
  SeedAccountType,
  SeedAddress,
  SeedCompetitor,
  SeedContact,
  SeedCustomField,
  SeedEmail,
  SeedIndustry,
  SeedPhone,
  SeedProduct,
  SeedSource,
  SeedTag,
  SeedUrl,
  SeedUser,
} from './seed.ts';

export interface WireContext {
  origin: string;
  apiBaseUrl: string;
}

/** `value` schema of the document (amount is a decimal *string*). */
export interface WireValue {
  amount: string;
  currency: string;
  formatted: string;
}

/** `createdTime` schema of the document. */
export interface WireTime {
  timestamp: number;
  value: string;
  absoluteLocalizedString: string;
}

/** FullLead = Lead + HtmlLinkable + Avatarable, as returned by POST /leads and GET /leads/{id}. */
export interface FullLead {
  id: string;
  type: 'leads';
  name: string;
  description: string;
  number: number;
  status: 'open';
  value: WireValue;
  dueTime?: string;
  createdTime: WireTime;
  ownerType: 'users';
  isOverdue: boolean;
  confidence: number;
  priority: number;
  isCurrentUserWatching: boolean;
  href: string;
  htmlUrl: string;
  htmlUrlPath: string;
  avatarUrl: string;
  initials: string;
  links: {
    owner: string;
    accounts: string[];
    contacts: string[];
    sources: string[];
    tags: string[];
    productMaps: string[];
    competitorMaps: string[];
  };
}

/** Shape of `GET /leads/customfields/attributes` items (our choice; the document only declares `id`). */
export interface WireCustomFieldAttribute {
  id: string;
  name: string;
  title: string;
  type: string;
  isMultiple: boolean;
  choices?: string[];
  entityType: 'leads';
  modifiedTime: number;
}

const MONEY = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "1234.5" -> "$1,234.50" (USD only). */
export function formatUsd(amount: string | number): string {
  return MONEY.format(typeof amount === 'number' ? amount : Number(amount));
}

/** Normalises a decimal string/number to exactly two decimals: "1000" -> "1000.00". */
export function toAmount(value: string | number): string {
  const n = typeof value === 'number' ? value : Number(value);
  return (Math.round(n * 100) / 100).toFixed(2);
}

export function usdValue(amount: string | number): WireValue {
  const a = toAmount(amount);
  return { amount: a, currency: 'USD', formatted: formatUsd(a) };
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function wireTime(unixSeconds: number): WireTime {
  const d = new Date(unixSeconds * 1000);
  return { timestamp: unixSeconds, value: d.toISOString(), absoluteLocalizedString: DATE_FORMAT.format(d) };
}

/** "Car Wash Inc." -> "CW"; "Acme" -> "A"; "" -> "?" */
export function initialsOf(name: string): string {
  const words = name
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter((w) => w.length > 0);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  const result = letters.join('').toUpperCase();
  return result === '' ? '?' : result;
}

function avatarUrl(ctx: WireContext, entity: string, id: number): string {
  return `${ctx.origin}/avatars/${entity}/${id}.svg`;
}

export function apiId(id: number, entityType: string): string {
  return `${id}-${entityType}`;
}

function emailsWire(emails: SeedEmail[]): { isPrimary: boolean; name: string; value: string }[] {
  return emails.map((e) => ({ isPrimary: e.isPrimary, name: e.name, value: e.value }));
}

function formatNationalNumber(digits: string): string {
  if (digits.length === 10) {
    return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  }
  return digits;
}

export function phoneWire(p: SeedPhone): {
  isPrimary: boolean;
  isOptedOut: boolean;
  name: string;
  value: {
    countryCode: string;
    number: string;
    extension: string;
    numberFormatted: string;
    E164: string;
    countryCodeAndNumber: string;
  };
} {
  const formatted = formatNationalNumber(p.number);
  return {
    isPrimary: p.isPrimary,
    isOptedOut: false,
    name: p.name,
    value: {
      countryCode: p.countryCode,
      number: p.number,
      extension: '',
      numberFormatted: formatted,
      E164: `+${p.countryCode}${p.number}`,
      countryCodeAndNumber: `+${p.countryCode} ${formatted}`,
    },
  };
}

function urlsWire(urls: SeedUrl[]): { isPrimary: boolean; name: string; value: string }[] {
  return urls.map((u) => ({ isPrimary: u.isPrimary, name: u.name, value: u.value }));
}

function addressesWire(addresses: SeedAddress[]): Record<string, unknown>[] {
  return addresses.map((a) => ({
    isPrimary: a.isPrimary,
    name: a.name,
    address_1: a.address_1,
    address_2: '',
    address_3: '',
    city: a.city,
    state: a.state,
    postalCode: a.postalCode,
    country: a.country,
    locationAccuracy: '8',
  }));
}

const ALL_PERMISSIONS = [
  'canAccessSetup',
  'canAccessMarketing',
  'canBulkEdit',
  'canExport',
  'canViewSharedEmails',
  'canImport',
  'canMergeEntities',
  'canDeleteEntities',
  'canAssignEntities',
  'canAccessBilling',
  'canManageEmailTemplates',
  'canAccessCrm',
  'canAccessFullCampaigns',
  'canUsePeopleIQ',
  'canUseInbox',
] as const;

export function userWire(ctx: WireContext, u: SeedUser): Record<string, unknown> {
  const permissions: Record<string, boolean> = {};
  for (const p of ALL_PERMISSIONS) {
    permissions[p] = u.isAdministrator || p === 'canAccessCrm' || p === 'canExport';
  }
  return {
    id: apiId(u.id, 'users'),
    type: 'users',
    name: u.name,
    firstName: u.firstName,
    emails: [...u.emails],
    modifiedTime: u.modifiedTime,
    isEnabled: u.isEnabled,
    hasSetPassword: true,
    isAdministrator: u.isAdministrator,
    isViewingRestricted: false,
    isHiddenFromFilters: !u.isEnabled,
    canAccessEmailMarketing: u.isAdministrator,
    permissions,
    phonecallerType: null,
    href: `${ctx.apiBaseUrl}/users/${apiId(u.id, 'users')}`,
    avatarUrl: avatarUrl(ctx, 'users', u.id),
    initials: initialsOf(u.name),
  };
}

export function accountWire(ctx: WireContext, a: SeedAccount, contactIds: number[]): Record<string, unknown> {
  const id = apiId(a.id, 'accounts');
  return {
    id,
    type: 'accounts',
    name: a.name,
    description: a.description,
    createdTime: a.createdTime,
    modifiedTime: a.modifiedTime,
    emails: emailsWire(a.emails),
    phones: a.phones.map(phoneWire),
    urls: urlsWire(a.urls),
    addresses: addressesWire(a.addresses),
    revenue: a.revenue === null ? null : { amount: a.revenue, formatted: formatUsd(a.revenue) },
    employeeCount: a.employeeCount,
    href: `${ctx.apiBaseUrl}/accounts/${id}`,
    htmlUrl: `${ctx.origin}/company/${a.id}`,
    htmlUrlPath: `/company/${a.id}`,
    avatarUrl: avatarUrl(ctx, 'accounts', a.id),
    initials: initialsOf(a.name),
    links: {
      owner: apiId(a.ownerId, 'users'),
      industry: a.industryId === null ? null : apiId(a.industryId, 'industries'),
      accountType: a.accountTypeId === null ? null : apiId(a.accountTypeId, 'accountTypes'),
      contacts: contactIds.map((c) => apiId(c, 'contacts')),
      tags: a.tagIds.map((t) => apiId(t, 'tags')),
    },
  };
}

export function industryWire(i: SeedIndustry): Record<string, unknown> {
  return { id: apiId(i.id, 'industries'), type: 'industries', name: i.name };
}

export function accountTypeWire(t: SeedAccountType): Record<string, unknown> {
  return { id: apiId(t.id, 'accountTypes'), type: 'accountTypes', name: t.name };
}

export function contactWire(ctx: WireContext, c: SeedContact): Record<string, unknown> {
  const id = apiId(c.id, 'contacts');
  return {
    id,
    type: 'contacts',
    name: c.name,
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    description: c.description,
    createdTime: c.createdTime,
    modifiedTime: c.modifiedTime,
    emails: emailsWire(c.emails),
    phones: c.phones.map(phoneWire),
    urls: urlsWire(c.urls),
    addresses: addressesWire(c.addresses),
    href: `${ctx.apiBaseUrl}/contacts/${id}`,
    htmlUrl: `${ctx.origin}/person/${c.id}`,
    htmlUrlPath: `/person/${c.id}`,
    avatarUrl: avatarUrl(ctx, 'contacts', c.id),
    initials: initialsOf(c.name),
    links: {
      accounts: c.accountIds.map((a) => apiId(a, 'accounts')),
      owner: apiId(c.ownerId, 'users'),
      tags: c.tagIds.map((t) => apiId(t, 'tags')),
    },
  };
}

/** `ContactResponse.links` ("Where to get related entities", schema contactLinks). */
export function contactLinksWire(ctx: WireContext): Record<string, { href: string; type: string }> {
  return {
    'contacts.accounts': { href: `${ctx.apiBaseUrl}/accounts/{contacts.accounts}`, type: 'accounts' },
    'contacts.owner': { href: `${ctx.apiBaseUrl}/users/{contacts.owner}`, type: 'users' },
    'contacts.tags': { href: `${ctx.apiBaseUrl}/tags/{contacts.tags}`, type: 'tags' },
  };
}

export function sourceWire(ctx: WireContext, s: SeedSource): Record<string, unknown> {
  const id = apiId(s.id, 'sources');
  return {
    id,
    type: 'sources',
    name: s.name,
    href: `${ctx.apiBaseUrl}/sources/${id}`,
    modifiedTime: s.modifiedTime,
    channel: { value: s.channel.value, display: s.channel.display },
  };
}

export function tagWire(ctx: WireContext, t: SeedTag): Record<string, unknown> {
  const id = apiId(t.id, 'tags');
  return {
    id,
    type: 'tags',
    name: t.name,
    href: `${ctx.apiBaseUrl}/tags/${id}`,
    modifiedTime: t.modifiedTime,
    tagType: t.tagType,
    count: t.count,
    colorType: t.colorType,
  };
}

/** productPrice schema: here `amount` is a *number* (unlike `value.amount`, a string). */
export function productPriceWire(amount: number): { amount: number; currency: string; formatted: string; currencySymbol: string } {
  return { amount, currency: 'USD', formatted: formatUsd(amount), currencySymbol: '$' };
}

export function productWire(ctx: WireContext, p: SeedProduct): Record<string, unknown> {
  const id = apiId(p.id, 'products');
  return {
    id,
    type: 'products',
    name: p.name,
    href: `${ctx.apiBaseUrl}/products/${id}`,
    description: p.description,
    modifiedTime: p.modifiedTime,
    sku: p.sku,
    productType: p.productType,
    prices: { '1-markets': productPriceWire(p.price) },
    price: productPriceWire(p.price),
  };
}

export function competitorWire(ctx: WireContext, c: SeedCompetitor): Record<string, unknown> {
  const id = apiId(c.id, 'competitors');
  return { id, type: 'competitors', name: c.name, href: `${ctx.apiBaseUrl}/competitors/${id}`, modifiedTime: c.modifiedTime };
}

export function customFieldWire(f: SeedCustomField): WireCustomFieldAttribute {
  const id = apiId(f.id, 'customfields');
  const out: WireCustomFieldAttribute = {
    id,
    name: f.name,
    title: f.name,
    type: f.type,
    isMultiple: f.isMultiple,
    entityType: 'leads',
    modifiedTime: f.modifiedTime,
  };
  if (f.choices) {
    out.choices = [...f.choices];
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A small SVG avatar with the given initials (served under /avatars/ so avatarUrl resolves). */
export function avatarSvg(initials: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" rx="32" fill="#3b6fd4"/>' +
    `<text x="32" y="40" font-family="sans-serif" font-size="24" text-anchor="middle" fill="#fff">${escapeHtml(initials)}</text>` +
    '</svg>'
  );
}
