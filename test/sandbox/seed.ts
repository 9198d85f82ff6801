/**
 * Deterministic seed data for the Nutshell sandbox. No randomness, no clock: calling `seed()` twice
 * gives deep-equal data, so tests can rely on ids, names and counts.
 *
 * Records here are the sandbox's *internal* form. `server.ts` turns them into the wire shapes of the
 * OpenAPI document (adding `href`, `htmlUrl`, avatars, ... which depend on the listening origin).
 *
 * All e-mail domains use the reserved `.example` TLD (RFC 2606) and all phone numbers use the
 * fictional 555-01xx block, so nothing here points at a real person or company.
 */

export type CustomFieldType =
  | 'text'
  | 'number'
  | 'currency'
  | 'date'
  | 'email'
  | 'phone'
  | 'url'
  | 'enum'
  | 'geolocation';

export interface SeedUser {
  id: number;
  name: string;
  firstName: string;
  emails: string[];
  isEnabled: boolean;
  isAdministrator: boolean;
  modifiedTime: number;
}

export interface SeedEmail {
  value: string;
  name: string;
  isPrimary: boolean;
}

export interface SeedPhone {
  /** Digits only, national number (no country code). */
  number: string;
  countryCode: string;
  name: string;
  isPrimary: boolean;
}

export interface SeedUrl {
  value: string;
  name: string;
  isPrimary: boolean;
}

export interface SeedAddress {
  name: string;
  isPrimary: boolean;
  address_1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface SeedAccount {
  id: number;
  name: string;
  description: string;
  industryId: number | null;
  accountTypeId: number | null;
  ownerId: number;
  tagIds: number[];
  emails: SeedEmail[];
  phones: SeedPhone[];
  urls: SeedUrl[];
  addresses: SeedAddress[];
  employeeCount: number | null;
  /** Decimal string, e.g. "1250000.00", or null when unknown. */
  revenue: string | null;
  createdTime: number;
  modifiedTime: number;
}

export interface SeedContact {
  id: number;
  name: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  description: string;
  accountIds: number[];
  ownerId: number;
  tagIds: number[];
  emails: SeedEmail[];
  phones: SeedPhone[];
  urls: SeedUrl[];
  addresses: SeedAddress[];
  createdTime: number;
  modifiedTime: number;
}

export interface SeedSource {
  id: number;
  name: string;
  channel: { value: number; display: string };
  modifiedTime: number;
}

export interface SeedTag {
  id: number;
  name: string;
  tagType: 'leads' | 'contacts' | 'accounts';
  colorType: string;
  count: number;
  modifiedTime: number;
}

export interface SeedProduct {
  id: number;
  name: string;
  sku: string;
  description: string;
  productType: 'product' | 'service';
  /** Unit price in USD. */
  price: number;
  modifiedTime: number;
}

export interface SeedCompetitor {
  id: number;
  name: string;
  modifiedTime: number;
}

export interface SeedCustomField {
  id: number;
  /** The key clients use in `customFields` when creating a lead. */
  name: string;
  type: CustomFieldType;
  isMultiple: boolean;
  /** Only for `type: 'enum'`. */
  choices?: string[];
  modifiedTime: number;
}

export interface SeedIndustry {
  id: number;
  name: string;
}

export interface SeedAccountType {
  id: number;
  name: string;
}

export interface SeedData {
  users: SeedUser[];
  accounts: SeedAccount[];
  contacts: SeedContact[];
  sources: SeedSource[];
  tags: SeedTag[];
  products: SeedProduct[];
  competitors: SeedCompetitor[];
  leadCustomFields: SeedCustomField[];
  industries: SeedIndustry[];
  accountTypes: SeedAccountType[];
}

/** 2024-01-01T00:00:00Z — all seed timestamps are offsets from this. */
const BASE_TIME = 1704067200;
const DAY = 86400;

function pick<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) {
    throw new Error('seed: empty list');
  }
  return item;
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function emailLocal(name: string): string {
  return slug(name).replace(/-/g, '.');
}

const AREA_CODES = ['734', '312', '415', '212', '617', '206', '512', '303', '404', '614'] as const;

