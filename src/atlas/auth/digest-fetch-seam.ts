/**
 * The one place that reaches into digest-fetch, the project's Digest library. Its public API challenges every call
 * and bumps its nonce count only after a response, so concurrent calls on one client would replay an `nc` and each
 * first call would cost a challenge. The Digest session instead seeds a fresh client per request with the run's
 * challenge and its own `nc`, which takes three internals: `parseAuth(header)`, `digest.nc`, and `lastAuth` (the
 * last challenge the server sent). digest-fetch sends through whatever `getClient()` returns (the global fetch when
 * there is one, with no option to choose another: devfans/digest-fetch#52); the seam returns the run's wire instead,
 * so a Digest request is sent and read exactly as every other request is. Checked against digest-fetch 3.1.x:
 * __tests__/atlas/auth/digest.test.ts ("the digest-fetch seam") fails first if a release moves them. digest-fetch
 * (and its hashing code) is loaded on the first Digest call: service-account runs never pay for it.
 */
import type { Answer, Send, SendInit } from '../../http/answer.js'

let module: Promise<typeof import('digest-fetch')> | undefined

/** digest-fetch, loaded once. */
const digestFetch = () => (module ??= import('digest-fetch'))

/** What digest-fetch reads of an answer: its status and one header. The answer itself rides along. */
interface AnswerAsResponse {
  status: number
  headers: { get(name: string): string | null }
  answer: Answer
}

/** digest-fetch's view of a fetch: it passes the options its `factory` built, with `Authorization` added. */
type DigestFetch = (url: string, options: { headers?: Record<string, string> }) => Promise<AnswerAsResponse>

interface DigestInternals {
  digest: { nc: number }
  lastAuth?: string
  parseAuth(header: string): void
  getClient(): Promise<DigestFetch>
  fetch(url: string, options: Record<string, unknown>): Promise<AnswerAsResponse>
}

export interface SeededAnswer {
  response: Answer
  /** The challenge the server answered with, when it sent one (a stale nonce, or a refused key). */
  challenge?: string
}

/** One request signed with `challenge` at nonce count `nc` (digest-fetch computes the header and any retry). */
export async function seededDigestFetch(
  credentials: { user: string; password: string },
  seed: { challenge: string; algorithm: string; nc: number },
  url: URL,
  init: SendInit,
  send: Send
): Promise<SeededAnswer> {
  const DigestClient = (await digestFetch()).default
  const client = new DigestClient(credentials.user, credentials.password, {
    algorithm: seed.algorithm
  }) as unknown as DigestInternals
  client.getClient = async () => async (_url, options) => {
    const answer = await send(url, { ...init, headers: { ...options.headers } })
    return {
      status: answer.status,
      headers: { get: name => answer.headers[name.toLowerCase()] ?? null },
      answer
    }
  }
  client.parseAuth(seed.challenge)
  client.digest.nc = seed.nc
  // digest-fetch reads the method (for the digest's A2) and the headers from what the factory builds, each time.
  const { answer } = await client.fetch(url.toString(), {
    factory: () => ({ method: init.method, headers: { ...init.headers } })
  })
  return { response: answer, ...(client.lastAuth ? { challenge: client.lastAuth } : {}) }
}

/**
 * Start loading digest-fetch while the first (priming) request travels, so the signed requests need not wait for it.
 * It starts on the next turn of the event loop: a module loads synchronously once its import is due, so starting it
 * at once would load it (and Node's crypto) before the priming request is even written.
 */
export function preloadDigestFetch(): void {
  setImmediate(() => digestFetch().catch(() => undefined))
}

/** Whether the installed digest-fetch still has the internals this seam uses. */
export async function seamHolds(): Promise<boolean> {
  const DigestClient = (await digestFetch()).default
  const client = new DigestClient('u', 'p', {}) as unknown as Partial<DigestInternals>
  return (
    typeof client.parseAuth === 'function' &&
    typeof client.getClient === 'function' &&
    typeof client.fetch === 'function' &&
    typeof client.digest === 'object' &&
    client.digest !== null &&
    'nc' in client.digest
  )
}
