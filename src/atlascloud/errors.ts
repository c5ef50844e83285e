/**
 * Atlas Cloud AI failures, classified once (as src/atlas/errors.ts does for Atlas), so a check switches on what
 * happened rather than on raw status codes. 401 is the key (or a wrong path); a 403 with the API's error body is a
 * permission the key lacks (the balance needs Account Admin or Finance in a team account); a 403 without one, or a
 * 451, is a block page for this network or region, which says nothing about the key. Atlas Cloud sends no
 * Retry-After, so a 429 is reported once the HTTP layer's backoff is spent.
 */
import { untrusted } from '../core/untrusted.js'
import type { AiCall } from './client.js'

export type AiFailureKind =
  | 'unreachable'
  | 'key-rejected'
  | 'no-permission'
  | 'blocked'
  | 'rate-limited'
  | 'unavailable'
  | 'payment-required'
  | 'unexpected'

export interface AiFailure {
  kind: AiFailureKind
  status?: number
  /** A block by region (451) rather than by network (a 403 page). */
  region?: boolean
  /** Network-level words when there was no HTTP answer, or why an answer was not used. */
  message?: string
}

/** What went wrong with a call, or undefined for a 200 (whose body the caller checks for the shape it needs). */
export function classifyAi(call: AiCall): AiFailure | undefined {
  const r = call.result
  if (!r.ok) {
    // A redirect or an oversized body is an answer we will not use, not an unreachable host.
    const reached = r.kind === 'redirect' || r.kind === 'too-large'
    return { kind: reached ? 'unexpected' : 'unreachable', message: r.message }
  }
  const status = r.status
  if (status === 200) return undefined
  if (status === 401) return { kind: 'key-rejected', status }
  if (status === 403 && call.error) return { kind: 'no-permission', status }
  if (status === 403 || status === 451) return { kind: 'blocked', status, region: status === 451 }
  if (status === 402) return { kind: 'payment-required', status }
  if (status === 429) return { kind: 'rate-limited', status }
  if (status >= 500) return { kind: 'unavailable', status }
  return { kind: 'unexpected', status }
}

/** The answer in plain words: status, the API's error (through `untrusted`) and the request id for support. */
export function said(call: AiCall): string {
  if (!call.result.ok) return call.result.message
  const e = call.error
  const what = e
    ? ` (${[e.code, e.message]
        .filter(Boolean)
        .map(x => untrusted(x, 120))
        .join(': ')})`
    : call.result.json === undefined && call.result.body
      ? ' (not JSON)'
      : ''
  return `HTTP ${call.result.status}${what}${call.requestId ? `, request id ${untrusted(call.requestId, 60)}` : ''}`
}

/**
 * What a 402 says ran out, in Atlas Cloud's words ("Insufficient balance, or a Coding Plan allowance that has run
 * out", errors §7): the Coding Plan when the answer names a plan or an allowance, the balance when it names the
 * balance or insufficient funds, and `either` when it names neither.
 */
export function paymentRequiredOf(call: AiCall): 'coding-plan' | 'balance' | 'either' {
  const words = `${call.error?.code ?? ''} ${call.error?.message ?? ''}`
  if (/coding.?plan|allowance|plan/i.test(words)) return 'coding-plan'
  if (/insufficient|balance|funds|credit/i.test(words)) return 'balance'
  return 'either'
}
