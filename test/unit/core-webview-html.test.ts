import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildContentSecurityPolicy, createNonce, escapeHtml, renderLeadFormHtml } from '../../src/core/webview-html.ts';
import type { LeadFormHtmlOptions } from '../../src/core/webview-html.ts';

/** What `webview.cspSource` looks like in VS Code desktop. */
const CSP_SOURCE = 'https://*.vscode-cdn.net';

const options: LeadFormHtmlOptions = {
  cspSource: CSP_SOURCE,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/form.css',
  title: 'New Nutshell Lead',
  language: 'en',
};

function unescapeAttribute(text: string): string {
  return text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(match?.[1], 'the page has a CSP meta tag');
  return unescapeAttribute(match[1]);
}

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) {
      assert.equal(map.has(name), false, `directive ${name} appears once`);
      map.set(name, sources);
    }
  }
  return map;
}

function nonceOf(html: string): string {
  const match = /<script nonce="([^"]+)" src="[^"]*"><\/script>/.exec(html);
  assert.ok(match?.[1], 'the script tag carries a nonce');
  return match[1];
}

describe('renderLeadFormHtml: Content-Security-Policy', () => {
  it("starts from default-src 'none'", () => {
    assert.deepEqual(directives(cspOf(renderLeadFormHtml(options))).get('default-src'), ["'none'"]);
  });

  it('allows scripts only with this render’s nonce, and the script tag carries it', () => {
    const html = renderLeadFormHtml(options);
    const nonce = nonceOf(html);
    assert.deepEqual(directives(cspOf(html)).get('script-src'), [`'nonce-${nonce}'`]);
    assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'exactly one script tag');
  });

  it('uses the given nonce when there is one', () => {
    const html = renderLeadFormHtml({ ...options, nonce: 'FixedNonceForTest0123456' });
    assert.equal(nonceOf(html), 'FixedNonceForTest0123456');
    assert.deepEqual(directives(cspOf(html)).get('script-src'), ["'nonce-FixedNonceForTest0123456'"]);
  });

  it('blocks network access, forms, frames and <base>', () => {
    const map = directives(cspOf(renderLeadFormHtml(options)));
    for (const name of ['connect-src', 'form-action', 'frame-src', 'base-uri']) {
      assert.deepEqual(map.get(name), ["'none'"], name);
    }
    assert.deepEqual(map.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(map.get('font-src'), [CSP_SOURCE]);
  });

  it('has no wildcard, scheme-wide or unsafe source in any directive', () => {
    const html = renderLeadFormHtml(options);
    const nonce = nonceOf(html);
    for (const [name, sources] of directives(cspOf(html))) {
      for (const source of sources) {
        assert.ok(!['*', 'http:', 'https:', 'ws:', 'wss:', 'blob:', 'filesystem:'].includes(source), `${name} ${source}`);
        assert.doesNotMatch(source, /unsafe-|strict-dynamic|wasm/, `${name} ${source}`);
        const allowed = ["'none'", `'nonce-${nonce}'`, CSP_SOURCE, 'data:'];
        assert.ok(allowed.includes(source), `${name} has an unexpected source ${source}`);
      }
    }
    assert.deepEqual(directives(cspOf(html)).get('img-src'), [CSP_SOURCE, 'data:']);
  });

  it('contains no http:, https: or * at all when the resource origin has none', () => {
    const csp = cspOf(renderLeadFormHtml({ ...options, cspSource: 'vscode-webview-resource:' }));
    assert.doesNotMatch(csp, /https?:|\*|unsafe-inline|unsafe-eval/);
  });

  it('buildContentSecurityPolicy is exactly the documented policy', () => {
    assert.equal(
      buildContentSecurityPolicy('vscode-res:', 'abc'),
      "default-src 'none'; script-src 'nonce-abc'; style-src vscode-res:; font-src vscode-res:; img-src vscode-res: data:; connect-src 'none'; form-action 'none'; frame-src 'none'; base-uri 'none'",
    );
  });
});

describe('renderLeadFormHtml: nonce', () => {
  it('is fresh for every render', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => nonceOf(renderLeadFormHtml(options))));
    assert.equal(nonces.size, 20);
  });

  it('has at least 128 bits, base64url', () => {
    for (let i = 0; i < 20; i++) {
      const nonce = createNonce();
      assert.match(nonce, /^[A-Za-z0-9_-]{22,}$/);
      assert.ok(Buffer.from(nonce, 'base64url').length >= 16, nonce);
    }
    assert.notEqual(createNonce(), createNonce());
  });
});

describe('renderLeadFormHtml: escaping', () => {
  it('escapes the title', () => {
    const html = renderLeadFormHtml({ ...options, title: '<script>alert("x")</script> & co' });
    assert.match(html, /<title>&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; co<\/title>/);
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
  });

  it('escapes attribute values (language, script and style URIs, CSP source)', () => {
    const html = renderLeadFormHtml({
      ...options,
      language: 'en" onload="evil()',
      scriptUri: 'https://x/"><script>evil()</script>',
      styleUri: "https://x/'a'",
      cspSource: 'https://x" http-equiv="refresh',
    });
    assert.match(html, /<html lang="en&quot; onload=&quot;evil\(\)">/);
    assert.match(html, /src="https:\/\/x\/&quot;&gt;&lt;script&gt;evil\(\)&lt;\/script&gt;"><\/script>/);
    assert.match(html, /href="https:\/\/x\/&#39;a&#39;"/);
    assert.doesNotMatch(html, /onload="evil/);
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.equal((html.match(/http-equiv="/g) ?? []).length, 1);
  });

  it('escapeHtml escapes the five special characters', () => {
    assert.equal(escapeHtml(`<a href='x'>"&"</a>`), '&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
    assert.equal(escapeHtml('plain text'), 'plain text');
  });

  it('sets the document language and title', () => {
    const html = renderLeadFormHtml({ ...options, language: 'de-CH', title: 'Neuer Lead' });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="de-CH">/);
    assert.match(html, /<title>Neuer Lead<\/title>/);
  });
});
