import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWebviewMessageDispatcher, parseHostMessage, parseWebviewMessage } from '../../src/core/protocol.ts';
import type { HostToWebview, WebviewToHost } from '../../src/core/protocol.ts';

const validMessages: WebviewToHost[] = [
  { type: 'ready' },
  { type: 'submit', requestId: 'r1', draft: { description: 'anything at all' } },
  { type: 'search', requestId: 'r2', field: 'accounts', query: 'acme', page: 0 },
  { type: 'search', requestId: 'x'.repeat(64), field: 'competitors', query: 'q'.repeat(200), page: 1000 },
  { type: 'openLead' },
  { type: 'copyLink' },
  { type: 'signIn' },
];

describe('parseWebviewMessage: accepted', () => {
  for (const message of validMessages) {
    it(`accepts ${JSON.stringify(message).slice(0, 80)}`, () => {
      assert.deepEqual(parseWebviewMessage(structuredClone(message)), message);
    });
  }

  it('accepts every picker field in a search', () => {
    for (const field of ['owner', 'accounts', 'contacts', 'sources', 'tags', 'products', 'competitors']) {
      assert.deepEqual(parseWebviewMessage({ type: 'search', requestId: 'r', field, query: '', page: 2 }), {
        type: 'search',
        requestId: 'r',
        field,
        query: '',
        page: 2,
      });
    }
  });

  it('leaves the submit draft unparsed (the handler validates it)', () => {
    const draft = { description: 42, weird: ['x'] };
    assert.deepEqual(parseWebviewMessage({ type: 'submit', requestId: 'r', draft }), { type: 'submit', requestId: 'r', draft });
  });
});

describe('parseWebviewMessage: rejected', () => {
  const rejected: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ready'],
    ['a number', 7],
    ['an array', [{ type: 'ready' }]],
    ['an object without type', { requestId: 'r' }],
    ['an unknown type', { type: 'deleteAllLeads' }],
    ['a type of the wrong case', { type: 'Ready' }],
    ['a numeric type', { type: 1 }],
    ['an extra key on ready', { type: 'ready', extra: true }],
    ['an extra key on openLead', { type: 'openLead', url: 'https://evil.example' }],
    ['an extra key on submit', { type: 'submit', requestId: 'r', draft: {}, apiKey: 'k' }],
    ['an extra key on search', { type: 'search', requestId: 'r', field: 'tags', query: '', page: 0, url: '/users' }],
    ['submit without requestId', { type: 'submit', draft: {} }],
    ['submit with an empty requestId', { type: 'submit', requestId: '', draft: {} }],
    ['submit with a 65-character requestId', { type: 'submit', requestId: 'x'.repeat(65), draft: {} }],
    ['submit with a numeric requestId', { type: 'submit', requestId: 5, draft: {} }],
    ['search with an unknown field', { type: 'search', requestId: 'r', field: 'leads', query: '', page: 0 }],
    ['search with a 201-character query', { type: 'search', requestId: 'r', field: 'tags', query: 'q'.repeat(201), page: 0 }],
    ['search with a numeric query', { type: 'search', requestId: 'r', field: 'tags', query: 5, page: 0 }],
    ['search with a negative page', { type: 'search', requestId: 'r', field: 'tags', query: '', page: -1 }],
    ['search with a fractional page', { type: 'search', requestId: 'r', field: 'tags', query: '', page: 1.5 }],
    ['search with page 1001', { type: 'search', requestId: 'r', field: 'tags', query: '', page: 1001 }],
    ['search with a string page', { type: 'search', requestId: 'r', field: 'tags', query: '', page: '1' }],
    ['search without page', { type: 'search', requestId: 'r', field: 'tags', query: '' }],
  ];
  for (const [name, raw] of rejected) {
    it(`rejects ${name}`, () => {
      assert.equal(parseWebviewMessage(raw), undefined);
    });
  }
});

