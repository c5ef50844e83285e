/**
 * The embeddings host a model API key is used on (Voyage AI's API: `https://ai.mongodb.com/v1` for keys created
 * in Atlas, `https://api.voyageai.com/v1` for keys created on Voyage's own site; atlas-round3.md §4). One call
 * only, and only when the user asks for it (`model-key-proof: true`): the smallest embeddings request, which
 * spends a handful of tokens. The key is a Bearer token. A 429 is retried at most once, when its Retry-After fits
 * the run's deadline (the HTTP layer's rule); nothing else is retried, because a request that reached the model
 * may have been billed.
 */
import type { HttpClient, HttpResult } from '../http/client.js'

/** The smallest, cheapest embeddings model (Voyage AI pricing, 2026: $0.02 per million tokens). */
export const PROOF_MODEL = 'voyage-3.5-lite'
/** One short word: a single input of about one token. */
export const PROOF_INPUT = 'ok'

export interface ProofCall {
  result: HttpResult
  /** The error text of the answer, when it had one (`detail`, `message` or `error`). */
  message?: string
}

export class ModelHostClient {
  private proofCall: Promise<ProofCall> | undefined

  constructor(
    private readonly http: HttpClient,
    readonly baseUrl: string,
    private readonly apiKey: string
  ) {}

  /** POST {base}/embeddings with one input of one word; memoized: never more than one per run. */
  prove(): Promise<ProofCall> {
    return (this.proofCall ??= this.send())
  }

  private async send(): Promise<ProofCall> {
    const result = await this.http.request({
      method: 'POST',
      url: `${this.baseUrl}/embeddings`,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${this.apiKey}`
      },
      body: JSON.stringify({ input: [PROOF_INPUT], model: PROOF_MODEL }),
      credentialed: true,
      // Not idempotent: a network error after the request left may have been billed. A 429 was not served, and
      // the HTTP layer retries it when Retry-After fits the deadline; at most once.
      idempotent: false,
      maxAttempts: 2
    })
    return { result, ...messageOf(result) }
  }
}

function messageOf(result: HttpResult): { message?: string } {
  if (!result.ok || result.json === null || typeof result.json !== 'object') return {}
  const j = result.json as Record<string, unknown>
  const e = j['error']
  const m =
    typeof j['detail'] === 'string'
      ? j['detail']
      : typeof j['message'] === 'string'
        ? j['message']
        : typeof e === 'string'
          ? e
          : e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string'
            ? (e as { message: string }).message
            : undefined
  return m ? { message: m } : {}
}