/** A fictional 555-01xx number; `n` selects area code and line. */
function phone(n: number, name = 'work', isPrimary = true): SeedPhone {
  const area = pick(AREA_CODES, Math.floor(n / 100));
  const line = String(100 + (n % 100)).padStart(4, '0');
  return { number: `${area}555${line}`, countryCode: '1', name, isPrimary };
}

const CITIES = [
  { city: 'Ann Arbor', state: 'MI', postalCode: '48104' },
  { city: 'Chicago', state: 'IL', postalCode: '60601' },
  { city: 'San Francisco', state: 'CA', postalCode: '94105' },
  { city: 'New York', state: 'NY', postalCode: '10001' },
  { city: 'Boston', state: 'MA', postalCode: '02110' },
  { city: 'Seattle', state: 'WA', postalCode: '98101' },
  { city: 'Austin', state: 'TX', postalCode: '78701' },
  { city: 'Denver', state: 'CO', postalCode: '80202' },
  { city: 'Atlanta', state: 'GA', postalCode: '30303' },
  { city: 'Columbus', state: 'OH', postalCode: '43215' },
] as const;

const STREETS = ['Main St', 'Huron St', 'Market St', 'Oak Ave', 'Maple Dr', 'Lake Shore Blvd', 'Elm St', 'Park Ave'] as const;

function address(n: number, name = 'work'): SeedAddress {
  const c = pick(CITIES, n);
  return {
    name,
    isPrimary: true,
    address_1: `${100 + ((n * 37) % 900)} ${pick(STREETS, n * 3)}`,
    city: c.city,
    state: c.state,
    postalCode: c.postalCode,
    country: 'US',
  };
}

const USERS: readonly [string, string][] = [
  ['Demo User', 'demo@example.com'],
  ['Avery Johnson', 'avery.johnson@example.com'],
  ['Priya Raman', 'priya.raman@example.com'],
  ['Marcus Lee', 'marcus.lee@example.com'],
  ['Sofía Hernández', 'sofia.hernandez@example.com'],
  ['Tom O\'Brien', 'tom.obrien@example.com'],
];

const INDUSTRIES = [
  'Software',
  'Manufacturing',
  'Healthcare',
  'Financial Services',
  'Retail',
  'Construction',
  'Education',
  'Hospitality',
  'Logistics',
  'Marketing & Advertising',
] as const;

const ACCOUNT_TYPES = ['Prospect', 'Customer', 'Partner', 'Vendor'] as const;

/** 56 company names. A few carry characters clients must escape (&, ', accents). */
const COMPANY_NAMES = [
  'Acme Widgets',
  'Northwind Traders',
  'Blue Harbor Logistics',
  'Cedar & Pine Construction',
  'Brightside Dental',
  'Summit Financial Group',
  'Lakeshore Bakery',
  'Redwood Analytics',
  'Ironclad Manufacturing',
  'Greenleaf Organics',
  'Harbor View Hotel',
  'Keystone Learning',
  'Maple Street Pharmacy',
  'Nimbus Cloud Systems',
  'Orion Marketing',
  'Pioneer Freight',
  'Quantum Robotics',
  'Riverside Medical Center',
  'Silverline Insurance',
  'Trailhead Outfitters',
  'Urban Loft Interiors',
  'Vantage Point Consulting',
  'Willow Creek Farms',
  'Yellowstone Tours',
  'Zenith Software',
  'Apex Roofing',
  'Beacon Credit Union',
  'Cobalt Security',
  'Driftwood Coffee Roasters',
  'Evergreen Landscaping',
  'Falcon Aerospace Parts',
  'Granite State Brewing',
  'Hillside Veterinary Clinic',
  'Indigo Print Shop',
  'Juniper Health Partners',
  'Kestrel Energy',
  'Lighthouse Legal',
  'Meridian Realty',
  'Nova Fitness',
  'Oakridge Academy',
  'Parkway Auto Group',
  'Quarry Stoneworks',
  'Rosewood Event Hall',
  'Sterling Accounting',
  'Tidewater Marine Supply',
  'Unity Staffing',
  'Vertex Data Labs',
  'Westbrook Dental Lab',
  'Crêpe Café Montréal',
  'Müller Präzisionstechnik',
  "O'Malley's Pub & Grill",
  'Smith & Sons Plumbing',
  'Bayside Florists',
  'Copperline Electric',
  'Dunmore Textiles',
  'Elm City Bikes',
] as const;

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Benjamin',
  'Mia', 'Lucas', 'Charlotte', 'Henry', 'Amelia', 'Alexander', 'Harper', 'Mateo', 'Evelyn', 'Daniel',
  'Aisha', 'Wei', 'Zoë', 'José', 'Fatima', 'Hiroshi', 'Ingrid', 'Kwame', 'Léa', 'Rahul',
] as const;

