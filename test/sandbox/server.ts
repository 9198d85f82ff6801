/**
 * Local Nutshell-compatible sandbox HTTP server (see README.md in this folder).
 *
 *   const sandbox = await startSandbox();
 *   // point the client at sandbox.apiBaseUrl with DEMO_CREDENTIALS
 *   sandbox.inject({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
 *   ...
 *   await sandbox.close();
 *
 * Only Node built-ins. Listens on loopback only.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody, errorObject } from './errors.ts';
import type { ApiErrorObject } from './errors.ts';
import { createLead, validateCreateLead } from './leads.ts';
import { createState, resetState } from './state.ts';
import type { LeadEnvelope, SandboxConfig, SandboxState } from './state.ts';
import {
  accountTypeWire,
  accountWire,
  avatarSvg,
  competitorWire,
  contactLinksWire,
  contactWire,
  customFieldWire,
  escapeHtml,
  formatUsd,
  industryWire,
  productWire,
  sourceWire,
  tagWire,
  userWire,
} from './wire.ts';
import type { FullLead, WireContext } from './wire.ts';

export type { ApiErrorObject, ErrorBody } from './errors.ts';
export type { FullLead, WireCustomFieldAttribute } from './wire.ts';
export type { LeadEnvelope, SandboxConfig } from './state.ts';

export interface SandboxCredentials {
  email: string;
  apiKey: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/rest/leads". */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: unknown;
  /** Date.now() when the request arrived. */
  time: number;
}

export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string>; times?: number; method?: string; path?: string }
  | { kind: 'delay'; ms: number; times?: number; method?: string; path?: string }
  | { kind: 'nonJson'; status?: number; times?: number; method?: string; path?: string }
  | { kind: 'drop'; times?: number; method?: string; path?: string };

export interface SandboxOptions {
  /** Default 0 (random free port). */
  port?: number;
  /** Default "127.0.0.1". Only loopback addresses are accepted. */
  host?: string;
  /** Default [DEMO_CREDENTIALS]. */
  credentials?: SandboxCredentials[];
  /** Sandbox extension: called with one short line per request (used by cli.ts). */
  log?: (line: string) => void;
}

export interface Sandbox {
  origin: string;
  apiBaseUrl: string;
  /** Every request to /rest/* and /lead/*, in order (not /__sandbox/*). Cleared in place by reset(). */
  requests: RecordedRequest[];
  /** FullLead objects created so far. Cleared in place by reset(). */
  leads: FullLead[];
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Clears requests, faults, created leads and config; re-seeds data; keeps credentials. */
  reset(): void;
  /** Sandbox extension: change behaviour (e.g. lead response envelope) until the next reset(). */
  configure(config: Partial<SandboxConfig>): void;
  close(): Promise<void>;
}

export const DEMO_CREDENTIALS: SandboxCredentials = Object.freeze({ email: 'demo@example.com', apiKey: 'demo-api-key-0000' });