function recordingHandlers() {
  const calls: WebviewToHost[] = [];
  const handlers = {
    ready: (message: Extract<WebviewToHost, { type: 'ready' }>) => void calls.push(message),
    submit: async (message: Extract<WebviewToHost, { type: 'submit' }>) => {
      await Promise.resolve();
      calls.push(message);
    },
    search: (message: Extract<WebviewToHost, { type: 'search' }>) => void calls.push(message),
    openLead: (message: Extract<WebviewToHost, { type: 'openLead' }>) => void calls.push(message),
    copyLink: (message: Extract<WebviewToHost, { type: 'copyLink' }>) => void calls.push(message),
    signIn: (message: Extract<WebviewToHost, { type: 'signIn' }>) => void calls.push(message),
  };
  return { calls, handlers };
}

describe('createWebviewMessageDispatcher', () => {
  it('calls exactly the handler of the message type, with the parsed message', async () => {
    for (const message of validMessages) {
      const { calls, handlers } = recordingHandlers();
      const rejectedTypes: (string | undefined)[] = [];
      const dispatch = createWebviewMessageDispatcher(handlers, (type) => rejectedTypes.push(type));
      assert.equal(await dispatch(structuredClone(message)), true);
      assert.deepEqual(calls, [message]);
      assert.deepEqual(rejectedTypes, []);
    }
  });

  it('routes each type to its own handler', async () => {
    const hits: string[] = [];
    const dispatch = createWebviewMessageDispatcher(
      {
        ready: () => void hits.push('ready'),
        submit: () => void hits.push('submit'),
        search: () => void hits.push('search'),
        openLead: () => void hits.push('openLead'),
        copyLink: () => void hits.push('copyLink'),
        signIn: () => void hits.push('signIn'),
      },
      () => assert.fail('nothing should be rejected'),
    );
    await dispatch({ type: 'signIn' });
    await dispatch({ type: 'copyLink' });
    await dispatch({ type: 'search', requestId: 'r', field: 'owner', query: 'a', page: 0 });
    await dispatch({ type: 'openLead' });
    await dispatch({ type: 'submit', requestId: 'r', draft: null });
    await dispatch({ type: 'ready' });
    assert.deepEqual(hits, ['signIn', 'copyLink', 'search', 'openLead', 'submit', 'ready']);
  });

  it('waits for an async handler before resolving', async () => {
    let finished = false;
    const { handlers } = recordingHandlers();
    const dispatch = createWebviewMessageDispatcher(
      {
        ...handlers,
        submit: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          finished = true;
        },
      },
      () => undefined,
    );
    await dispatch({ type: 'submit', requestId: 'r', draft: {} });
    assert.equal(finished, true);
  });

  it('calls no handler for a rejected message and reports only its type', async () => {
    const { calls, handlers } = recordingHandlers();
    const rejected: unknown[][] = [];
    const dispatch = createWebviewMessageDispatcher(handlers, (...args: unknown[]) => void rejected.push(args));
    const secret = 'typed-by-user-SECRET';
    assert.equal(await dispatch({ type: 'submit', requestId: 'r', draft: { description: secret }, extra: secret }), false);
    assert.equal(await dispatch({ type: 'search', requestId: 'r', field: 'tags', query: secret.repeat(20), page: 0 }), false);
    assert.equal(await dispatch({ type: 'nope', payload: secret }), false);
    assert.equal(await dispatch({ type: 'x'.repeat(100) }), false);
    assert.equal(await dispatch({ type: 42, payload: secret }), false);
    assert.equal(await dispatch(secret), false);
    assert.equal(await dispatch(null), false);
    assert.equal(await dispatch([{ type: 'ready' }]), false);
    assert.deepEqual(calls, []);
    assert.deepEqual(rejected, [['submit'], ['search'], ['nope'], ['x'.repeat(40)], [undefined], [undefined], [undefined], [undefined]]);
    assert.equal(JSON.stringify(rejected).includes('SECRET'), false);
  });
});