const LAST_NAMES = [
  'Smith', 'Garcia', 'Chen', 'Patel', 'Nguyen', 'Johnson', 'Williams', 'Brown', 'Kowalski', 'Okafor',
  'Martínez', 'Andersson', "O'Connor", 'Rossi', 'Kim', 'Dubois', 'Schneider', 'Haddad', 'Silva', 'Tanaka',
  'Murphy', 'Cohen', 'Novak', 'Fischer', 'Reyes', 'Singh', 'Walker', 'Young', 'Park', 'Lopez',
] as const;

const JOB_TITLES = [
  'CEO', 'Office Manager', 'Purchasing Manager', 'VP of Sales', 'Operations Director',
  'Marketing Coordinator', 'CTO', 'Owner', 'Account Executive', 'IT Administrator',
] as const;

const SOURCES: readonly [string, number, string][] = [
  ['Google', 1, 'Organic search'],
  ['Bing', 1, 'Organic search'],
  ['Google Ads', 2, 'Paid search'],
  ['LinkedIn', 3, 'Social media'],
  ['Facebook', 3, 'Social media'],
  ['Referral', 4, 'Referral'],
  ['Trade Show', 5, 'Events'],
  ['Webinar', 5, 'Events'],
  ['Cold Call', 6, 'Outbound'],
  ['Newsletter', 7, 'Email'],
];

const TAGS: readonly [string, SeedTag['tagType']][] = [
  ['Enterprise', 'leads'],
  ['SMB', 'leads'],
  ['Hot', 'leads'],
  ['Inbound', 'leads'],
  ['Outbound', 'leads'],
  ['Renewal', 'leads'],
  ['Upsell', 'leads'],
  ['Partner Referral', 'leads'],
  ['Q1 Campaign', 'leads'],
  ['Q2 Campaign', 'leads'],
  ['Trade Show 2024', 'leads'],
  ['Needs Demo', 'leads'],
  ['Budget Approved', 'leads'],
  ['Government', 'leads'],
  ['Nonprofit', 'leads'],
  ['Expansion', 'leads'],
  ['Competitive', 'leads'],
  ['Decision Maker', 'contacts'],
  ['Newsletter Subscriber', 'contacts'],
  ['VIP', 'contacts'],
  ['Key Account', 'accounts'],
  ['At Risk', 'accounts'],
  ['Reseller', 'accounts'],
];

const COLORS = ['COLOR_ORANGE', 'COLOR_BLUE', 'COLOR_GREEN', 'COLOR_RED', 'COLOR_PURPLE', 'COLOR_GRAY'] as const;

