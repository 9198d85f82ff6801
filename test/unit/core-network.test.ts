import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tls from 'node:tls';
import { bypassesProxy, createDispatchers, planNetwork, trustedCertificates } from '../../src/core/network.ts';
import type { NetworkSettings } from '../../src/core/network.ts';

const base: NetworkSettings = {
  proxy: '',
  noProxy: [],
  proxyStrictSSL: true,
  proxyAuthorization: null,
  proxySupport: 'override',
  systemCertificates: false,
};

describe('planNetwork', () => {
  it('has no proxy when neither the setting nor the environment names one', () => {
    assert.deepEqual(planNetwork(base, {}), { proxyUrl: undefined, noProxy: [] });
  });
  it('the http.proxy setting beats the environment', () => {
    assert.deepEqual(planNetwork({ ...base, proxy: ' http://setting-proxy:3128 ' }, { HTTPS_PROXY: 'http://env-proxy:8080' }), {
      proxyUrl: 'http://setting-proxy:3128',
      noProxy: [],
    });
  });
  it('uses HTTPS_PROXY, then HTTP_PROXY, in either case', () => {
    assert.equal(planNetwork(base, { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' }).proxyUrl, 'http://a:1');
    assert.equal(planNetwork(base, { HTTP_PROXY: 'http://b:2' }).proxyUrl, 'http://b:2');
    assert.equal(planNetwork(base, { https_proxy: 'http://c:3' }).proxyUrl, 'http://c:3');
    assert.equal(planNetwork(base, { http_proxy: 'http://d:4' }).proxyUrl, 'http://d:4');
  });
  it('http.proxySupport "off" disables every proxy but keeps the bypass list', () => {
    assert.deepEqual(
      planNetwork({ ...base, proxySupport: 'off', proxy: 'http://setting-proxy:3128', noProxy: ['corp.example'] }, { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'a.example' }),
      { proxyUrl: undefined, noProxy: ['corp.example', 'a.example'] },
    );
  });
  it('merges http.noProxy with NO_PROXY / no_proxy, trimmed, blanks dropped', () => {
    assert.deepEqual(planNetwork({ ...base, noProxy: [' corp.example ', ''] }, { NO_PROXY: ' .internal, ,10.0.0.5 ' }).noProxy, [
      'corp.example',
      '.internal',
      '10.0.0.5',
    ]);
    assert.deepEqual(planNetwork(base, { no_proxy: 'lower.example' }).noProxy, ['lower.example']);
  });
});

describe('bypassesProxy', () => {
  it('always bypasses loopback', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', 'sandbox.localhost']) {
      assert.equal(bypassesProxy(host, []), true, host);
    }
  });
  it('does not bypass other hosts with an empty list', () => {
    assert.equal(bypassesProxy('app.nutshell.com', []), false);
  });
  it('matches an exact host, case-insensitively', () => {
    assert.equal(bypassesProxy('app.nutshell.com', ['app.nutshell.com']), true);
    assert.equal(bypassesProxy('APP.Nutshell.com', ['app.NUTSHELL.com']), true);
    assert.equal(bypassesProxy('api.nutshell.com', ['app.nutshell.com']), false);
  });
  it('matches a domain suffix given as .suffix or *.suffix', () => {
    assert.equal(bypassesProxy('app.nutshell.com', ['.nutshell.com']), true);
    assert.equal(bypassesProxy('a.b.nutshell.com', ['*.nutshell.com']), true);
    assert.equal(bypassesProxy('app.nutshell.com', ['nutshell.com']), true);
    assert.equal(bypassesProxy('evilnutshell.com', ['.nutshell.com']), false);
    assert.equal(bypassesProxy('evilnutshell.com', ['nutshell.com']), false);
    assert.equal(bypassesProxy('nutshell.com.evil.example', ['nutshell.com']), false);
  });
  it('bypasses everything for *', () => {
    assert.equal(bypassesProxy('app.nutshell.com', ['other.example', '*']), true);
  });
  it('ignores a port on the entry', () => {
    assert.equal(bypassesProxy('app.nutshell.com', ['app.nutshell.com:443']), true);
    assert.equal(bypassesProxy('app.nutshell.com', ['.nutshell.com:8443']), true);
  });
  it('matches IPv4 addresses exactly', () => {
    assert.equal(bypassesProxy('10.0.0.5', ['10.0.0.5']), true);
    assert.equal(bypassesProxy('10.0.0.50', ['10.0.0.5']), false);
  });
  it('matches IPv6 address entries, bracketed or not', () => {
    // URL.hostname gives "[2001:db8::1]"; NO_PROXY lists either form.
    assert.equal(bypassesProxy('[2001:db8::1]', ['2001:db8::1']), true);
    assert.equal(bypassesProxy('[2001:db8::1]', ['[2001:db8::1]']), true);
    assert.equal(bypassesProxy('[2001:db8::1]', ['[2001:db8::1]:8443']), true);
  });
});

describe('trustedCertificates', () => {
  it('returns the default set when system certificates are off', () => {
    const expected = tls.getCACertificates('default');
    const actual = trustedCertificates(false);
    assert.ok(actual);
    assert.ok(expected.length > 50, 'Node bundles the Mozilla roots');
    assert.deepEqual(new Set(actual), new Set(expected));
  });
  it('with system certificates on, contains at least the default set', () => {
    const actual = new Set(trustedCertificates(true));
    for (const certificate of tls.getCACertificates('default')) {
      assert.ok(actual.has(certificate));
    }
  });
  it('returns PEM certificates', () => {
    for (const certificate of trustedCertificates(false) ?? []) {
      assert.match(certificate, /^-----BEGIN CERTIFICATE-----/);
    }
  });
});

describe('createDispatchers', () => {
  it('without a proxy, every URL goes direct through one agent', async () => {
    const dispatchers = createDispatchers(base, {});
    try {
      const nutshell = new URL('https://app.nutshell.com/rest/leads');
      assert.equal(dispatchers.usesProxy(nutshell), false);
      assert.equal(dispatchers.dispatcherFor(nutshell), dispatchers.dispatcherFor(new URL('https://other.example/')));
    } finally {
      await dispatchers.close();
    }
  });

  it('with a proxy, picks the proxy or the direct agent per URL', async () => {
    const dispatchers = createDispatchers({ ...base, proxy: 'http://proxy.invalid:3128', noProxy: ['.corp.example'] }, { NO_PROXY: 'direct.example' });
    try {
      const nutshell = new URL('https://app.nutshell.com/rest/leads');
      const corp = new URL('https://crm.corp.example/rest');
      const env = new URL('https://direct.example/rest');
      const loopback = new URL('http://127.0.0.1:4010/rest');
      assert.equal(dispatchers.usesProxy(nutshell), true);
      assert.equal(dispatchers.usesProxy(corp), false);
      assert.equal(dispatchers.usesProxy(env), false);
      assert.equal(dispatchers.usesProxy(loopback), false);
      const proxied = dispatchers.dispatcherFor(nutshell);
      const direct = dispatchers.dispatcherFor(loopback);
      assert.notEqual(proxied, direct);
      assert.equal(dispatchers.dispatcherFor(corp), direct);
      assert.equal(dispatchers.dispatcherFor(env), direct);
      assert.equal(dispatchers.dispatcherFor(new URL('https://another.example/')), proxied);
      assert.equal(proxied.constructor.name, 'ProxyAgent');
      assert.equal(direct.constructor.name, 'Agent');
    } finally {
      await dispatchers.close();
    }
  });

  it('takes the proxy from the environment when the setting is empty', async () => {
    const dispatchers = createDispatchers(base, { HTTPS_PROXY: 'http://env-proxy.invalid:8080' });
    try {
      assert.equal(dispatchers.usesProxy(new URL('https://app.nutshell.com/rest')), true);
    } finally {
      await dispatchers.close();
    }
  });

  it('uses no proxy at all when proxy support is off', async () => {
    const dispatchers = createDispatchers({ ...base, proxySupport: 'off', proxy: 'http://proxy.invalid:3128' }, { HTTPS_PROXY: 'http://env.invalid:1' });
    try {
      assert.equal(dispatchers.usesProxy(new URL('https://app.nutshell.com/rest')), false);
    } finally {
      await dispatchers.close();
    }
  });
});
