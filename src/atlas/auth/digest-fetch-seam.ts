/**
 * The one place that reaches into digest-fetch, the project's Digest library. Its public API challenges every call
 * and bumps its nonce count only after a response, so concurrent calls on one client would replay an `nc` and each
 * first call would cost a challenge. The Digest session instead seeds a fresh client per request with the run's
 * challenge and its own `nc`, which takes three internals: `parseAuth(header)`, `digest.nc`, and `lastAuth` (the
 * last challenge the server sent). Checked against digest-fetch 3.1.x: __tests__/atlas/auth/digest.test.ts ("the digest-fetch
 * seam") fails first if a release moves them. digest-fetch (and its hashing code) is loaded on the first Digest
 * call: service-account runs never pay for it.
 */
let module: Promise<typeof import('digest-fetch')> | undefined

interface DigestInternals {
  digest: { nc: number }
  lastAuth?: string
  parseAuth(header: string): void
  fetch(url: string, options: Record<string, unknown>): Promise<Response>
}

export interface SeededAnswer {
  response: Response
  /** The challenge the server answered with, when it sent one (a stale nonce, or a refused key). */
  challenge?: string
}

/** One request signed with `challenge` at nonce count `nc` (digest-fetch computes the header and any retry). */
export async function seededDigestFetch(
  credentials: { user: string; password: string },
  seed: { challenge: string; algorithm: string; nc: number },
  url: string,
  init: () => Record<string, unknown>
): Promise<SeededAnswer> {
  const DigestClient = (await (module ??= import('digest-fetch'))).default
  const client = new DigestClient(credentials.user, credentials.password, {
    algorithm: seed.algorithm
  }) as unknown as DigestInternals
  client.parseAuth(seed.challenge)
  client.digest.nc = seed.nc
  const response = await client.fetch(url, { factory: init })
  return { response, ...(client.lastAuth ? { challenge: client.lastAuth } : {}) }
}

/** Whether the installed digest-fetch still has the internals this seam uses. */
export async function seamHolds(): Promise<boolean> {
  const DigestClient = (await (module ??= import('digest-fetch'))).default
  const client = new DigestClient('u', 'p', {}) as unknown as Partial<DigestInternals>
  return (
    typeof client.parseAuth === 'function' &&
    typeof client.fetch === 'function' &&
    typeof client.digest === 'object' &&
    client.digest !== null &&
    'nc' in client.digest
  )
}