/** `Authorization` header value for the given credentials. */
export function basicAuthHeader(credentials: SandboxCredentials): string {
  return 'Basic ' + Buffer.from(`${credentials.email}:${credentials.apiKey}`, 'utf8').toString('base64');
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_PAGE_LIMIT = 20;
const MAX_PAGE_LIMIT = 100;
const INSTANCE_ID = 'sandbox';

interface QueuedFault {
  fault: Fault;
  remaining: number;
}

class HttpError extends Error {
  status: number;
  errors: ApiErrorObject[];
  constructor(status: number, errors: ApiErrorObject[]) {
    super(errors[0]?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Validates a Fault coming from inject() or POST /__sandbox/faults; returns an error message or null. */
export function checkFault(f: unknown): string | null {
  if (!isObject(f)) return 'fault must be an object';
  const kinds = ['status', 'delay', 'nonJson', 'drop'];
  if (typeof f.kind !== 'string' || !kinds.includes(f.kind)) return `fault.kind must be one of ${kinds.join(', ')}`;
  if (f.times !== undefined && (typeof f.times !== 'number' || !Number.isInteger(f.times) || f.times < 1)) {
    return 'fault.times must be a positive integer';
  }
  if (f.method !== undefined && typeof f.method !== 'string') return 'fault.method must be a string';
  if (f.path !== undefined && (typeof f.path !== 'string' || !f.path.startsWith('/'))) return 'fault.path must be a string starting with "/"';
  const validStatus = (s: unknown): boolean => typeof s === 'number' && Number.isInteger(s) && s >= 200 && s <= 599;
  if (f.kind === 'status') {
    if (!validStatus(f.status)) return 'fault.status must be an integer HTTP status between 200 and 599';
    if (f.headers !== undefined && (!isObject(f.headers) || !Object.values(f.headers).every((v) => typeof v === 'string'))) {
      return 'fault.headers must be an object of strings';
    }
  }
  if (f.kind === 'nonJson' && f.status !== undefined && !validStatus(f.status)) return 'fault.status must be an integer HTTP status between 200 and 599';
  if (f.kind === 'delay' && (typeof f.ms !== 'number' || !Number.isFinite(f.ms) || f.ms < 0)) return 'fault.ms must be a non-negative number';
  return null;
}

function faultPathOf(f: Fault): string | undefined {
  if (f.path === undefined) return undefined;
  // tolerate "/rest/leads" as well as "/leads"
  return f.path === '/rest' || f.path.startsWith('/rest/') ? f.path.slice('/rest'.length) || '/' : f.path;
}

function normaliseAccent(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Case- and accent-insensitive substring match of q against any of the haystacks. */
function matchesQuery(q: string | undefined, haystacks: (string | undefined)[]): boolean {
  if (q === undefined || q.trim() === '') return true;
  const needle = normaliseAccent(q.trim());
  return haystacks.some((h) => h !== undefined && normaliseAccent(h).includes(needle));
}

function parseEntityId(segment: string, entityType: string): number | null {
  const m = new RegExp(`^([1-9]\\d*)(?:-${entityType})?$`).exec(segment);
  return m && m[1] !== undefined ? Number(m[1]) : null;
}

function leadHtml(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Error(`Sandbox refuses to listen on non-loopback host "${host}"`);
  }
  const credentials = (options.credentials ?? [DEMO_CREDENTIALS]).map((c) => ({ email: c.email, apiKey: c.apiKey }));
  if (credentials.length === 0) {
    throw new Error('Sandbox needs at least one credential');
  }
  const log = options.log;
  const state: SandboxState = createState();
  const requests: RecordedRequest[] = [];
  let faults: QueuedFault[] = [];
  const sockets = new Set<Socket>();
  const pendingDelays = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: (ok: boolean) => void }>();
  let closed = false;
  const ctx: WireContext = { origin: '', apiBaseUrl: '' };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        sendJson(res, 500, errorBody(500, `Sandbox internal error: ${err instanceof Error ? err.message : String(err)}`));
      } else {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pendingDelays.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      pendingDelays.add(entry);
    });
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function sendErrors(res: ServerResponse, status: number, errors: ApiErrorObject[], headers: Record<string, string> = {}): void {
    sendJson(res, status, { errors }, headers);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new HttpError(413, [errorObject(413, `Request body exceeds ${MAX_BODY_BYTES} bytes.`)]));
          req.resume();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  function takeFault(method: string, restPath: string): Fault | undefined {
    const index = faults.findIndex(({ fault }) => {
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) return false;
      const p = faultPathOf(fault);
      return p === undefined || restPath.startsWith(p);
    });
    const entry = faults[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  function inject(fault: Fault): void {
    const problem = checkFault(fault);
    if (problem !== null) throw new TypeError(`Invalid sandbox fault: ${problem}`);
    faults.push({ fault: { ...fault }, remaining: fault.times ?? 1 });
  }

  function clearFaults(): void {
    faults = [];
  }

  function reset(): void {
    requests.length = 0;
    clearFaults();
    resetState(state);
  }

  function configure(config: Partial<SandboxConfig>): void {
    if (config.leadEnvelope !== undefined) {
      if (config.leadEnvelope !== 'bare' && config.leadEnvelope !== 'leads') {
        throw new TypeError('leadEnvelope must be "bare" or "leads"');
      }
      state.config.leadEnvelope = config.leadEnvelope;
    }
  }

  /** Returns the id of the seeded user matching the credentials, or throws a 401. */
  function authenticate(req: IncomingMessage): number {
    const deny = (detail: string): never => {
      throw new HttpError(401, [errorObject(401, detail, { title: 'Unauthorized', code: 'unauthorized' })]);
    };
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') {
      deny('Missing Authorization header. Use HTTP Basic auth with your Nutshell e-mail address as user name and an API key as password.');
    }
    const m = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
    if (!m || m[1] === undefined) {
      deny('Authorization header must use the Basic scheme: "Basic base64(email:apiKey)".');
    }
    const decoded = Buffer.from(m?.[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) {
      deny('Malformed Basic credentials; expected base64 of "email:apiKey".');
    }
    const email = decoded.slice(0, colon);
    const apiKey = decoded.slice(colon + 1);
    const ok = credentials.some((c) => c.email.toLowerCase() === email.toLowerCase() && c.apiKey === apiKey);
    if (!ok) {
      deny('Invalid e-mail address or API key.');
    }
    const user = state.data.users.find((u) => u.emails.some((e) => e.toLowerCase() === email.toLowerCase()));
    return user?.id ?? state.data.users[0]?.id ?? 1;
  }

  function paging(query: URLSearchParams): { limit: number; page: number } {
    const errors: ApiErrorObject[] = [];
    let limit = DEFAULT_PAGE_LIMIT;
    let page = 0;
    const rawLimit = query.get('page[limit]');
    if (rawLimit !== null) {
      if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
        errors.push(errorObject(400, `page[limit] must be a positive integer, got "${rawLimit}".`, { code: 'invalid', parameter: 'page[limit]' }));
      } else {
        limit = Math.min(Number(rawLimit), MAX_PAGE_LIMIT);
      }
    }
    const rawPage = query.get('page[page]');
    if (rawPage !== null) {
      if (!/^\d+$/.test(rawPage)) {
        errors.push(errorObject(400, `page[page] must be a non-negative integer (0-based), got "${rawPage}".`, { code: 'invalid', parameter: 'page[page]' }));
      } else {
        page = Number(rawPage);
      }
    }
    if (errors.length > 0) throw new HttpError(400, errors);
    return { limit, page };
  }

  function pageUrl(resource: string, query: URLSearchParams, page: number, limit: number): string {
    const q = new URLSearchParams(query);
    q.set('page[limit]', String(limit));
    q.set('page[page]', String(page));
    return `${ctx.apiBaseUrl}/${resource}?${q.toString().replace(/%5B/g, '[').replace(/%5D/g, ']')}`;
  }

  function paginate<T>(resource: string, items: T[], query: URLSearchParams): { slice: T[]; meta: Record<string, unknown> } {
    const { limit, page } = paging(query);
    const slice = items.slice(page * limit, page * limit + limit);
    const meta: Record<string, unknown> = { instanceId: INSTANCE_ID, count: slice.length, total: items.length };
    if ((page + 1) * limit < items.length) meta.next = pageUrl(resource, query, page + 1, limit);
    if (page > 0) meta.previous = pageUrl(resource, query, Math.min(page - 1, Math.max(0, Math.ceil(items.length / limit) - 1)), limit);
    return { slice, meta };
  }

  function sortByName<T extends { name: string; id: number }>(items: T[], sort: string | null, extra: Record<string, (x: T) => string | number> = {}): T[] {
    if (sort === null) return items;
    const desc = sort.startsWith('-');
    const key = desc ? sort.slice(1) : sort;
    const getter: ((x: T) => string | number) | undefined = key === 'name' ? (x) => x.name : extra[key];
    if (!getter) return items; // documented but unimplemented sort keys are ignored
    const sorted = [...items].sort((a, b) => {
      const va = getter(a);
      const vb = getter(b);
      const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'en');
      return cmp !== 0 ? cmp : a.id - b.id;
    });
    return desc ? sorted.reverse() : sorted;
  }

  function notFound(what: string): never {
    throw new HttpError(404, [errorObject(404, what, { code: 'notFound' })]);
  }

  function contactIdsOfAccount(accountId: number): number[] {
    return state.data.contacts.filter((c) => c.accountIds.includes(accountId)).map((c) => c.id);
  }

  function envelopeFor(req: IncomingMessage): LeadEnvelope {
    const h = req.headers['x-sandbox-envelope'];
    if (h === 'leads' || h === 'bare') return h;
    return state.config.leadEnvelope;
  }

  function findLead(segment: string): FullLead {
    const n = parseEntityId(segment, 'leads');
    const lead = n === null ? undefined : state.leads.find((l) => l.number === n);
    return lead ?? notFound(`No lead with id "${segment}".`);
  }

  function emailFilter(query: URLSearchParams): (emails: { value: string }[]) => boolean {
    const email = query.get('email');
    if (email === null || email === '') return () => true;
    return (emails) => emails.some((e) => e.value.toLowerCase() === email.toLowerCase());
  }

  type RouteHandler = (args: { req: IncomingMessage; res: ServerResponse; params: string[]; query: URLSearchParams; rawBody: string; userId: number }) => void;
  interface Route {
    method: string;
    pattern: RegExp;
    handler: RouteHandler;
  }
  const SEG = '([^/]+)';
  const routes: Route[] = [];
  const route = (method: string, path: string, handler: RouteHandler): void => {
    routes.push({ method, pattern: new RegExp(`^${path.replace(/:id/g, SEG)}$`), handler });
  };

  // ----- users -----
  route('GET', '/users', ({ res }) => {
    const users = state.data.users.map((u) => userWire(ctx, u));
    sendJson(res, 200, { meta: { instanceId: INSTANCE_ID, total: users.length }, users });
  });
  route('GET', '/users/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'users');
    const user = state.data.users.find((u) => u.id === id) ?? notFound(`No user with id "${params[0] ?? ''}".`);
    sendJson(res, 200, { meta: { instanceId: INSTANCE_ID, total: 1 }, users: [userWire(ctx, user)] });
  });

  // ----- accounts -----
  route('GET', '/accounts', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    const byEmail = emailFilter(query);
    const matching = state.data.accounts.filter((a) => byEmail(a.emails) && matchesQuery(q, [a.name, ...a.emails.map((e) => e.value)]));
    const sorted = sortByName(matching, query.get('sort'), { createdTime: (a) => a.createdTime });
    const { slice, meta } = paginate('accounts', sorted, query);
    sendJson(res, 200, { meta, accounts: slice.map((a) => accountWire(ctx, a, contactIdsOfAccount(a.id))) });
  });
  route('GET', '/accounts/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'accounts');
    const a = state.data.accounts.find((x) => x.id === id) ?? notFound(`No account with id "${params[0] ?? ''}".`);
    const contactIds = contactIdsOfAccount(a.id);
    const owner = state.data.users.find((u) => u.id === a.ownerId);
    const industry = state.data.industries.find((i) => i.id === a.industryId);
    const accountType = state.data.accountTypes.find((t) => t.id === a.accountTypeId);
    sendJson(res, 200, {
      meta: { instanceId: INSTANCE_ID },
      accounts: [accountWire(ctx, a, contactIds)],
      owners: owner ? [userWire(ctx, owner)] : [],
      contacts: state.data.contacts.filter((c) => contactIds.includes(c.id)).map((c) => contactWire(ctx, c)),
      industries: industry ? [industryWire(industry)] : [],
      accountTypes: accountType ? [accountTypeWire(accountType)] : [],
    });
  });

  // ----- contacts -----
  route('GET', '/contacts', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    const byEmail = emailFilter(query);
    const matching = state.data.contacts.filter((c) => byEmail(c.emails) && matchesQuery(q, [c.name, ...c.emails.map((e) => e.value)]));
    const sorted = sortByName(matching, query.get('sort'), { createdTime: (c) => c.createdTime, lastName: (c) => c.lastName });
    const { slice, meta } = paginate('contacts', sorted, query);
    sendJson(res, 200, { meta, links: contactLinksWire(ctx), contacts: slice.map((c) => contactWire(ctx, c)) });
  });
  route('GET', '/contacts/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'contacts');
    const c = state.data.contacts.find((x) => x.id === id) ?? notFound(`No contact with id "${params[0] ?? ''}".`);
    sendJson(res, 200, { links: contactLinksWire(ctx), contacts: [contactWire(ctx, c)] });
  });

  // ----- sources, tags -----
  route('GET', '/sources', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    sendJson(res, 200, { sources: state.data.sources.filter((s) => matchesQuery(q, [s.name])).map((s) => sourceWire(ctx, s)) });
  });
  route('GET', '/tags', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    const tagType = query.get('filter[tagType]');
    if (tagType !== null && !['leads', 'contacts', 'accounts'].includes(tagType)) {
      throw new HttpError(400, [
        errorObject(400, `filter[tagType] must be one of "leads", "contacts", "accounts", got "${tagType}".`, { code: 'invalid', parameter: 'filter[tagType]' }),
      ]);
    }
    const tags = state.data.tags.filter((t) => (tagType === null || t.tagType === tagType) && matchesQuery(q, [t.name]));
    sendJson(res, 200, { tags: tags.map((t) => tagWire(ctx, t)) });
  });

  // ----- products, competitors -----
  route('GET', '/products', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    const matching = state.data.products.filter((p) => matchesQuery(q, [p.name, p.sku]));
    const sorted = sortByName(matching, query.get('sort'), { sku: (p) => p.sku });
    sendJson(res, 200, { products: sorted.map((p) => productWire(ctx, p)) });
  });
  route('GET', '/products/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'products');
    const p = state.data.products.find((x) => x.id === id) ?? notFound(`No product with id "${params[0] ?? ''}".`);
    sendJson(res, 200, { products: [productWire(ctx, p)] });
  });
  route('GET', '/competitors', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    sendJson(res, 200, { competitors: state.data.competitors.filter((c) => matchesQuery(q, [c.name])).map((c) => competitorWire(ctx, c)) });
  });
  route('GET', '/competitors/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'competitors');
    const c = state.data.competitors.find((x) => x.id === id) ?? notFound(`No competitor with id "${params[0] ?? ''}".`);
    // CompetitorResponse declares `competitors` plus top-level id/name/modifiedTime: serve both.
    sendJson(res, 200, { competitors: [competitorWire(ctx, c)], id: `${c.id}-competitors`, name: c.name, modifiedTime: c.modifiedTime });
  });

  // ----- leads -----
  route('GET', '/leads/customfields/attributes', ({ res }) => {
    sendJson(res, 200, state.data.leadCustomFields.map((f) => customFieldWire(f)));
  });
  route('GET', '/leads', ({ res, query }) => {
    const q = query.get('q') ?? undefined;
    const matching = state.leads.filter((l) => matchesQuery(q, [l.name]));
    const { slice, meta } = paginate('leads', matching, query);
    sendJson(res, 200, { meta, links: {}, leads: slice });
  });
  route('POST', '/leads', ({ req, res, rawBody, userId }) => {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (contentType !== 'application/json') {
      throw new HttpError(415, [
        errorObject(415, `Content-Type must be application/json, got "${req.headers['content-type'] ?? ''}".`, { code: 'unsupportedMediaType' }),
      ]);
    }
    if (rawBody.trim() === '') {
      throw new HttpError(400, [errorObject(400, 'Request body is empty; expected {"leads":[{...}]}.', { code: 'required', pointer: '' })]);
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch (err) {
      throw new HttpError(400, [errorObject(400, `Request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, { code: 'invalidJson' })]);
    }
    const result = validateCreateLead(body, state);
    const warningHeaders: Record<string, string> =
      result.warnings.length > 0 ? { 'x-sandbox-warnings': result.warnings.join('; ').replace(/[^\x20-\x7e]/g, '?') } : {};
    if (result.plan === null) {
      sendErrors(res, 400, result.errors, warningHeaders);
      return;
    }
    const lead = createLead(state, result.plan, ctx, userId, Math.floor(Date.now() / 1000));
    const payload = envelopeFor(req) === 'leads' ? { leads: [lead] } : lead;
    sendJson(res, 201, payload, { location: lead.href, ...warningHeaders });
  });
  route('GET', '/leads/:id', ({ req, res, params }) => {
    const lead = findLead(params[0] ?? '');
    sendJson(res, 200, envelopeFor(req) === 'leads' ? { leads: [lead] } : lead);
  });
  route('GET', '/leads/:id/customfields', ({ res, params }) => {
    const lead = findLead(params[0] ?? '');
    const values = state.leadCustomFieldValues.get(lead.number) ?? {};
    const out = state.data.leadCustomFields
      .filter((f) => values[f.name] !== undefined)
      .map((f) => ({ id: `${f.id}-customfields`, name: f.name, value: values[f.name] }));
    sendJson(res, 200, out);
  });
  route('GET', '/productmaps/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'productmaps');
    const pm = state.productMaps.find((x) => x.id === id) ?? notFound(`No product map with id "${params[0] ?? ''}".`);
    const product = state.data.products.find((p) => p.id === pm.productId);
    sendJson(res, 200, {
      meta: { instanceId: INSTANCE_ID },
      productMaps: [
        {
          id: `${pm.id}-productmaps`,
          type: 'productMaps',
          name: product?.name ?? '',
          quantity: pm.quantity,
          productType: pm.productType,
          price: { amount: pm.amount, currency: pm.currency, formatted: pm.currency === 'USD' ? formatUsd(pm.amount) : `${pm.amount} ${pm.currency}` },
          links: { product: `${pm.productId}-products`, lead: `${pm.leadId}-leads` },
        },
      ],
    });
  });
  route('GET', '/competitormaps/:id', ({ res, params }) => {
    const id = parseEntityId(params[0] ?? '', 'competitormaps');
    const cm = state.competitorMaps.find((x) => x.id === id) ?? notFound(`No competitor map with id "${params[0] ?? ''}".`);
    const competitor = state.data.competitors.find((c) => c.id === cm.competitorId);
    const lead = state.leads.find((l) => l.number === cm.leadId);
    sendJson(res, 200, {
      competitorMaps: [
        { id: `${cm.id}-competitormaps`, name: competitor?.name ?? '', status: null, links: { lead: `${cm.leadId}-leads`, competitor: `${cm.competitorId}-competitors` } },
      ],
      leads: lead ? [lead] : [],
      competitors: competitor ? [competitorWire(ctx, competitor)] : [],
    });
  });

  function dispatchRest(method: string, restPath: string, args: Omit<Parameters<RouteHandler>[0], 'params'>): void {
    const path = restPath.length > 1 && restPath.endsWith('/') ? restPath.slice(0, -1) : restPath;
    const allowed: string[] = [];
    for (const r of routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      const params = m.slice(1).map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return p;
        }
      });
      r.handler({ ...args, params });
      return;
    }
    if (allowed.length > 0) {
      throw new HttpError(405, [errorObject(405, `${method} is not supported on /rest${path}; allowed: ${allowed.join(', ')}.`, { code: 'methodNotAllowed' })]);
    }
    notFound(`No such endpoint: ${method} /rest${path}`);
  }

  async function applyFault(fault: Fault, res: ServerResponse): Promise<'handled' | 'continue'> {
    switch (fault.kind) {
      case 'delay': {
        const ok = await sleep(fault.ms);
        return ok && !closed ? 'continue' : 'handled';
      }
      case 'drop':
        res.socket?.destroy();
        return 'handled';
      case 'nonJson':
        sendText(
          res,
          fault.status ?? 200,
          'text/html; charset=utf-8',
          leadHtml('Network login required', '<h1>Please sign in to the network</h1><p>This page was served by the Nutshell sandbox to simulate a proxy or captive portal.</p>'),
        );
        return 'handled';
      case 'status': {
        const status = fault.status;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(fault.headers ?? {})) headers[k.toLowerCase()] = v;
        if (status === 401 && headers['www-authenticate'] === undefined) headers['www-authenticate'] = 'Basic realm="Nutshell"';
        if (status === 204 || status === 304) {
          res.writeHead(status, headers);
          res.end();
        } else if (fault.body === undefined) {
          sendJson(res, status, errorBody(status, `Injected fault: HTTP ${status}.`, { code: 'injectedFault' }), headers);
        } else if (typeof fault.body === 'string') {
          sendText(res, status, headers['content-type'] ?? 'text/plain; charset=utf-8', fault.body, headers);
        } else {
          sendJson(res, status, fault.body, headers);
        }
        return 'handled';
      }
    }
  }

  async function handleControl(method: string, path: string, rawBody: string, res: ServerResponse): Promise<void> {
    const parse = (): unknown => {
      try {
        return rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
      } catch {
        throw new HttpError(400, [errorObject(400, 'Control request body is not valid JSON.')]);
      }
    };
    const key = `${method} ${path}`;
    switch (key) {
      case 'GET /__sandbox/health':
        sendJson(res, 200, { ok: true, origin: ctx.origin, apiBaseUrl: ctx.apiBaseUrl, leads: state.leads.length, requests: requests.length, faults: faults.length });
        return;
      case 'GET /__sandbox/requests':
        sendJson(res, 200, requests);
        return;
      case 'DELETE /__sandbox/requests':
        requests.length = 0;
        sendJson(res, 200, { ok: true });
        return;
      case 'GET /__sandbox/faults':
        sendJson(res, 200, faults.map((f) => ({ ...f.fault, remaining: f.remaining })));
        return;
      case 'POST /__sandbox/faults': {
        const body = parse();
        const list = Array.isArray(body) ? body : [body];
        for (const f of list) {
          const problem = checkFault(f);
          if (problem !== null) throw new HttpError(400, [errorObject(400, `Invalid fault: ${problem}.`, { code: 'invalid' })]);
        }
        for (const f of list) inject(f as Fault);
        sendJson(res, 200, { ok: true, pending: faults.length });
        return;
      }
      case 'DELETE /__sandbox/faults':
        clearFaults();
        sendJson(res, 200, { ok: true });
        return;
      case 'POST /__sandbox/reset':
        reset();
        sendJson(res, 200, { ok: true });
        return;
      case 'GET /__sandbox/leads':
        sendJson(res, 200, state.leads);
        return;
      case 'GET /__sandbox/config':
        sendJson(res, 200, state.config);
        return;
      case 'POST /__sandbox/config': {
        const body = parse();
        if (!isObject(body)) throw new HttpError(400, [errorObject(400, 'Config body must be an object, e.g. {"leadEnvelope":"leads"}.')]);
        try {
          configure(body as Partial<SandboxConfig>);
        } catch (err) {
          throw new HttpError(400, [errorObject(400, err instanceof Error ? err.message : String(err))]);
        }
        sendJson(res, 200, state.config);
        return;
      }
      default:
        notFound(`No such sandbox control endpoint: ${method} ${path}`);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (log) {
      res.on('close', () => {
        const outcome = res.writableFinished ? String(res.statusCode) : 'dropped';
        log(`${method} ${path}${url.search} -> ${outcome} (${Date.now() - started} ms)`);
      });
    }
    const isControl = path === '/__sandbox' || path.startsWith('/__sandbox/');
    const isRest = path === '/rest' || path.startsWith('/rest/');
    const isLeadPage = path.startsWith('/lead/');
    try {
      const rawBody = await readBody(req);
      if (isControl) {
        await handleControl(method, path, rawBody, res);
        return;
      }
      if (isRest || isLeadPage) {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        }
        let body: unknown;
        if (rawBody !== '') {
          try {
            body = JSON.parse(rawBody);
          } catch {
            body = undefined;
          }
        }
        requests.push({ method, path, query: Object.fromEntries(url.searchParams), headers, rawBody, body, time: started });
      }
      if (isRest) {
        const restPath = path.slice('/rest'.length) || '/';
        const fault = takeFault(method, restPath);
        if (fault && (await applyFault(fault, res)) === 'handled') return;
        const userId = authenticate(req);
        dispatchRest(method, restPath, { req, res, query: url.searchParams, rawBody, userId });
        return;
      }
      if (isLeadPage && method === 'GET') {
        const m = /^\/lead\/(\d+)\/?$/.exec(path);
        const lead = m ? state.leads.find((l) => String(l.number) === m[1]) : undefined;
        if (!lead) {
          sendText(res, 404, 'text/html; charset=utf-8', leadHtml('Lead not found', '<h1>Lead not found</h1>'));
          return;
        }
        sendText(
          res,
          200,
          'text/html; charset=utf-8',
          leadHtml(
            `Lead #${lead.number}`,
            `<h1>Lead #${lead.number}: ${escapeHtml(lead.name)}</h1>` +
              `<p>Status: ${escapeHtml(lead.status)} · Value: ${escapeHtml(lead.value.formatted)}</p>` +
              `<p>Created: ${escapeHtml(lead.createdTime.value)}</p>`,
          ),
        );
        return;
      }
      if (method === 'GET' && path.startsWith('/avatars/')) {
        const name = decodeURIComponent(path.split('/').pop() ?? '').replace(/\.svg$/, '');
        const lead = path.startsWith('/avatars/leads/') ? state.leads.find((l) => String(l.number) === name) : undefined;
        sendText(res, 200, 'image/svg+xml', avatarSvg(lead ? lead.initials : '?'));
        return;
      }
      if (method === 'GET' && path === '/') {
        sendText(
          res,
          200,
          'text/html; charset=utf-8',
          leadHtml('Nutshell sandbox', `<h1>Nutshell sandbox</h1><p>API base URL: <code>${escapeHtml(ctx.apiBaseUrl)}</code></p>`),
        );
        return;
      }
      notFound(`No such path: ${method} ${path}`);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (res.headersSent || res.destroyed) return;
      const extra: Record<string, string> = err.status === 401 ? { 'www-authenticate': 'Basic realm="Nutshell"' } : {};
      sendErrors(res, err.status, err.errors, extra);
    }
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('Sandbox: unexpected server address');
  }
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  ctx.origin = `http://${hostForUrl}:${address.port}`;
  ctx.apiBaseUrl = `${ctx.origin}/rest`;

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    if (closing) return closing;
    closed = true;
    closing = new Promise<void>((resolve) => {
      for (const d of pendingDelays) {
        clearTimeout(d.timer);
        d.resolve(false);
      }
      pendingDelays.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    origin: ctx.origin,
    apiBaseUrl: ctx.apiBaseUrl,
    requests,
    leads: state.leads,
    inject,
    clearFaults,
    reset,
    configure,
    close,
  };
}
