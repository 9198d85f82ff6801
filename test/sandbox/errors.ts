/**
 * Error bodies. The OpenAPI document defines NO error schema (only four bare 400s without content),
 * so this shape is our choice, modelled on JSON:API error objects:
 *
 *   {"errors":[{"status":"400","title":"Invalid value","detail":"human message",
 *               "code":"invalid","source":{"pointer":"/leads/0/manualValue"}}]}
 *
 * `status` is a string (JSON:API style). `source.pointer` is an RFC 6901 JSON pointer into the
 * request body; `source.parameter` names a query parameter. `code` is a stable machine-readable tag.
 */
import { STATUS_CODES } from 'node:http';

export interface ApiErrorObject {
  status: string;
  title: string;
  detail: string;
  code?: string;
  source?: { pointer?: string; parameter?: string };
}

export interface ErrorBody {
  errors: ApiErrorObject[];
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? `HTTP ${status}`;
}

export function errorObject(
  status: number,
  detail: string,
  extra: { title?: string; code?: string; pointer?: string; parameter?: string } = {},
): ApiErrorObject {
  const e: ApiErrorObject = { status: String(status), title: extra.title ?? statusTitle(status), detail };
  if (extra.code !== undefined) {
    e.code = extra.code;
  }
  if (extra.pointer !== undefined) {
    e.source = { pointer: extra.pointer };
  } else if (extra.parameter !== undefined) {
    e.source = { parameter: extra.parameter };
  }
  return e;
}

export function errorBody(status: number, detail: string, extra: Parameters<typeof errorObject>[2] = {}): ErrorBody {
  return { errors: [errorObject(status, detail, extra)] };
}

/** RFC 6901 pointer from path segments: ("leads", 0, "customFields", "a/b") -> "/leads/0/customFields/a~1b". */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
