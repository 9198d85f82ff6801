/**
 * Error mapping: every way a call to Nutshell can fail becomes one `NutshellError` kind, and each
 * kind has its own message. The document defines no error bodies at all, so `parseServerErrors`
 * accepts the shapes APIs commonly use (JSON:API `errors[]`, `{error}`, `{message}`,
 * `{errors: {field: [..]}}`) and never fails on what it does not know.
 */
import type { FieldError, LeadDraft } from './lead-schema.ts';

export type NutshellErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'validation'
  | 'notFound'
  | 'rateLimited'
  | 'server'
  | 'http'
  | 'timeout'
  | 'connectionRefused'
  | 'dnsFailure'
  | 'tls'
  | 'proxy'
  | 'network'
  | 'badResponse'
  | 'cancelled';

export interface ServerError {
  message: string;
  /** JSON pointer (`/leads/0/manualValue`) or a field name, as the server gave it. */
  pointer?: string;
}

export class NutshellError extends Error {
  readonly kind: NutshellErrorKind;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly serverErrors: ServerError[];
  /** A low-level code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, …) for the log. */
  readonly code: string | undefined;

  constructor(
    kind: NutshellErrorKind,
    detail: string,
    extra: { status?: number; retryAfterSeconds?: number; serverErrors?: ServerError[]; code?: string } = {},
  ) {
    super(detail);
    this.name = 'NutshellError';
    this.kind = kind;
    this.status = extra.status;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.serverErrors = extra.serverErrors ?? [];
    this.code = extra.code;
  }
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  // Only the HTTP-date forms (IMF-fixdate and the obsolete RFC 850 / asctime ones); Date.parse
  // alone would also take "1.5" or "-5".
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) {
    return undefined;
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function parseServerErrors(body: unknown): ServerError[] {
  if (typeof body !== 'object' || body === null) {
    return [];
  }
  const record = body as Record<string, unknown>;
  const errors: ServerError[] = [];
  if (Array.isArray(record.errors)) {
    for (const item of record.errors) {
      if (typeof item === 'string') {
        errors.push({ message: item });
        continue;
      }
      if (typeof item !== 'object' || item === null) {
        continue;
      }
      const entry = item as Record<string, unknown>;
      const message = asText(entry.detail) ?? asText(entry.message) ?? asText(entry.title);
      if (!message) {
        continue;
      }
      const source = entry.source as Record<string, unknown> | undefined;
      const pointer = asText(source?.pointer) ?? asText(source?.parameter) ?? asText(entry.field) ?? asText(entry.path);
      errors.push(pointer ? { message, pointer } : { message });
    }
  } else if (typeof record.errors === 'object' && record.errors !== null) {
    for (const [field, messages] of Object.entries(record.errors as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages : [messages];
      for (const message of list) {
        const text = asText(message);
        if (text) {
          errors.push({ message: text, pointer: field });
        }
      }
    }
  }
  if (errors.length === 0) {
    const error = record.error;
    const message =
      asText(record.message) ??
      asText(error) ??
      (typeof error === 'object' && error !== null ? asText((error as Record<string, unknown>).message) : undefined);
    if (message) {
      errors.push({ message });
    }
  }
  return errors;
}

export function errorForStatus(status: number, body: unknown, retryAfter: string | undefined): NutshellError {
  const serverErrors = parseServerErrors(body);
  const summary = serverErrors[0]?.message ?? `HTTP ${status}`;
  if (status === 401) {
    return new NutshellError('unauthorized', summary, { status, serverErrors });
  }
  if (status === 403) {
    return new NutshellError('forbidden', summary, { status, serverErrors });
  }
  if (status === 400 || status === 422) {
    return new NutshellError('validation', summary, { status, serverErrors });
  }
  if (status === 404) {
    return new NutshellError('notFound', summary, { status, serverErrors });
  }
  if (status === 407) {
    return new NutshellError('proxy', summary, { status, serverErrors });
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(retryAfter);
    return new NutshellError('rateLimited', summary, {
      status,
      serverErrors,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status >= 500) {
    return new NutshellError('server', summary, { status, serverErrors });
  }
  return new NutshellError('http', summary, { status, serverErrors });
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // undici wraps the socket error in `cause`; look a few levels down.
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_CONNECT' && code !== 'UND_ERR') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies an error thrown by the HTTP layer (no response was received). */
export function errorForTransportFailure(
  error: unknown,
  reason: { timedOut: boolean; cancelled: boolean; viaProxy: boolean },
): NutshellError {
  if (error instanceof NutshellError) {
    return error;
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const extra = code ? { code } : {};
  if (reason.cancelled) {
    return new NutshellError('cancelled', 'cancelled', extra);
  }
  if (
    reason.timedOut ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'ETIMEDOUT'
  ) {
    return new NutshellError('timeout', detail, extra);
  }
  if (code === 'ECONNREFUSED') {
    return new NutshellError(reason.viaProxy ? 'proxy' : 'connectionRefused', detail, extra);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new NutshellError(reason.viaProxy ? 'proxy' : 'dnsFailure', detail, extra);
  }
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
    return new NutshellError('tls', detail, extra);
  }
  if (code === 'UND_ERR_ABORTED' && reason.viaProxy) {
    return new NutshellError('proxy', detail, extra);
  }
  return new NutshellError('network', detail, extra);
}

/**
 * Puts server validation errors on the form fields they name. A pointer into the request body
 * (`/leads/0/links/productMaps/1/quantity`) or a bare field name (`manualValue`) is matched;
 * anything else is returned as `unmatched` for the form's banner.
 */
export function mapServerErrorsToFields(
  errors: readonly ServerError[],
  draft: Pick<LeadDraft, 'customFields'>,
): { fieldErrors: FieldError[]; unmatched: string[] } {
  const fieldErrors: FieldError[] = [];
  const unmatched: string[] = [];
  for (const error of errors) {
    const field = error.pointer ? fieldForPointer(error.pointer, draft) : undefined;
    if (field && !fieldErrors.some((existing) => existing.field === field)) {
      fieldErrors.push({ field, code: 'server', message: error.message });
    } else if (!field) {
      unmatched.push(error.message);
    }
  }
  return { fieldErrors, unmatched };
}

const LINK_FIELDS: Record<string, string> = {
  owner: 'owner',
  accounts: 'accounts',
  contacts: 'contacts',
  sources: 'sources',
  tags: 'tags',
  competitorMaps: 'competitors',
  competitors: 'competitors',
};

function fieldForPointer(pointer: string, draft: Pick<LeadDraft, 'customFields'>): string | undefined {
  const withoutHash = pointer.replace(/^#/, '');
  // A JSON pointer splits on `/` only (a custom field may be called "No. of seats"); other
  // paths (`leads[0].manualValue`) split on dots and brackets too.
  const parts = (withoutHash.startsWith('/') ? withoutHash.split('/') : withoutHash.split(/[/.[\]]+/))
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  // Drop the envelope: `leads/0/...` or `data/...`.
  if (parts[0] === 'leads' && /^\d+$/.test(parts[1] ?? '')) {
    parts.splice(0, 2);
  } else if (parts[0] === 'data' || parts[0] === 'lead') {
    parts.splice(0, 1);
  }
  if (parts[0] === 'links' || parts[0] === 'relationships') {
    parts.splice(0, 1);
  }
  const [head, second, third] = parts;
  switch (head) {
    case 'description':
    case 'name':
      return 'description';
    case 'manualValue':
    case 'value':
      return 'manualValue';
    case 'dueTime':
    case 'dueDate':
      return 'dueDate';
    case 'productMaps':
    case 'products': {
      if (second === undefined || !/^\d+$/.test(second)) {
        return undefined;
      }
      const sub = third === 'quantity' ? 'quantity' : third === 'price' ? 'price' : 'product';
      return `products.${second}.${sub}`;
    }
    case 'customFields': {
      if (second === undefined) {
        return undefined;
      }
      const index = draft.customFields.findIndex((entry) => entry.name.trim().toLowerCase() === second.toLowerCase());
      return index >= 0 ? `customFields.${index}.value` : undefined;
    }
    default:
      return head !== undefined && Object.hasOwn(LINK_FIELDS, head) ? LINK_FIELDS[head] : undefined;
  }
}

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** One clear sentence per kind. `t` is `vscode.l10n.t` in the extension and identity in tests. */
export function describeError(error: NutshellError, t: Translate): string {
  const server = error.serverErrors[0]?.message;
  switch (error.kind) {
    case 'unauthorized':
      return t('Nutshell rejected your credentials (401). Check the email and API key.');
    case 'forbidden':
      return t('Your Nutshell user is not allowed to do this (403). Ask an administrator, or use other credentials.');
    case 'validation':
      return server
        ? t('Nutshell did not accept the lead: {0}', server)
        : t('Nutshell did not accept the lead ({0}).', error.status ?? 400);
    case 'notFound':
      return t('Nutshell answered 404 Not Found. Check the "nutshell.apiBaseUrl" setting.');
    case 'rateLimited':
      return error.retryAfterSeconds !== undefined
        ? t('Nutshell is rate limiting requests (429). Try again in {0} seconds.', error.retryAfterSeconds)
        : t('Nutshell is rate limiting requests (429). Try again in a minute.');
    case 'server':
      return t('Nutshell had a server error ({0}). Your lead was not saved; try again shortly.', error.status ?? 500);
    case 'http':
      return t('Nutshell answered with an unexpected status ({0}).', error.status ?? 0);
    case 'timeout':
      return t('Nutshell did not answer in time. Check your connection, or raise "nutshell.requestTimeoutSeconds".');
    case 'connectionRefused':
      return t('The connection to Nutshell was refused. Check "nutshell.apiBaseUrl" and your network.');
    case 'dnsFailure':
      return t('The Nutshell host name could not be resolved (DNS). Check your connection and "nutshell.apiBaseUrl".');
    case 'tls':
      return t(
        'The secure connection to Nutshell failed: the certificate was not trusted ({0}). If your network uses its own certificate authority, add it to the operating system trust store.',
        error.code ?? 'TLS',
      );
    case 'proxy':
      return t('The proxy did not let the request through. Check the "http.proxy" settings.');
    case 'network':
      return t('The connection to Nutshell failed ({0}).', error.code ?? error.message);
    case 'badResponse':
      return t(
        'Nutshell sent a response that is not the expected JSON (a proxy or captive portal page?). The lead may not have been created; check Nutshell before retrying.',
      );
    case 'cancelled':
      return t('The request was cancelled.');
  }
}
