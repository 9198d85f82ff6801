/**
 * The real NutshellClient against the local sandbox over loopback: exact requests on the wire,
 * both response envelopes, and every failure mode mapped to its NutshellError kind.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { NutshellClient } from '../../src/core/nutshell-client.ts';
import type { NutshellClientOptions } from '../../src/core/nutshell-client.ts';
import { NutshellError, mapServerErrorsToFields } from '../../src/core/errors.ts';
import type { NutshellErrorKind } from '../../src/core/errors.ts';
import { buildCreateLeadBody } from '../../src/core/create-lead-request.ts';
import type { CreateLeadRequestBody } from '../../src/core/create-lead-request.ts';
import { validateLeadDraft } from '../../src/core/lead-schema.ts';
import { DEMO_CREDENTIALS, startSandbox } from '../sandbox/server.ts';
import type { Sandbox } from '../sandbox/server.ts';

/** base64("demo@example.com:demo-api-key-0000"), computed by hand outside this code base. */
const DEMO_AUTHORIZATION = 'Basic ZGVtb0BleGFtcGxlLmNvbTpkZW1vLWFwaS1rZXktMDAwMA==';
const USER_AGENT = 'NutshellLeadCapture/0.1.0 (test; VS Code 1.101.0)';
const TIMEOUT_MS = 300;

let sandbox: Sandbox;

