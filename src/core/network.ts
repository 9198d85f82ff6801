/**
 * The HTTP dispatcher, configured like the editor's own networking.
 *
 * A plain `undici.request()` ignores VS Code's proxy support, so the host reads `http.proxy`,
 * `http.noProxy`, `http.proxyStrictSSL`, `http.proxyAuthorization`, `http.proxySupport` and
 * `http.systemCertificates` and passes them here. Certificates are always verified: custom
 * certificate authorities are trusted by adding them to the OS store (read through
 * `tls.getCACertificates('system')`) or `NODE_EXTRA_CA_CERTS`, never by turning verification off.
 * `http.proxyStrictSSL` therefore applies only to the TLS connection to an `https://` proxy itself.
 */
import * as tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { isLoopbackHost } from './endpoint.ts';

export interface NetworkSettings {
  /** `http.proxy`; empty means "use the environment" (HTTPS_PROXY / HTTP_PROXY). */
  proxy: string;
  noProxy: readonly string[];
  proxyStrictSSL: boolean;
  proxyAuthorization: string | null;
  /** `http.proxySupport`: 'off' disables proxies altogether. */
  proxySupport: string;
  systemCertificates: boolean;
}

export interface NetworkPlan {
  proxyUrl: string | undefined;
  /** Hosts (or `.domain` suffixes, or `*`) that bypass the proxy. */
  noProxy: string[];
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()];
}

export function planNetwork(settings: NetworkSettings, env: NodeJS.ProcessEnv): NetworkPlan {
  const envNoProxy = (envValue(env, 'NO_PROXY') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const noProxy = [...settings.noProxy.map((entry) => entry.trim()).filter((entry) => entry !== ''), ...envNoProxy];
  if (settings.proxySupport === 'off') {
    return { proxyUrl: undefined, noProxy };
  }
  const proxyUrl = settings.proxy.trim() || envValue(env, 'HTTPS_PROXY') || envValue(env, 'HTTP_PROXY') || undefined;
  return { proxyUrl, noProxy };
}

/** `host:port` → `host`, `[v6]:port` or `[v6]` → `v6`; a bare IPv6 address is left whole. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(entry);
  if (bracketed?.[1]) {
    return bracketed[1];
  }
  return (entry.match(/:/g) ?? []).length === 1 ? entry.replace(/:\d+$/, '') : entry;
}

/** `NO_PROXY` semantics: exact host, `.suffix` / `*.suffix` domain match, or `*` for all. */
export function bypassesProxy(hostname: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) {
    return true;
  }
  return noProxy.some((rawEntry) => {
    const entry = stripPort(rawEntry.trim().toLowerCase());
    if (entry === '*') {
      return true;
    }
    const suffix = entry.replace(/^\*?\./, '');
    return host === suffix || host.endsWith(`.${suffix}`);
  });
}

/** The bundled roots plus NODE_EXTRA_CA_CERTS, and the OS store when the setting allows it. */
export function trustedCertificates(useSystem: boolean): string[] | undefined {
  const getCACertificates = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (!getCACertificates) {
    return undefined;
  }
  const certificates = new Set(getCACertificates('default'));
  if (useSystem) {
    try {
      for (const certificate of getCACertificates('system')) {
        certificates.add(certificate);
      }
    } catch {
      // No readable system store: the bundled roots still apply.
    }
  }
  return [...certificates];
}

export interface HttpDispatchers {
  dispatcherFor(url: URL): Dispatcher;
  usesProxy(url: URL): boolean;
  close(): Promise<void>;
}

export function createDispatchers(settings: NetworkSettings, env: NodeJS.ProcessEnv = process.env): HttpDispatchers {
  const plan = planNetwork(settings, env);
  const ca = trustedCertificates(settings.systemCertificates);
  const tlsOptions = ca ? { ca } : {};
  const direct = new Agent({ connect: tlsOptions });
  const proxy = plan.proxyUrl
    ? new ProxyAgent({
        uri: plan.proxyUrl,
        ...(settings.proxyAuthorization ? { token: settings.proxyAuthorization } : {}),
        requestTls: tlsOptions,
        proxyTls: { ...tlsOptions, rejectUnauthorized: settings.proxyStrictSSL },
      })
    : undefined;
  const usesProxy = (url: URL) => proxy !== undefined && !bypassesProxy(url.hostname, plan.noProxy);
  return {
    dispatcherFor: (url) => (usesProxy(url) && proxy ? proxy : direct),
    usesProxy,
    close: async () => {
      await Promise.all([direct.close(), proxy?.close()]);
    },
  };
}
