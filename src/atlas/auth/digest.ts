/**
 * HTTP Digest for Atlas API keys, on digest-fetch. digest-fetch computes every Authorization header and handles
 * `stale=true`, but it bumps its nonce count only after a response, so concurrent calls on one client would send
 * the same `nc` (a replay to a strict server), and concurrent first calls are each challenged. This session fixes
 * both: the first request of the run is sent alone to fetch the challenge; every later request gets its own
 * DigestClient seeded with that challenge and a fresh `nc`, so a run costs one challenge however many calls it
 * makes. digest-fetch always calls the global fetch; the undici dispatcher is handed to it per request.
 */
import type { Transport, TransportInit } from '../../http/client.js'

/** digest-fetch (and its SHA-256/512 code) is loaded on the first Digest call: service-account runs never pay for it. */
let digestFetch: Promise<typeof import('digest-fetch')> | undefined
const loadDigestClient = async () => (await (digestFetch ??= import('digest-fetch'))).default

const SUPPORTED = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']

interface DigestState {
  nonce: string
  header: string
  algorithm: string
  nc: number
}

interface DigestInternals {
  hasAuth: boolean
  lastAuth?: string
  digest: { nc: number; nonce?: string }
  parseAuth(h: string): void
  fetch(url: string, options: Record<string, unknown>): Promise<Response>
}

export class DigestSession {
  private state: DigestState | undefined
  private priming: Promise<void> | undefined
  /** Challenges received (401 with WWW-Authenticate), for the benchmark and tests. */
  challenges = 0

  constructor(
    private readonly user: string,
    private readonly password: string
  ) {}

  readonly transport: Transport = async (url, init) => {
    if (!this.state && this.priming) await this.priming
    if (!this.state) {
      let done!: () => void
      this.priming = new Promise<void>(r => (done = r))
      try {
        // The priming request goes out without credentials; its 401 carries the challenge.
        const res = (await fetch(url, fetchInit(init) as RequestInit)) as Response
        const challenge = res.status === 401 ? res.headers.get('www-authenticate') : null
        if (!challenge || !/^digest\s/i.test(challenge)) return res
        this.challenges++
        await res.body?.cancel().catch(() => undefined)
        this.adopt(challenge)
      } finally {
        this.priming = undefined
        done()
      }
    }
    return this.authorized(url, init)
  }

  private adopt(header: string): void {
    const algorithm = /algorithm="?([A-Za-z0-9-]+)"?/i.exec(header)?.[1] ?? 'MD5'
    const nonce = /nonce="([^"]*)"/i.exec(header)?.[1] ?? ''
    this.state = { header, nonce, algorithm: SUPPORTED.includes(algorithm) ? algorithm : 'MD5', nc: 0 }
  }

  private async authorized(url: string, init: TransportInit): Promise<Response> {
    const state = this.state!
    const DigestClient = await loadDigestClient()
    const client = new DigestClient(this.user, this.password, {
      algorithm: state.algorithm
    }) as unknown as DigestInternals
    client.parseAuth(state.header)
    client.digest.nc = ++state.nc
    const res = await client.fetch(url, { factory: () => fetchInit(init) })
    if (client.lastAuth && client.lastAuth !== state.header) {
      // The server sent a new challenge (stale nonce, or a rejected key): count it and adopt a fresh nonce.
      this.challenges++
      if (res.status !== 401) this.adopt(client.lastAuth)
    }
    return res
  }
}

function fetchInit(init: TransportInit): Record<string, unknown> {
  return {
    method: init.method,
    headers: { ...init.headers },
    body: init.body,
    signal: init.signal,
    dispatcher: init.dispatcher,
    redirect: init.redirect
  }
}
