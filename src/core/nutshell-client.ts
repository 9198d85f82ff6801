/**
 * The Nutshell REST client. It knows the API, HTTP Basic auth and error mapping, and nothing of
 * VS Code: the host hands it a dispatcher that already follows the editor's proxy and certificate
 * settings (see `network.ts`), so the same client runs unchanged in Node tests.
 */
import { request, type Dispatcher } from 'undici';
import type { CreateLeadRequestBody } from './create-lead-request.ts';
import { basicAuthorization, type Credentials } from './credentials.ts';
import { apiUrl } from './endpoint.ts';
import { NutshellError, errorForStatus, errorForTransportFailure } from './errors.ts';
import type { Logger } from './redact.ts';

export interface NutshellClientOptions {
  baseUrl: string;
  credentials: Credentials;
  timeoutMs: number;
  userAgent: string;
  dispatcher?: Dispatcher;
  /** Tells the error mapping that a failure to connect is the proxy's, not Nutshell's. */
  viaProxy?: (url: URL) => boolean;
  logger?: Logger;
}

export interface CreatedLead {
  id: string;
  name: string;
  number?: number;
  htmlUrl?: string;
  htmlUrlPath?: string;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

function asOptionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The document shows a bare `FullLead` for `POST /leads`, while `GET /leads` wraps leads in
 * `{leads: [...]}`; we accept both and ignore every field we do not use.
 */
export function parseCreatedLead(body: unknown): CreatedLead | undefined {
  let candidate: unknown = body;
  if (typeof body === 'object' && body !== null && Array.isArray((body as { leads?: unknown }).leads)) {
    candidate = (body as { leads: unknown[] }).leads[0];
  }
  if (typeof candidate !== 'object' || candidate === null) {
    return undefined;
  }
  const lead = candidate as Record<string, unknown>;
  const id = asOptionalString(lead.id);
  if (!id) {
    return undefined;
  }
  const name = asOptionalString(lead.name) ?? asOptionalString(lead.description) ?? id;
  const rawNumber = lead.number;
  const number =
    typeof rawNumber === 'number' && Number.isInteger(rawNumber)
      ? rawNumber
      : typeof rawNumber === 'string' && /^\d+$/.test(rawNumber)
        ? Number(rawNumber)
        : undefined;
  const created: CreatedLead = { id, name };
  if (number !== undefined) {
    created.number = number;
  }
  const htmlUrl = asOptionalString(lead.htmlUrl);
  if (htmlUrl) {
    created.htmlUrl = htmlUrl;
  }
  const htmlUrlPath = asOptionalString(lead.htmlUrlPath);
  if (htmlUrlPath) {
    created.htmlUrlPath = htmlUrlPath;
  }
  return created;
}

export class NutshellClient {
  private readonly options: NutshellClientOptions;

  constructor(options: NutshellClientOptions) {
    this.options = options;
  }

  /** One cheap authenticated GET. The API has no "who am I" endpoint; `/users` serves. */
  async verifyCredentials(options: RequestOptions = {}): Promise<void> {
    await this.send('GET', '/users', undefined, undefined, options);
  }

  async createLead(body: CreateLeadRequestBody, options: RequestOptions = {}): Promise<CreatedLead> {
    const response = await this.send('POST', '/leads', undefined, body, options);
    const lead = parseCreatedLead(response);
    if (!lead) {
      throw new NutshellError('badResponse', 'The response has no lead id.');
    }
    return lead;
  }

  /** An authenticated GET returning parsed JSON; used by the pickers. */
  async getJson(
    path: string,
    query: Record<string, string | number | undefined>,
    options: RequestOptions = {},
  ): Promise<unknown> {
    return this.send('GET', path, query, undefined, options);
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string | number | undefined> | undefined,
    body: unknown,
    options: RequestOptions,
  ): Promise<unknown> {
    const url = apiUrl(this.options.baseUrl, path, query);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signals = options.signal ? [timeout, options.signal] : [timeout];
    const signal = AbortSignal.any(signals);
    const started = Date.now();
    const headers: Record<string, string> = {
      authorization: basicAuthorization(this.options.credentials),
      accept: 'application/json',
      'user-agent': this.options.userAgent,
    };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }

    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await request(url, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
      text = await readLimited(response.body);
    } catch (error) {
      const failure = errorForTransportFailure(error, {
        timedOut: timeout.aborted,
        cancelled: options.signal?.aborted === true && !timeout.aborted,
        viaProxy: this.options.viaProxy?.(url) ?? false,
      });
      this.options.logger?.warn(
        `${method} ${url.pathname} failed after ${Date.now() - started} ms: ${failure.kind}${failure.code ? ` (${failure.code})` : ''}`,
      );
      throw failure;
    }

    const status = response.statusCode;
    this.options.logger?.info(`${method} ${url.pathname} → ${status} in ${Date.now() - started} ms`);
    const contentType = String(response.headers['content-type'] ?? '');
    const parsed = parseJson(text);

    if (status >= 200 && status < 300) {
      if (parsed === undefined || !/json/i.test(contentType || 'json')) {
        throw new NutshellError('badResponse', `Expected JSON, got ${contentType || 'no content type'}`, { status });
      }
      return parsed;
    }
    const retryAfter = response.headers['retry-after'];
    throw errorForStatus(status, parsed, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw new NutshellError('badResponse', 'The response is too large.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