function client(overrides: Partial<NutshellClientOptions> = {}): NutshellClient {
  return new NutshellClient({
    baseUrl: sandbox.apiBaseUrl,
    credentials: { email: DEMO_CREDENTIALS.email, apiKey: DEMO_CREDENTIALS.apiKey },
    timeoutMs: TIMEOUT_MS,
    userAgent: USER_AGENT,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<NutshellError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof NutshellError, `expected a NutshellError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

async function expectKind(promise: Promise<unknown>, kind: NutshellErrorKind): Promise<NutshellError> {
  const error = await failure(promise);
  assert.equal(error.kind, kind, `${error.kind}: ${error.message}`);
  return error;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

const minimalBody: CreateLeadRequestBody = { leads: [{ description: 'Minimal lead' }] };

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.reset();
});

describe('NutshellClient.createLead', () => {
  it('POSTs the exact body with Basic auth, JSON headers and the user agent', async () => {
    const validation = validateLeadDraft({
      description: ' Website redesign ',
      manualValue: '$1,234.5',
      dueDate: '2026-12-31',
      owner: { id: '1-users', label: 'Owner label' },
      accounts: [{ id: '1-accounts', label: 'Account label' }, { create: { name: 'Brand New Co' } }],
      contacts: [{ id: '1-contacts' }],
      sources: [{ id: '1-sources' }],
      tags: [{ id: '1-tags' }, { id: '3-tags' }],
      products: [
        { product: { id: '8-products' }, quantity: '2', price: '249.99' },
        { product: { id: '10-products' }, quantity: '', price: '' },
      ],
      competitors: [{ id: '2-competitors' }],
      customFields: [
        { name: 'Project Brief', value: 'Migrate the site' },
        { name: 'Interests', value: ['Analytics', '', 'Support'] },
        { name: 'Favorite Number', value: '' },
      ],
    });
    assert.ok(validation.ok, JSON.stringify(validation));

    const created = await client().createLead(buildCreateLeadBody(validation.draft));

    assert.equal(sandbox.requests.length, 1);
    const request = sandbox.requests[0];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/rest/leads');
    assert.deepEqual(request.query, {});
    assert.equal(request.headers.authorization, DEMO_AUTHORIZATION);
    assert.equal(request.headers.accept, 'application/json');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['user-agent'], USER_AGENT);
    assert.deepEqual(request.body, {
      leads: [
        {
          description: 'Website redesign',
          manualValue: '1234.50',
          dueTime: { timestamp: 1798718400 },
          customFields: { 'Project Brief': 'Migrate the site', Interests: ['Analytics', 'Support'] },
          links: {
            owner: '1-users',
            accounts: ['1-accounts', { name: 'Brand New Co' }],
            contacts: ['1-contacts'],
            sources: ['1-sources'],
            tags: ['1-tags', '3-tags'],
            productMaps: [
              { type: 'productMaps', productType: 'product', quantity: 2, price: { amount: '249.99' }, links: { product: '8-products' } },
              { links: { product: '10-products' } },
            ],
            competitorMaps: ['2-competitors'],
          },
        },
      ],
    });
    assert.equal(request.rawBody.includes('label'), false);

    assert.equal(sandbox.leads.length, 1);
    const stored = sandbox.leads[0];
    assert.ok(stored);
    assert.deepEqual(created, {
      id: stored.id,
      name: 'Website redesign',
      number: stored.number,
      htmlUrl: `${sandbox.origin}/lead/${stored.number}`,
      htmlUrlPath: `/lead/${stored.number}`,
    });
    assert.match(created.id, /^\d+-leads$/);
  });

  it('parses a bare FullLead response', async () => {
    sandbox.configure({ leadEnvelope: 'bare' });
    const created = await client().createLead(minimalBody);
    assert.equal(created.name, 'Minimal lead');
    assert.equal(created.id, `${created.number}-leads`);
    assert.equal(created.htmlUrl, `${sandbox.origin}/lead/${created.number}`);
  });

  it('parses a {leads: [FullLead]} envelope response', async () => {
    sandbox.configure({ leadEnvelope: 'leads' });
    const first = await client().createLead(minimalBody);
    const second = await client().createLead({ leads: [{ description: 'Second lead' }] });
    assert.equal(first.name, 'Minimal lead');
    assert.equal(second.name, 'Second lead');
    assert.equal(second.number, (first.number ?? 0) + 1);
    assert.equal(second.id, `${second.number}-leads`);
    assert.equal(second.htmlUrlPath, `/lead/${second.number}`);
  });

  it('a 2xx JSON answer without a lead id is a badResponse', async () => {
    sandbox.inject({ kind: 'status', status: 201, body: { ok: true } });
    await expectKind(client().createLead(minimalBody), 'badResponse');
  });

  it('a 204 without a body is a badResponse', async () => {
    sandbox.inject({ kind: 'status', status: 204 });
    await expectKind(client().createLead(minimalBody), 'badResponse');
  });
});

describe('NutshellClient.verifyCredentials', () => {
  it('resolves for valid credentials with one authenticated GET /users', async () => {
    await client().verifyCredentials();
    assert.equal(sandbox.requests.length, 1);
    const request = sandbox.requests[0];
    assert.equal(request?.method, 'GET');
    assert.equal(request?.path, '/rest/users');
    assert.equal(request?.headers.authorization, DEMO_AUTHORIZATION);
    assert.equal(request?.headers.accept, 'application/json');
    assert.equal(request?.headers['content-type'], undefined);
    assert.equal(request?.rawBody, '');
  });

  it('a wrong API key is unauthorized (401)', async () => {
    const error = await expectKind(client({ credentials: { email: DEMO_CREDENTIALS.email, apiKey: 'wrong-key' } }).verifyCredentials(), 'unauthorized');
    assert.equal(error.status, 401);
    assert.equal(sandbox.requests[0]?.headers.authorization, 'Basic ZGVtb0BleGFtcGxlLmNvbTp3cm9uZy1rZXk=');
  });

  it('an unknown email is unauthorized (401)', async () => {
    await expectKind(client({ credentials: { email: 'nobody@example.com', apiKey: DEMO_CREDENTIALS.apiKey } }).verifyCredentials(), 'unauthorized');
  });
});

describe('NutshellClient.getJson', () => {
  it('sends the query with bracketed names and returns the parsed JSON', async () => {
    const body = (await client().getJson('/users', { 'page[limit]': 2, 'page[page]': 0, q: undefined })) as { users?: unknown[] };
    assert.equal(sandbox.requests[0]?.path, '/rest/users');
    assert.deepEqual(sandbox.requests[0]?.query, { 'page[limit]': '2', 'page[page]': '0' });
    assert.ok(Array.isArray(body.users));
  });

  it('an unknown endpoint is notFound (404)', async () => {
    const error = await expectKind(client().getJson('/no-such-endpoint', {}), 'notFound');
    assert.equal(error.status, 404);
  });
});

describe('NutshellClient: HTTP failures', () => {
  it('400 from the sandbox’s own validation → validation, with pointers that land on form fields', async () => {
    const error = await expectKind(client().createLead({ leads: [{ description: 'Bad value', manualValue: 'abc' }] }), 'validation');
    assert.equal(error.status, 400);
    assert.ok(error.serverErrors.length >= 1);
    assert.ok(error.serverErrors.some((e) => e.pointer === '/leads/0/manualValue'), JSON.stringify(error.serverErrors));
    const mapped = mapServerErrorsToFields(error.serverErrors, { customFields: [] });
    assert.equal(mapped.fieldErrors[0]?.field, 'manualValue');
    assert.equal(mapped.fieldErrors[0]?.code, 'server');
  });

  it('400 with JSON:API field pointers → validation with serverErrors', async () => {
    sandbox.inject({
      kind: 'status',
      status: 400,
      path: '/leads',
      body: {
        errors: [
          { status: '400', title: 'Invalid value', detail: 'Must be a number', source: { pointer: '/leads/0/customFields/Favorite Number' } },
          { status: '400', title: 'Invalid value', detail: 'Unknown account', source: { pointer: '/leads/0/links/accounts/1' } },
          { status: '400', title: 'Invalid value', detail: 'Something else' },
        ],
      },
    });
    const error = await expectKind(client().createLead(minimalBody), 'validation');
    assert.equal(error.status, 400);
    assert.equal(error.message, 'Must be a number');
    assert.deepEqual(error.serverErrors, [
      { message: 'Must be a number', pointer: '/leads/0/customFields/Favorite Number' },
      { message: 'Unknown account', pointer: '/leads/0/links/accounts/1' },
      { message: 'Something else' },
    ]);
    assert.deepEqual(
      mapServerErrorsToFields(error.serverErrors, {
        customFields: [
          { name: 'Project Brief', value: 'x' },
          { name: 'Favorite Number', value: 'seven' },
        ],
      }),
      {
        fieldErrors: [
          { field: 'customFields.1.value', code: 'server', message: 'Must be a number' },
          { field: 'accounts', code: 'server', message: 'Unknown account' },
        ],
        unmatched: ['Something else'],
      },
    );
  });

  const statuses: [number, NutshellErrorKind][] = [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [407, 'proxy'],
    [422, 'validation'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [418, 'http'],
  ];
  for (const [status, kind] of statuses) {
    it(`${status} → ${kind}`, async () => {
      sandbox.inject({ kind: 'status', status });
      const error = await expectKind(client().createLead(minimalBody), kind);
      assert.equal(error.status, status);
      assert.equal(error.message, `Injected fault: HTTP ${status}.`);
      assert.equal(sandbox.leads.length, 0);
    });
  }

  it('429 with Retry-After → rateLimited with retryAfterSeconds', async () => {
    sandbox.inject({ kind: 'status', status: 429, headers: { 'Retry-After': '7' } });
    const error = await expectKind(client().createLead(minimalBody), 'rateLimited');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, 7);
  });

  it('429 with an HTTP-date Retry-After → seconds until then', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toUTCString();
    sandbox.inject({ kind: 'status', status: 429, headers: { 'retry-after': at } });
    const error = await expectKind(client().verifyCredentials(), 'rateLimited');
    assert.ok(error.retryAfterSeconds !== undefined && error.retryAfterSeconds >= 29 && error.retryAfterSeconds <= 31, String(error.retryAfterSeconds));
  });

  it('429 without Retry-After → rateLimited without seconds', async () => {
    sandbox.inject({ kind: 'status', status: 429 });
    const error = await expectKind(client().verifyCredentials(), 'rateLimited');
    assert.equal(error.retryAfterSeconds, undefined);
  });

  it('a non-JSON error page keeps the status kind', async () => {
    sandbox.inject({ kind: 'status', status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } });
    const error = await expectKind(client().verifyCredentials(), 'server');
    assert.equal(error.status, 502);
    assert.deepEqual(error.serverErrors, []);
  });
});

describe('NutshellClient: transport failures', () => {
  it('a server slower than timeoutMs → timeout, promptly', async () => {
    sandbox.inject({ kind: 'delay', ms: 2000 });
    const started = Date.now();
    const error = await expectKind(client().createLead(minimalBody), 'timeout');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= TIMEOUT_MS - 20 && elapsed < TIMEOUT_MS + 700, `took ${elapsed} ms`);
    assert.equal(error.status, undefined);
  });

  it('a delay shorter than timeoutMs still succeeds', async () => {
    sandbox.inject({ kind: 'delay', ms: 50 });
    const created = await client().createLead(minimalBody);
    assert.equal(created.name, 'Minimal lead');
  });

  it('aborting the caller’s signal → cancelled, not timeout', async () => {
    sandbox.inject({ kind: 'delay', ms: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expectKind(client({ timeoutMs: 5000 }).createLead(minimalBody, { signal: controller.signal }), 'cancelled');
    assert.ok(Date.now() - started < 1000);
  });

  it('an already-aborted signal → cancelled, and nothing is created', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectKind(client().createLead(minimalBody, { signal: controller.signal }), 'cancelled');
    assert.equal(sandbox.leads.length, 0);
  });

  it('a closed port on 127.0.0.1 → connectionRefused', async () => {
    const port = await closedPort();
    const error = await expectKind(client({ baseUrl: `http://127.0.0.1:${port}/rest` }).verifyCredentials(), 'connectionRefused');
    assert.equal(error.code, 'ECONNREFUSED');
  });

  it('a refused connection through a proxy → proxy', async () => {
    const port = await closedPort();
    const seen: string[] = [];
    await expectKind(
      client({
        baseUrl: `http://127.0.0.1:${port}/rest`,
        viaProxy: (url) => {
          seen.push(url.href);
          return true;
        },
      }).verifyCredentials(),
      'proxy',
    );
    assert.deepEqual(seen, [`http://127.0.0.1:${port}/rest/users`]);
  });

  it('a host under the reserved .invalid TLD → dnsFailure', async () => {
    const error = await expectKind(client({ baseUrl: 'https://nutshell.invalid/rest', timeoutMs: 5000 }).verifyCredentials(), 'dnsFailure');
    assert.ok(error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN', String(error.code));
  });

  it('a 200 HTML page (captive portal) → badResponse', async () => {
    sandbox.inject({ kind: 'nonJson' });
    const error = await expectKind(client().createLead(minimalBody), 'badResponse');
    assert.equal(error.status, 200);
  });

  it('a 200 with JSON text but a non-JSON content type → badResponse', async () => {
    sandbox.inject({ kind: 'status', status: 200, body: '{"id":"1-leads"}', headers: { 'content-type': 'text/plain' } });
    await expectKind(client().createLead(minimalBody), 'badResponse');
  });

  it('a response over 5 MB → badResponse', async () => {
    sandbox.inject({ kind: 'status', status: 200, body: `"${'x'.repeat(5 * 1024 * 1024 + 10)}"`, headers: { 'content-type': 'application/json' } });
    const error = await expectKind(client({ timeoutMs: 5000 }).verifyCredentials(), 'badResponse');
    assert.match(error.message, /too large/);
  });

  it('a dropped socket → network', async () => {
    sandbox.inject({ kind: 'drop' });
    const error = await expectKind(client().createLead(minimalBody), 'network');
    assert.equal(error.status, undefined);
    assert.ok(error.code, 'the low-level code is kept for the log');
  });

  it('the client recovers after a failure', async () => {
    sandbox.inject({ kind: 'drop' });
    await expectKind(client().verifyCredentials(), 'network');
    await client().verifyCredentials();
  });
});