describe('parseHostMessage', () => {
  const hostMessages: HostToWebview[] = [
    {
      type: 'init',
      strings: { 'form.title': 'New Nutshell Lead', 'error.required': 'Required' },
      draft: {
        description: 'Saved',
        manualValue: '',
        dueDate: '',
        owner: null,
        accounts: [{ id: '1-accounts', label: 'Acme' }],
        contacts: [],
        sources: [],
        tags: [],
        products: [],
        competitors: [],
        customFields: [],
      },
      signedIn: true,
    },
    { type: 'init', strings: {}, draft: null, signedIn: false },
    { type: 'submitStarted', requestId: 'r1' },
    { type: 'submitResult', requestId: 'r1', outcome: { status: 'created', lead: { name: 'Lead', number: 1001, url: 'https://app.nutshell.com/lead/1001' } } },
    { type: 'submitResult', requestId: 'r1', outcome: { status: 'created', lead: { name: 'Lead' } } },
    {
      type: 'submitResult',
      requestId: 'r2',
      outcome: { status: 'invalid', fieldErrors: [{ field: 'description', code: 'required' }] },
    },
    {
      type: 'submitResult',
      requestId: 'r3',
      outcome: {
        status: 'failed',
        message: 'Nutshell rejected your credentials (401).',
        fieldErrors: [{ field: 'manualValue', code: 'server', message: 'Not a number' }],
        action: 'signIn',
      },
    },
    { type: 'submitResult', requestId: 'r3', outcome: { status: 'failed', message: 'Server error', fieldErrors: [] } },
    { type: 'submitResult', requestId: 'r4', outcome: { status: 'cancelled' } },
    {
      type: 'searchResult',
      requestId: 's1',
      field: 'products',
      items: [
        { id: '4-products', name: 'Scanner', secondary: 'HW-BX200', price: '249.99' },
        { id: '5-products', name: 'Printer' },
      ],
      hasMore: true,
    },
    { type: 'searchResult', requestId: 's2', field: 'accounts', items: [], hasMore: false, error: 'Search failed' },
    { type: 'credentialsChanged', signedIn: false },
    {
      type: 'formConfig',
      customFields: [
        { name: 'Seats', kind: 'number', choices: [] },
        { name: 'Interests', kind: 'multiChoice', choices: ['Analytics', 'Support'] },
        { name: 'Office', kind: 'text', choices: [], unknownType: 'geolocation' },
      ],
      defaults: { owner: { id: '5-users', label: 'Ana' }, sources: [{ id: '1-sources' }], tags: [] },
    },
    { type: 'formConfig', customFields: [], defaults: {} },
    {
      type: 'applySelection',
      description: 'Call back Acme about the renewal',
      suggestions: {
        accounts: [{ label: 'Acme', secondary: 'acme.com', ref: { id: '12-accounts', label: 'Acme' } }],
        contacts: [{ label: 'Bo Li', ref: { create: { name: 'Bo Li', email: 'bo@example.com' } } }],
      },
    },
  ];

  for (const message of hostMessages) {
    it(`round-trips ${message.type} ${JSON.stringify(message).slice(0, 70)}`, () => {
      assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(message))), message);
    });
  }

  const rejected: [string, unknown][] = [
    ['null', null],
    ['an unknown type', { type: 'evalScript', code: 'x' }],
    ['init without strings', { type: 'init', draft: null, signedIn: true }],
    ['init with non-string strings', { type: 'init', strings: { a: 1 }, draft: null, signedIn: true }],
    ['submitResult with an unknown status', { type: 'submitResult', requestId: 'r', outcome: { status: 'maybe' } }],
    ['a field error with an unknown code', { type: 'submitResult', requestId: 'r', outcome: { status: 'invalid', fieldErrors: [{ field: 'x', code: 'weird' }] } }],
    ['a field error whose field is not a string', { type: 'submitResult', requestId: 'r', outcome: { status: 'invalid', fieldErrors: [{ field: {}, code: 'server' }] } }],
    ['searchResult with an unknown field', { type: 'searchResult', requestId: 'r', field: 'leads', items: [], hasMore: false }],
    ['formConfig with an unknown kind', { type: 'formConfig', customFields: [{ name: 'x', kind: 'geo', choices: [] }], defaults: {} }],
    ['submitStarted with a 65-character requestId', { type: 'submitStarted', requestId: 'x'.repeat(65) }],
  ];
  for (const [name, raw] of rejected) {
    it(`rejects ${name}`, () => {
      assert.equal(parseHostMessage(raw), undefined);
    });
  }
});
