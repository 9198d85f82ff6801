import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_API_BASE_URL, apiUrl, checkApiBaseUrl, isLoopbackHost, resolveLeadUrl } from '../../src/core/endpoint.ts';

describe('checkApiBaseUrl', () => {
  it('accepts the default https URL', () => {
    assert.equal(DEFAULT_API_BASE_URL, 'https://app.nutshell.com/rest');
    assert.deepEqual(checkApiBaseUrl('https://app.nutshell.com/rest'), {
      ok: true,
      baseUrl: 'https://app.nutshell.com/rest',
      appOrigin: 'https://app.nutshell.com',
    });
  });
  it('normalizes trailing slashes and surrounding spaces', () => {
    assert.deepEqual(checkApiBaseUrl('  https://app.nutshell.com/rest//  '), {
      ok: true,
      baseUrl: 'https://app.nutshell.com/rest',
      appOrigin: 'https://app.nutshell.com',
    });
    assert.deepEqual(checkApiBaseUrl('https://APP.Nutshell.com/'), { ok: true, baseUrl: 'https://app.nutshell.com', appOrigin: 'https://app.nutshell.com' });
  });
  it('keeps a non-default port in the base URL and the origin', () => {
    assert.deepEqual(checkApiBaseUrl('https://crm.example.com:8443/api/rest'), {
      ok: true,
      baseUrl: 'https://crm.example.com:8443/api/rest',
      appOrigin: 'https://crm.example.com:8443',
    });
  });
  it('allows plain http only for loopback hosts', () => {
    assert.deepEqual(checkApiBaseUrl('http://localhost:4010/rest'), { ok: true, baseUrl: 'http://localhost:4010/rest', appOrigin: 'http://localhost:4010' });
    assert.deepEqual(checkApiBaseUrl('http://127.0.0.1:4010/rest/'), { ok: true, baseUrl: 'http://127.0.0.1:4010/rest', appOrigin: 'http://127.0.0.1:4010' });
    assert.deepEqual(checkApiBaseUrl('http://127.5.6.7/rest'), { ok: true, baseUrl: 'http://127.5.6.7/rest', appOrigin: 'http://127.5.6.7' });
    assert.deepEqual(checkApiBaseUrl('http://[::1]:4010/rest'), { ok: true, baseUrl: 'http://[::1]:4010/rest', appOrigin: 'http://[::1]:4010' });
  });
  it('rejects plain http to any other host as insecure', () => {
    for (const raw of ['http://app.nutshell.com/rest', 'http://localhost.evil.com/rest', 'http://127.0.0.1.nip.io/rest', 'http://10.0.0.1/rest', 'http://[::2]/rest']) {
      assert.deepEqual(checkApiBaseUrl(raw), { ok: false, problem: 'insecure' }, raw);
    }
  });
  it('rejects credentials in the URL', () => {
    assert.deepEqual(checkApiBaseUrl('https://ana:key@app.nutshell.com/rest'), { ok: false, problem: 'credentialsInUrl' });
    assert.deepEqual(checkApiBaseUrl('https://ana@app.nutshell.com/rest'), { ok: false, problem: 'credentialsInUrl' });
  });
  it('rejects a query or fragment', () => {
    assert.deepEqual(checkApiBaseUrl('https://app.nutshell.com/rest?debug=1'), { ok: false, problem: 'queryOrFragment' });
    assert.deepEqual(checkApiBaseUrl('https://app.nutshell.com/rest#x'), { ok: false, problem: 'queryOrFragment' });
  });
  it('rejects what is not an http(s) URL', () => {
    for (const raw of ['', 'app.nutshell.com/rest', 'not a url', 'ftp://app.nutshell.com/rest', 'javascript:alert(1)', 'file:///etc/passwd']) {
      assert.deepEqual(checkApiBaseUrl(raw), { ok: false, problem: 'invalid' }, raw);
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback names and addresses', () => {
    for (const host of ['localhost', 'LOCALHOST', 'sandbox.localhost', '127.0.0.1', '127.255.255.254', '::1', '[::1]']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['localhost.example.com', '128.0.0.1', '0.0.0.0', '::', 'example.com', '127.0.0.1.example.com', '']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('resolveLeadUrl', () => {
  const origin = 'https://app.nutshell.com';
  it('takes htmlUrl on the app origin', () => {
    assert.equal(resolveLeadUrl(origin, { htmlUrl: 'https://app.nutshell.com/lead/1001', htmlUrlPath: '/other' }), 'https://app.nutshell.com/lead/1001');
  });
  it('falls back to htmlUrlPath when htmlUrl is on another origin', () => {
    assert.equal(resolveLeadUrl(origin, { htmlUrl: 'https://evil.example/lead/1001', htmlUrlPath: '/lead/1001' }), 'https://app.nutshell.com/lead/1001');
  });
  it('uses htmlUrlPath when there is no htmlUrl', () => {
    assert.equal(resolveLeadUrl(origin, { htmlUrlPath: '/lead/1001?tab=notes' }), 'https://app.nutshell.com/lead/1001?tab=notes');
  });
  it('rejects another origin without a usable path', () => {
    for (const htmlUrl of [
      'https://evil.example/lead/1001',
      'http://app.nutshell.com/lead/1001',
      'https://app.nutshell.com:8443/lead/1001',
      'https://app.nutshell.com.evil.example/lead/1',
      'https://app.nutshell.com@evil.example/lead/1',
      'javascript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'not a url',
    ]) {
      assert.equal(resolveLeadUrl(origin, { htmlUrl }), undefined, htmlUrl);
    }
  });
  it('rejects paths that could leave the origin', () => {
    for (const htmlUrlPath of ['//evil.example/lead', '/\\evil.example/lead', 'lead/1001', 'https://evil.example/', 'javascript:alert(1)', '']) {
      assert.equal(resolveLeadUrl(origin, { htmlUrlPath }), undefined, htmlUrlPath);
    }
  });
  it('is undefined when there is nothing', () => {
    assert.equal(resolveLeadUrl(origin, {}), undefined);
  });
  it('works for a loopback sandbox origin', () => {
    assert.equal(resolveLeadUrl('http://127.0.0.1:4010', { htmlUrl: 'http://127.0.0.1:4010/lead/7' }), 'http://127.0.0.1:4010/lead/7');
  });
});

describe('apiUrl', () => {
  it('keeps the base path', () => {
    assert.equal(apiUrl('https://app.nutshell.com/rest', '/leads').href, 'https://app.nutshell.com/rest/leads');
    assert.equal(apiUrl('https://crm.example.com:8443/api/rest', 'users').href, 'https://crm.example.com:8443/api/rest/users');
    assert.equal(apiUrl('http://127.0.0.1:4010', '/users').href, 'http://127.0.0.1:4010/users');
  });
  it('encodes the query, including JSON:API bracket names', () => {
    const url = apiUrl('https://app.nutshell.com/rest', '/accounts', { 'page[limit]': 20, 'page[page]': 0, q: 'Acme & Co', 'filter[x]': undefined, empty: '' });
    assert.equal(url.href, 'https://app.nutshell.com/rest/accounts?page%5Blimit%5D=20&page%5Bpage%5D=0&q=Acme+%26+Co');
    assert.equal(url.searchParams.get('page[limit]'), '20');
    assert.equal(url.searchParams.get('q'), 'Acme & Co');
    assert.equal(url.searchParams.has('filter[x]'), false);
    assert.equal(url.searchParams.has('empty'), false);
  });
  it('has no query string when there is no query', () => {
    assert.equal(apiUrl('https://app.nutshell.com/rest', '/users', {}).search, '');
  });
});
