// What every resource of the Atlas Administration API stand-in shares (atlas.js composes the resources): the
// versions, Atlas's error body, the 501 of a sandbox gap, the versioned Accept check, pagination, Atlas's dates,
// and `compose`, which puts each resource's methods on AtlasService.
import { isIP } from 'node:net'
import { sendJson } from './http-util.js'

export const VERSIONS = /** @type {const} */ ({ v2023: '2023-01-01', sa: '2024-08-05', flex: '2024-11-13' })
export const DAY = 86_400_000
export const WEEK = 7 * DAY

/** A sandbox gap, said plainly: 501 with an Atlas-shaped body no client can mistake for a real answer. */
export function notImplemented(/** @type {string} */ method, /** @type {string} */ path) {
  return apiError(
    501,
    'SANDBOX_NOT_IMPLEMENTED',
    `The atlas-preflight sandbox does not implement ${method} ${path}. This is not an answer of the real Atlas API.`,
    [method, path]
  )
}

/** @param {number} status @param {string} errorCode @param {string} detail @param {unknown[]} [parameters] */
export function apiError(status, errorCode, detail, parameters) {
  const reason =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      405: 'Method Not Allowed',
      406: 'Not Acceptable',
      409: 'Conflict',
      410: 'Gone',
      415: 'Unsupported Media Type',
      429: 'Too Many Requests',
      500: 'Internal Server Error',
      501: 'Not Implemented'
    }[status] ?? 'Error'
  return { detail, error: status, errorCode, ...(parameters ? { parameters } : {}), reason }
}

/** The CIDR of a credential's access-list entry: a string (address or CIDR) or { cidrBlock | ipAddress, … }. */
export function cidrOf(e) {
  const v = typeof e === 'string' ? e : (e.cidrBlock ?? e.ipAddress)
  return v.includes('/') ? v : `${v}/${isIP(v) === 6 ? 128 : 32}`
}

/** An ISO 8601 date-time at whole seconds, as Atlas writes them (2026-08-10T03:08:14Z). */
export function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Puts the methods and getters of each resource class on `target`'s prototype: the resources' methods run with
 * `this` the one service (its scenario, clock, tokens and activity log). Two resources naming the same method is a
 * mistake, refused at load.
 * @param {Function} target @param {Function[]} parts
 */
export function compose(target, ...parts) {
  for (const part of parts)
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(part.prototype))) {
      if (name === 'constructor') continue
      if (Object.prototype.hasOwnProperty.call(target.prototype, name))
        throw new Error(`${target.name}.${name} is defined twice (${part.name})`)
      Object.defineProperty(target.prototype, name, d)
    }
}

/**
 * The first route of `routes` whose pattern matches `path` answers: `{ answer }` (what its handler returned), or
 * undefined when none matches. A pattern is a RegExp or anything with the same `exec`.
 * @template R
 * @param {[{ exec: (s: string) => RegExpExecArray | string[] | null }, (svc: any, r: R, m: any) => unknown][]} routes
 * @param {string} path @param {any} svc @param {R} r
 */
export function dispatch(routes, path, svc, r) {
  for (const [pattern, handler] of routes) {
    const m = pattern.exec(path)
    if (m) return { answer: handler(svc, r, m) }
  }
  return undefined
}

/** The versioned Accept header and Atlas pagination, as every v2 endpoint has them. */
export class ApiConventions {
  /** @returns {boolean} true when the Accept header asks for a version this endpoint has */
  acceptOk(req, res, version) {
    const accept = String(req.headers.accept ?? '')
    const m = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/.exec(accept)
    // Resolution (atlas-admin-api.md §1: a later date works in the field, e.g. MongoDB's MCP server sends 2025-03-12
    // everywhere; the rule itself is INFERRED): the latest version of the endpoint not after the asked date is
    // served, and the answer's Content-Type names it. A date before the endpoint's first version, or no versioned
    // Accept at all: 406 INVALID_VERSION_DATE. Single-version endpoints pass their one version here.
    if (!m || m[1] < version) {
      sendJson(res, 406, apiError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'))
      return false
    }
    return true
  }

  /** Atlas pagination: pageNum, itemsPerPage (1..500), includeCount, results, totalCount, links. */
  page(url, items, self, cap) {
    const asked = Math.min(500, Math.max(1, Number(url.searchParams.get('itemsPerPage') ?? 100) || 100))
    // `cap` (HOSTILE accessListPageSize): a server that pages below the size asked.
    const per = cap ? Math.min(asked, cap) : asked
    const num = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1)
    const results = items.slice((num - 1) * per, num * per)
    const links = [{ href: `${self}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }]
    // A `next` link while more pages exist, as real list answers carry (atlas-round3.md §1).
    if (num * per < items.length)
      links.push({ href: `${self}?pageNum=${num + 1}&itemsPerPage=${per}`, rel: 'next' })
    const body = { links, results }
    if (url.searchParams.get('includeCount') !== 'false') Object.assign(body, { totalCount: items.length })
    return body
  }
}
