/**
 * Atlas failures, classified as docs/reference/atlas-admin-api.md §6 and §9 describe them (a missing role is
 * 401, not 403, whatever some guides say; 403 is mostly the access list). Both spellings of the access
 * list codes are matched (`*ACCESS_LIST*` live, `*WHITELIST*` in older docs).
 */
import { isIP } from 'node:net'
import type { HttpResult } from '../http/client.js'
import type { ApiError } from './types.js'

export type AtlasFailureKind =
  | 'unreachable'
  | 'bad-api-key'
  | 'bad-client-credentials'
  | 'token-rejected'
  | 'missing-role'
  | 'ip-not-allowed'
  | 'forbidden'
  | 'not-found'
  | 'version'
  | 'rate-limited'
  | 'server-error'
  | 'unexpected'

export interface AtlasFailure {
  kind: AtlasFailureKind
  status?: number
  errorCode?: string
  detail?: string
  /** The caller address Atlas reported (403 access list errors). */
  ip?: string
  /** Seconds Atlas asked to wait. */
  retryAfterS?: number
  /** Network-level words when there was no HTTP answer. */
  message?: string
}

const ROLE_CODES =
  /^(USER_UNAUTHORIZED|API_KEY_(ACCESS_LIST|WHITELIST)_ACCESS_DENIED|NOT_IN_GROUP|USER_CANNOT_ACCESS_(GROUP|ORG)|NOT_ORG_GROUP_CREATOR|NOT_ORG_OWNER|NOT_GROUP_USER_ADMIN|NOT_ORG_USER_ADMIN|NOT_USER_ADMIN|NOT_API_KEY_ADMIN|NO_CURRENT_USER)$/
const ACCESS_LIST_CODES = /(ACCESS_LIST|WHITELIST)/
const NOT_FOUND_CODES =
  /^(RESOURCE_NOT_FOUND|GROUP_NOT_FOUND|ORG_NOT_FOUND|INVALID_GROUP_ID|INVALID_ORG_ID|USER_NOT_IN_GROUP|USER_NOT_IN_ORG|NOT_ATLAS_GROUP|NOT_ATLAS_ORG|SERVICE_ACCOUNT_NOT_FOUND|API_KEY_NOT_FOUND|ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND|CLUSTER_NOT_FOUND|USERNAME_NOT_FOUND|CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API|CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API)$/
/**
 * NOT_FOUND_CODES, from ../shared/reference/atlas-round3.md §2 (confirmed from real answers unless marked): 404
 * CLUSTER_NOT_FOUND on the dedicated and the flex path; 400 CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API when a flex
 * cluster is read on the dedicated path (no dedicated cluster of that name: not found there, and the flex path is
 * asked next); 404 USERNAME_NOT_FOUND for a missing database user (likely).
 */

export function apiErrorOf(json: unknown): ApiError | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined
  const j = json as Record<string, unknown>
  const out: ApiError = {}
  if (typeof j['error'] === 'number') out.error = j['error']
  if (typeof j['errorCode'] === 'string') out.errorCode = j['errorCode']
  if (typeof j['reason'] === 'string') out.reason = j['reason']
  if (typeof j['detail'] === 'string') out.detail = j['detail']
  if (Array.isArray(j['parameters'])) out.parameters = j['parameters']
  return out
}

/**
 * The caller IP in an access-list error, from the structured `parameters` only (Atlas puts it there). The prose in
 * `detail` is never parsed for an address: a server's words (`::edge-proxy::`) must not become an entry to add.
 */
export function ipFromError(e: ApiError | undefined): string | undefined {
  for (const p of e?.parameters ?? []) if (typeof p === 'string' && isIP(p.trim())) return p.trim()
  return undefined
}

export function classify(
  result: HttpResult,
  authKind: 'digest' | 'bearer' | 'token'
): AtlasFailure | undefined {
  if (!result.ok) {
    // A redirect, an oversized body or an untrusted target is an answer we will not use, not an unreachable host.
    const reached = result.kind === 'redirect' || result.kind === 'too-large' || result.kind === 'untrusted'
    return { kind: reached ? 'unexpected' : 'unreachable', message: result.message }
  }
  const status = result.status
  if (status >= 200 && status < 300) return undefined
  const e = apiErrorOf(result.json)
  // Atlas also names the code in an `X-Error-Code` header (real recorded answers): the fallback for a bodiless error.
  const headerCode = /^[A-Z][A-Z0-9_]{2,80}$/.exec(result.headers['x-error-code'] ?? '')?.[0]
  const base = { status, errorCode: e?.errorCode ?? headerCode, detail: e?.detail }
  if (authKind === 'token') {
    const oauth = result.json as { error?: unknown; error_description?: unknown } | undefined
    const oauthError = oauth?.error
    // The token endpoint speaks OAuth (RFC 6749 §5.2): its error and description are what it said.
    if (typeof oauthError === 'string') {
      base.errorCode = oauthError
      if (typeof oauth?.error_description === 'string') base.detail = oauth.error_description
    }
    if (status === 401 || oauthError === 'invalid_client') return { ...base, kind: 'bad-client-credentials' }
  }
  if (status === 401) {
    if (e?.errorCode && ROLE_CODES.test(e.errorCode)) return { ...base, kind: 'missing-role' }
    const challenge = result.headers['www-authenticate'] ?? ''
    if (authKind === 'digest' && /^digest/i.test(challenge)) return { ...base, kind: 'bad-api-key' }
    if (authKind === 'digest') return { ...base, kind: 'bad-api-key' }
    return { ...base, kind: 'token-rejected' }
  }
  if (status === 403) {
    if (
      (e?.errorCode && ACCESS_LIST_CODES.test(e.errorCode)) ||
      e?.errorCode === 'GLOBAL_USER_OUTSIDE_SUBNET'
    )
      return { ...base, kind: 'ip-not-allowed', ip: ipFromError(e) }
    return { ...base, kind: 'forbidden' }
  }
  if (status === 404 && (!e?.errorCode || NOT_FOUND_CODES.test(e.errorCode)))
    return { ...base, kind: e ? 'not-found' : 'unexpected' }
  if (
    e?.errorCode === 'INVALID_VERSION_DATE' ||
    e?.errorCode === 'VERSION_GONE' ||
    status === 406 ||
    status === 410
  )
    return { ...base, kind: 'version' }
  if (status === 400 && e?.errorCode && NOT_FOUND_CODES.test(e.errorCode))
    return { ...base, kind: 'not-found' }
  if (status === 429) return { ...base, kind: 'rate-limited', retryAfterS: result.retryAfterS }
  if (status >= 500) return { ...base, kind: 'server-error', retryAfterS: result.retryAfterS }
  return { ...base, kind: 'unexpected' }
}