const PRODUCTS: readonly [string, string, SeedProduct['productType'], number, string][] = [
  ['Starter Plan (Annual)', 'PLN-START-12', 'service', 1200, 'Starter subscription, billed yearly'],
  ['Growth Plan (Annual)', 'PLN-GROW-12', 'service', 4800, 'Growth subscription, billed yearly'],
  ['Enterprise Plan (Annual)', 'PLN-ENT-12', 'service', 18000, 'Enterprise subscription, billed yearly'],
  ['Onboarding Package', 'SRV-ONB-01', 'service', 1500, 'Guided setup and data import'],
  ['Training Day', 'SRV-TRN-01', 'service', 950, 'One day of on-site training'],
  ['Premium Support', 'SRV-SUP-PRM', 'service', 2400, '24/7 support with 1 h response time'],
  ['Custom Integration', 'SRV-INT-CUS', 'service', 7500, 'Bespoke integration work'],
  ['Barcode Scanner BX-200', 'HW-BX200', 'product', 249.99, 'Handheld 2D barcode scanner'],
  ['Receipt Printer RP-80', 'HW-RP80', 'product', 189.5, 'Thermal receipt printer, 80 mm'],
  ['Card Reader CR-3', 'HW-CR3', 'product', 79, 'Contactless card reader'],
  ['Point-of-Sale Terminal', 'HW-POS-T1', 'product', 1299, 'All-in-one POS terminal'],
  ['Wireless Headset', 'HW-HS-W2', 'product', 129.95, 'Noise-cancelling call-center headset'],
  ['Conference Camera', 'HW-CAM-4K', 'product', 899, '4K conference room camera'],
  ['Cable Kit', 'ACC-CBL-KIT', 'product', 39.99, 'Assorted USB-C and Ethernet cables'],
  ['Extended Warranty (3 yr)', 'WAR-3Y', 'service', 299, 'Three-year hardware warranty'],
  ['Consulting Hour', 'SRV-CON-HR', 'service', 175, 'Hourly consulting'],
  ['Data Migration', 'SRV-MIG-01', 'service', 3200, 'Migration from a legacy CRM'],
];

const COMPETITORS = ['Salesforce', 'HubSpot', 'Pipedrive', 'Zoho CRM', 'Microsoft Dynamics', 'Freshsales', 'Copper'] as const;

function leadCustomFields(): SeedCustomField[] {
  const fields: Omit<SeedCustomField, 'id' | 'modifiedTime'>[] = [
    { name: 'Project Brief', type: 'text', isMultiple: false },
    { name: 'Favorite Number', type: 'number', isMultiple: false },
    { name: 'Seats Requested', type: 'number', isMultiple: false },
    { name: 'Budget', type: 'currency', isMultiple: false },
    { name: 'Go-Live Date', type: 'date', isMultiple: false },
    { name: 'Billing Email', type: 'email', isMultiple: false },
    { name: 'Callback Phone', type: 'phone', isMultiple: false },
    { name: 'Project Website', type: 'url', isMultiple: false },
    { name: 'Deal Type', type: 'enum', isMultiple: false, choices: ['New Business', 'Renewal', 'Upsell'] },
    {
      name: 'Interests',
      type: 'enum',
      isMultiple: true,
      choices: ['Analytics', 'Automation', 'Integrations', 'Support', 'Training'],
    },
    // A type this sandbox (and, presumably, the client) does not know: clients must tolerate it.
    { name: 'Office Location', type: 'geolocation', isMultiple: false },
  ];
  return fields.map((f, i) => ({ id: i + 1, ...f, modifiedTime: BASE_TIME + i * DAY }));
}

