import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  NutshellError,
  describeError,
  errorForStatus,
  errorForTransportFailure,
  mapServerErrorsToFields,
  parseRetryAfter,
  parseServerErrors,
} from '../../src/core/errors.ts';
import type { NutshellErrorKind, Translate } from '../../src/core/errors.ts';

/** Like `vscode.l10n.t`: fills `{0}`, `{1}`, … and otherwise returns the message. */
const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, index: string) => String(args[Number(index)]));

const direct = { timedOut: false, cancelled: false, viaProxy: false };

function codeError(code: string, message = `failed: ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 27, 0);
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter(' 7 ', now), 7);
    assert.equal(parseRetryAfter('0', now), 0);
  });
  it('reads an HTTP date as seconds from now, rounded up', () => {
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now), 60);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now - 500), 1);
  });
  it('never returns a negative delay for a date in the past', () => {
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', now), 0);
  });
  it('returns undefined when there is no value or it is garbage', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('5 minutes', now), undefined);
    assert.equal(parseRetryAfter('12abc', now), undefined);
  });
  it('returns undefined for numbers that are neither delay-seconds nor an HTTP date', () => {
    // RFC 9110: delay-seconds is 1*DIGIT. V8's lenient Date.parse reads these as dates in 2001.
    assert.equal(parseRetryAfter('1.5', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
});

describe('parseServerErrors', () => {
  it('reads JSON:API errors with detail/title and source.pointer or source.parameter', () => {
    assert.deepEqual(
      parseServerErrors({
        errors: [
          { status: '400', title: 'Invalid value', detail: '"abc" is not a decimal number', source: { pointer: '/leads/0/manualValue' } },
          { title: 'Bad page', source: { parameter: 'page[limit]' } },
          { message: 'From message', field: 'dueTime' },
          { detail: 'With path', path: 'links.accounts' },
          { detail: '  No pointer  ' },
        ],
      }),
      [
        { message: '"abc" is not a decimal number', pointer: '/leads/0/manualValue' },
        { message: 'Bad page', pointer: 'page[limit]' },
        { message: 'From message', pointer: 'dueTime' },
        { message: 'With path', pointer: 'links.accounts' },
        { message: 'No pointer' },
      ],
    );
  });
  it('reads plain strings inside errors[] and skips junk entries', () => {
    assert.deepEqual(parseServerErrors({ errors: ['First', null, 3, { code: 'x' }, { detail: '   ' }, 'Second'] }), [
      { message: 'First' },
      { message: 'Second' },
    ]);
  });
  it('reads {error: "..."}, {error: {message}} and {message}', () => {
    assert.deepEqual(parseServerErrors({ error: 'Invalid API key' }), [{ message: 'Invalid API key' }]);
    assert.deepEqual(parseServerErrors({ error: { message: 'Nested message', code: 9 } }), [{ message: 'Nested message' }]);
    assert.deepEqual(parseServerErrors({ message: 'Top-level message' }), [{ message: 'Top-level message' }]);
  });
  it('reads {errors: {field: [messages]}} and {errors: {field: message}}', () => {
    assert.deepEqual(parseServerErrors({ errors: { manualValue: ['Must be a number', 'Too big'], description: 'Required' } }), [
      { message: 'Must be a number', pointer: 'manualValue' },
      { message: 'Too big', pointer: 'manualValue' },
      { message: 'Required', pointer: 'description' },
    ]);
  });
  it('falls back to message when errors[] has nothing usable', () => {
    assert.deepEqual(parseServerErrors({ errors: [{ code: 1 }], message: 'Fallback' }), [{ message: 'Fallback' }]);
  });
  it('returns an empty list for anything else', () => {
    for (const junk of [undefined, null, 'Bad Request', 400, true, [], {}, { errors: null }, { error: 5 }, { message: '' }]) {
      assert.deepEqual(parseServerErrors(junk), [], JSON.stringify(junk));
    }
  });
});

describe('errorForStatus', () => {
  const cases: [number, NutshellErrorKind][] = [
    [400, 'validation'],
    [422, 'validation'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'notFound'],
    [407, 'proxy'],
    [429, 'rateLimited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [418, 'http'],
    [409, 'http'],
    [302, 'http'],
  ];
  for (const [status, kind] of cases) {
    it(`${status} → ${kind}`, () => {
      const error = errorForStatus(status, undefined, undefined);
      assert.ok(error instanceof NutshellError);
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.equal(error.message, `HTTP ${status}`);
      assert.deepEqual(error.serverErrors, []);
      assert.equal(error.retryAfterSeconds, undefined);
    });
  }
  it('keeps the server errors and uses the first as the message', () => {
    const error = errorForStatus(400, { errors: [{ detail: 'Bad value', source: { pointer: '/leads/0/manualValue' } }, { detail: 'Second' }] }, undefined);
    assert.equal(error.kind, 'validation');
    assert.equal(error.message, 'Bad value');
    assert.deepEqual(error.serverErrors, [{ message: 'Bad value', pointer: '/leads/0/manualValue' }, { message: 'Second' }]);
  });
  it('429 carries Retry-After seconds', () => {
    const error = errorForStatus(429, { error: 'Slow down' }, '7');
    assert.equal(error.kind, 'rateLimited');
    assert.equal(error.retryAfterSeconds, 7);
    assert.equal(error.message, 'Slow down');
  });
  it('429 without a usable Retry-After has no retryAfterSeconds', () => {
    assert.equal(errorForStatus(429, undefined, undefined).retryAfterSeconds, undefined);
    assert.equal(errorForStatus(429, undefined, 'later').retryAfterSeconds, undefined);
  });
  it('only 429 reads Retry-After', () => {
    assert.equal(errorForStatus(503, undefined, '30').retryAfterSeconds, undefined);
  });
});

describe('errorForTransportFailure', () => {
  const cases: [string, NutshellErrorKind][] = [
    ['ECONNREFUSED', 'connectionRefused'],
    ['ENOTFOUND', 'dnsFailure'],
    ['EAI_AGAIN', 'dnsFailure'],
    ['EAI_NONAME', 'dnsFailure'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['ECONNRESET', 'network'],
    ['UND_ERR_SOCKET', 'network'],
    ['EHOSTUNREACH', 'network'],
  ];
  for (const [code, kind] of cases) {
    it(`${code} → ${kind}`, () => {
      const error = errorForTransportFailure(codeError(code, `boom ${code}`), direct);
      assert.equal(error.kind, kind);
      assert.equal(error.code, code);
      assert.equal(error.status, undefined);
      assert.equal(error.message, `boom ${code}`);
    });
  }

  it('finds the code in a nested cause (undici wraps socket errors)', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'UND_ERR_CONNECT', cause: codeError('ECONNREFUSED') }),
    });
    const error = errorForTransportFailure(wrapped, direct);
    assert.equal(error.kind, 'connectionRefused');
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(error.message, 'fetch failed');
  });

  it('finds a TLS code two levels down', () => {
    const wrapped = new Error('outer', { cause: new Error('middle', { cause: codeError('CERT_HAS_EXPIRED') }) });
    assert.equal(errorForTransportFailure(wrapped, direct).kind, 'tls');
  });

  it('cancelled wins over everything', () => {
    const error = errorForTransportFailure(codeError('ECONNREFUSED'), { timedOut: true, cancelled: true, viaProxy: true });
    assert.equal(error.kind, 'cancelled');
  });

  it('timed out (our own timer) without a code is a timeout', () => {
    const abort = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    assert.equal(errorForTransportFailure(abort, { ...direct, timedOut: true }).kind, 'timeout');
  });

  it('an abort that was neither cancelled nor timed out is a network failure', () => {
    assert.equal(errorForTransportFailure(new DOMException('aborted', 'AbortError'), direct).kind, 'network');
  });

  it('through a proxy, refused / DNS / aborted are the proxy’s fault', () => {
    const viaProxy = { ...direct, viaProxy: true };
    assert.equal(errorForTransportFailure(codeError('ECONNREFUSED'), viaProxy).kind, 'proxy');
    assert.equal(errorForTransportFailure(codeError('ENOTFOUND'), viaProxy).kind, 'proxy');
    assert.equal(errorForTransportFailure(codeError('UND_ERR_ABORTED'), viaProxy).kind, 'proxy');
    assert.equal(errorForTransportFailure(codeError('UND_ERR_ABORTED'), direct).kind, 'network');
    assert.equal(errorForTransportFailure(codeError('CERT_HAS_EXPIRED'), viaProxy).kind, 'tls');
  });

  it('passes a NutshellError through unchanged', () => {
    const original = new NutshellError('badResponse', 'too large');
    assert.equal(errorForTransportFailure(original, { timedOut: true, cancelled: true, viaProxy: true }), original);
  });

  it('copes with non-Error throwables', () => {
    const error = errorForTransportFailure('socket hang up', direct);
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'socket hang up');
    assert.equal(error.code, undefined);
    assert.equal(errorForTransportFailure(null, direct).kind, 'network');
  });
});

describe('mapServerErrorsToFields', () => {
  const draft = {
    customFields: [
      { name: 'Project Brief', value: 'x' },
      { name: 'Favorite Number', value: 'seven' },
    ],
  };

  it('maps JSON pointers into the request body onto form fields', () => {
    const result = mapServerErrorsToFields(
      [
        { message: 'Not a number', pointer: '/leads/0/manualValue' },
        { message: 'Unknown account', pointer: '/leads/0/links/accounts/1' },
        { message: 'Bad quantity', pointer: '/leads/0/links/productMaps/0/quantity' },
        { message: 'Bad price', pointer: '/leads/0/links/productMaps/2/price/amount' },
        { message: 'Unknown product', pointer: '/leads/0/links/productMaps/1/links/product' },
        { message: 'Must be a number', pointer: '/leads/0/customFields/Favorite Number' },
        { message: 'Bad date', pointer: '/leads/0/dueTime/timestamp' },
        { message: 'Unknown owner', pointer: '/leads/0/links/owner' },
        { message: 'Unknown competitor', pointer: '/leads/0/links/competitorMaps/0' },
        { message: 'Unknown tag', pointer: '/leads/0/links/tags/3' },
        { message: 'Unknown source', pointer: '/leads/0/links/sources/0' },
        { message: 'Unknown contact', pointer: '/leads/0/links/contacts/0/emails/0' },
      ],
      draft,
    );
    assert.deepEqual(result, {
      fieldErrors: [
        { field: 'manualValue', code: 'server', message: 'Not a number' },
        { field: 'accounts', code: 'server', message: 'Unknown account' },
        { field: 'products.0.quantity', code: 'server', message: 'Bad quantity' },
        { field: 'products.2.price', code: 'server', message: 'Bad price' },
        { field: 'products.1.product', code: 'server', message: 'Unknown product' },
        { field: 'customFields.1.value', code: 'server', message: 'Must be a number' },
        { field: 'dueDate', code: 'server', message: 'Bad date' },
        { field: 'owner', code: 'server', message: 'Unknown owner' },
        { field: 'competitors', code: 'server', message: 'Unknown competitor' },
        { field: 'tags', code: 'server', message: 'Unknown tag' },
        { field: 'sources', code: 'server', message: 'Unknown source' },
        { field: 'contacts', code: 'server', message: 'Unknown contact' },
      ],
      unmatched: [],
    });
  });

  it('maps bare field names and dotted / bracketed paths', () => {
    const result = mapServerErrorsToFields(
      [
        { message: 'Required', pointer: 'description' },
        { message: 'Bad value', pointer: 'leads[0].manualValue' },
        { message: 'Bad qty', pointer: 'data.links.productMaps[3].quantity' },
        { message: 'Bad brief', pointer: '#/leads/0/customFields/project brief' },
      ],
      draft,
    );
    assert.deepEqual(result.fieldErrors, [
      { field: 'description', code: 'server', message: 'Required' },
      { field: 'manualValue', code: 'server', message: 'Bad value' },
      { field: 'products.3.quantity', code: 'server', message: 'Bad qty' },
      { field: 'customFields.0.value', code: 'server', message: 'Bad brief' },
    ]);
    assert.deepEqual(result.unmatched, []);
  });

  it('decodes ~1 and ~0 in JSON pointer segments', () => {
    const result = mapServerErrorsToFields([{ message: 'Bad', pointer: '/leads/0/customFields/In~1Out~0' }], {
      customFields: [{ name: 'In/Out~', value: 'x' }],
    });
    assert.deepEqual(result.fieldErrors, [{ field: 'customFields.0.value', code: 'server', message: 'Bad' }]);
  });

  it('sends errors it cannot place to the banner list, in order', () => {
    const result = mapServerErrorsToFields(
      [
        { message: 'General failure' },
        { message: 'Unknown attribute', pointer: '/leads/0/mystery' },
        { message: 'No such custom field', pointer: '/leads/0/customFields/Not In Form' },
        { message: 'Whole lead', pointer: '/leads/0' },
        { message: 'Product without index', pointer: '/leads/0/links/productMaps' },
        { message: 'Paging', pointer: 'page[limit]' },
      ],
      draft,
    );
    assert.deepEqual(result, {
      fieldErrors: [],
      unmatched: ['General failure', 'Unknown attribute', 'No such custom field', 'Whole lead', 'Product without index', 'Paging'],
    });
  });

  it('keeps one server error per field (the first)', () => {
    const result = mapServerErrorsToFields(
      [
        { message: 'First', pointer: '/leads/0/manualValue' },
        { message: 'Second', pointer: 'manualValue' },
      ],
      draft,
    );
    assert.deepEqual(result.fieldErrors, [{ field: 'manualValue', code: 'server', message: 'First' }]);
  });

  it('places a custom field whose name contains a dot', () => {
    const result = mapServerErrorsToFields([{ message: 'Must be a number', pointer: '/leads/0/customFields/No. of seats' }], {
      customFields: [{ name: 'No. of seats', value: 'many' }],
    });
    assert.deepEqual(result, { fieldErrors: [{ field: 'customFields.0.value', code: 'server', message: 'Must be a number' }], unmatched: [] });
  });

  it('does not treat Object.prototype member names as link fields', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = mapServerErrorsToFields([{ message: `About ${name}`, pointer: `/leads/0/${name}` }], draft);
      assert.deepEqual(result, { fieldErrors: [], unmatched: [`About ${name}`] }, name);
    }
  });
});

describe('describeError', () => {
  const samples: NutshellError[] = [
    new NutshellError('unauthorized', 'x', { status: 401 }),
    new NutshellError('forbidden', 'x', { status: 403 }),
    new NutshellError('validation', 'x', { status: 400, serverErrors: [{ message: 'Value is not a number' }] }),
    new NutshellError('notFound', 'x', { status: 404 }),
    new NutshellError('rateLimited', 'x', { status: 429, retryAfterSeconds: 17 }),
    new NutshellError('server', 'x', { status: 503 }),
    new NutshellError('http', 'x', { status: 418 }),
    new NutshellError('timeout', 'x'),
    new NutshellError('connectionRefused', 'x', { code: 'ECONNREFUSED' }),
    new NutshellError('dnsFailure', 'x', { code: 'ENOTFOUND' }),
    new NutshellError('tls', 'x', { code: 'CERT_HAS_EXPIRED' }),
    new NutshellError('proxy', 'x', { status: 407 }),
    new NutshellError('network', 'x', { code: 'ECONNRESET' }),
    new NutshellError('badResponse', 'x', { status: 200 }),
    new NutshellError('cancelled', 'x'),
  ];

  it('covers every kind with a distinct message', () => {
    assert.equal(samples.length, 15);
    const messages = samples.map((error) => describeError(error, t));
    assert.equal(new Set(messages).size, 15, messages.join('\n'));
    for (const message of messages) {
      assert.ok(message.length > 20, message);
      assert.doesNotMatch(message, /\{\d\}|undefined/, message);
    }
  });

  it('fills the placeholders with the details', () => {
    const [unauthorized, , validation, notFound, rateLimited, server, http, , , , tls, , network] = samples.map((error) => describeError(error, t));
    assert.match(unauthorized ?? '', /401/);
    assert.equal(validation, 'Nutshell did not accept the lead: Value is not a number');
    assert.match(notFound ?? '', /404/);
    assert.match(rateLimited ?? '', /\b17 seconds\b/);
    assert.match(server ?? '', /\(503\)/);
    assert.match(http ?? '', /\(418\)/);
    assert.match(tls ?? '', /CERT_HAS_EXPIRED/);
    assert.match(network ?? '', /ECONNRESET/);
  });

  it('rate limiting without Retry-After does not promise a number of seconds', () => {
    const message = describeError(new NutshellError('rateLimited', 'x', { status: 429 }), t);
    assert.doesNotMatch(message, /\d+ seconds/);
    assert.match(message, /429/);
  });

  it('validation without a server message shows the status', () => {
    assert.match(describeError(new NutshellError('validation', 'x', { status: 422 }), t), /\(422\)/);
  });

  it('network without a code shows the low-level message', () => {
    assert.match(describeError(new NutshellError('network', 'other side closed'), t), /other side closed/);
  });

  it('passes every message through t', () => {
    const seen: string[] = [];
    const spy: Translate = (message, ...args) => {
      seen.push(message);
      return `«${t(message, ...args)}»`;
    };
    for (const error of samples) {
      assert.match(describeError(error, spy), /^«.*»$/s);
    }
    assert.equal(seen.length, 15);
  });
});
