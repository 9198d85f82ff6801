/**
 * Where requests may go and which links may be opened.
 *
 * The Basic-auth header carries the user's API key, so the base URL must be `https`. Plain `http`
 * is allowed only for loopback hosts, which is what the local sandbox needs and what cannot leak
 * the key off the machine.
 */

export type BaseUrlProblem = 'invalid' | 'insecure' | 'credentialsInUrl' | 'queryOrFragment';

export type BaseUrlCheck = { ok: true; baseUrl: string; appOrigin: string } | { ok: false; problem: BaseUrlProblem };

export const DEFAULT_API_BASE_URL = 'https://app.nutshell.com/rest';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') {
    return true;
  }
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function checkApiBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, problem: 'insecure' };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'credentialsInUrl' };
  }
  if (url.search || url.hash) {
    return { ok: false, problem: 'queryOrFragment' };
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { ok: true, baseUrl, appOrigin: url.origin };
}

export interface LeadLinkFields {
  htmlUrl?: string | undefined;
  htmlUrlPath?: string | undefined;
}

/**
 * The URL that "Open in Nutshell" may open: the server's `htmlUrl` when it is on the configured
 * app origin, otherwise `htmlUrlPath` resolved against that origin. Anything else (another host,
 * `javascript:`, a protocol-relative path) yields undefined, so a hostile or confused response
 * cannot make the editor open an arbitrary link.
 */
export function resolveLeadUrl(appOrigin: string, lead: LeadLinkFields): string | undefined {
  if (lead.htmlUrl) {
    try {
      const url = new URL(lead.htmlUrl);
      if (url.origin === appOrigin) {
        return url.href;
      }
    } catch {
      // Fall through to htmlUrlPath.
    }
  }
  const path = lead.htmlUrlPath;
  if (path && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\')) {
    const url = new URL(path, appOrigin);
    if (url.origin === appOrigin) {
      return url.href;
    }
  }
  return undefined;
}

/** Joins the configured base URL and an API path (`/leads`), keeping the base URL's own path. */
export function apiUrl(baseUrl: string, path: string, query?: Record<string, string | number | undefined>): URL {
  const url = new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  return url;
}