export function seed(): SeedData {
  const users: SeedUser[] = USERS.map(([name, email], i) => ({
    id: i + 1,
    name,
    firstName: name.split(' ')[0] ?? name,
    emails: [email],
    isEnabled: i !== USERS.length - 1, // the last user is disabled
    isAdministrator: i === 0,
    modifiedTime: BASE_TIME + i * DAY,
  }));

  const industries: SeedIndustry[] = INDUSTRIES.map((name, i) => ({ id: i + 1, name }));
  const accountTypes: SeedAccountType[] = ACCOUNT_TYPES.map((name, i) => ({ id: i + 1, name }));
  const tags: SeedTag[] = TAGS.map(([name, tagType], i) => ({
    id: i + 1,
    name,
    tagType,
    colorType: pick(COLORS, i),
    count: (i * 7) % 23,
    modifiedTime: BASE_TIME + i * DAY,
  }));
  const accountTagIds = tags.filter((t) => t.tagType === 'accounts').map((t) => t.id);
  const contactTagIds = tags.filter((t) => t.tagType === 'contacts').map((t) => t.id);

  const accounts: SeedAccount[] = COMPANY_NAMES.map((name, i) => {
    const domain = `${slug(name)}.example`;
    const a: SeedAccount = {
      id: i + 1,
      name,
      description: `${pick(INDUSTRIES, i)} company in ${pick(CITIES, i).city}`,
      industryId: (i % INDUSTRIES.length) + 1,
      accountTypeId: (i % ACCOUNT_TYPES.length) + 1,
      ownerId: (i % 5) + 1,
      tagIds: i % 4 === 0 ? [pick(accountTagIds, i / 4)] : [],
      emails: [{ value: `info@${domain}`, name: 'work', isPrimary: true }],
      phones: [phone(i)],
      urls: [{ value: `https://www.${domain}`, name: 'website', isPrimary: true }],
      addresses: [address(i)],
      employeeCount: i % 7 === 6 ? null : 5 + ((i * 53) % 2000),
      revenue: i % 5 === 4 ? null : `${(250000 + ((i * 137911) % 9750000)).toFixed(0)}.00`,
      createdTime: BASE_TIME + i * DAY,
      modifiedTime: BASE_TIME + (i + 30) * DAY,
    };
    if (i % 3 === 0) {
      a.emails.push({ value: `sales@${domain}`, name: 'sales', isPrimary: false });
    }
    if (i % 10 === 5) {
      // a few accounts with no contact details besides the name
      a.emails = [];
      a.phones = [];
    }
    return a;
  });

  const contacts: SeedContact[] = [];
  const CONTACT_COUNT = 90;
  for (let i = 0; i < CONTACT_COUNT; i++) {
    const firstName = pick(FIRST_NAMES, i);
    const lastName = pick(LAST_NAMES, (i * 7 + Math.floor(i / 30)) % LAST_NAMES.length);
    const name = `${firstName} ${lastName}`;
    // 2 of every 3 contacts work at a seeded company; the rest are independent.
    const account = i % 3 === 2 ? undefined : accounts[(i * 5) % accounts.length];
    const domain = account ? `${slug(account.name)}.example` : 'mail.example';
    const c: SeedContact = {
      id: i + 1,
      name,
      firstName,
      lastName,
      jobTitle: account ? pick(JOB_TITLES, i) : '',
      description: account ? `${pick(JOB_TITLES, i)} at ${account.name}` : '',
      accountIds: account ? [account.id] : [],
      ownerId: (i % 5) + 1,
      tagIds: i % 6 === 0 ? [pick(contactTagIds, i / 6)] : [],
      emails: [{ value: `${emailLocal(firstName)}.${emailLocal(lastName)}${account ? '' : i}@${domain}`, name: 'work', isPrimary: true }],
      phones: [phone(500 + i, i % 2 === 0 ? 'work' : 'mobile')],
      urls: [],
      addresses: i % 4 === 0 ? [address(i + 3, 'home')] : [],
      createdTime: BASE_TIME + i * (DAY / 2),
      modifiedTime: BASE_TIME + (i + 60) * (DAY / 2),
    };
    if (i % 5 === 0) {
      c.emails.push({ value: `${emailLocal(firstName)}${i}@personal.example`, name: 'personal', isPrimary: false });
    }
    if (i % 8 === 3) {
      c.phones.push(phone(700 + i, 'mobile', false));
    }
    if (i % 9 === 4) {
      c.urls.push({ value: `https://www.linkedin.example/in/${slug(name)}-${i}`, name: 'LinkedIn', isPrimary: true });
    }
    if (i % 17 === 16) {
      c.emails = []; // some contacts have no e-mail at all
    }
    contacts.push(c);
  }

  const sources: SeedSource[] = SOURCES.map(([name, value, display], i) => ({
    id: i + 1,
    name,
    channel: { value, display },
    modifiedTime: BASE_TIME + i * DAY,
  }));

  const products: SeedProduct[] = PRODUCTS.map(([name, sku, productType, price, description], i) => ({
    id: i + 1,
    name,
    sku,
    description,
    productType,
    price,
    modifiedTime: BASE_TIME + i * DAY,
  }));

  const competitors: SeedCompetitor[] = COMPETITORS.map((name, i) => ({ id: i + 1, name, modifiedTime: BASE_TIME + i * DAY }));

  return {
    users,
    accounts,
    contacts,
    sources,
    tags,
    products,
    competitors,
    leadCustomFields: leadCustomFields(),
    industries,
    accountTypes,
  };
}