describe('NutshellClient: logging', () => {
  it('logs one line per call and never the credentials', async () => {
    const lines: string[] = [];
    const logger = {
      info: (message: string) => lines.push(`info ${message}`),
      warn: (message: string) => lines.push(`warn ${message}`),
      error: (message: string) => lines.push(`error ${message}`),
      debug: (message: string) => lines.push(`debug ${message}`),
    };
    const logged = client({ logger });
    await logged.createLead(minimalBody);
    sandbox.inject({ kind: 'status', status: 401 });
    await expectKind(logged.verifyCredentials(), 'unauthorized');
    sandbox.inject({ kind: 'drop' });
    await expectKind(logged.verifyCredentials(), 'network');
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.match(lines[0] ?? '', /^info POST \/rest\/leads → 201 in \d+ ms$/);
    assert.match(lines[1] ?? '', /^info GET \/rest\/users → 401 in \d+ ms$/);
    assert.match(lines[2] ?? '', /^warn GET \/rest\/users failed after \d+ ms: network/);
    for (const line of lines) {
      assert.equal(line.includes(DEMO_CREDENTIALS.apiKey), false, line);
      assert.equal(line.includes('ZGVtb0BleGFtcGxlLmNvbTpkZW1vLWFwaS1rZXktMDAwMA'), false, line);
      assert.equal(line.includes('Minimal lead'), false, line);
    }
  });
});
