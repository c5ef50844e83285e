/**
 * HTTP Digest for Atlas API keys, on digest-fetch. digest-fetch computes every Authorization header and handles
 * `stale=true`, but it bumps its nonce count only after a response, so concurrent calls on one client would send
 * the same `nc` (a replay to a strict server), and concurrent first calls are each challenged. This session fixes
 * both: the first request of the run is sent alone to fetch the challenge; every later request gets its own
 * DigestClient seeded with that challenge and a fresh `nc`, so a run costs one challenge however many calls it
 * makes. Every request goes on the run's wire (the seam hands it to digest-fetch in place of the global fetch), so
 * a Digest request takes the proxy, the deadline's lookup and the body bound as every other request does. The few
 * digest-fetch internals this needs are in digest-fetch-seam.ts and nowhere else.
 */
import type { Transport } from '../../http/client.js'
import type { Answer, Send, SendInit } from '../../http/answer.js'
import { preloadDigestFetch, seededDigestFetch } from './digest-fetch-seam.js'

const SUPPORTED = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']

interface DigestState {
  nonce: string
  header: string
  algorithm: string
  nc: number
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

  readonly transport: Transport = async (url, init, send) => {
    if (!this.state && this.priming) await this.priming
    if (!this.state) {
      let done!: () => void
      this.priming = new Promise<void>(r => (done = r))
      try {
        // The priming request goes out without credentials; its 401 carries the challenge. digest-fetch loads while it
        // travels.
        const pending = send(url, init)
        preloadDigestFetch()
        const res = await pending
        const challenge = res.status === 401 ? res.headers['www-authenticate'] : undefined
        if (!challenge || !/^digest\s/i.test(challenge)) return res
        this.challenges++
        this.adopt(challenge)
      } finally {
        this.priming = undefined
        done()
      }
    }
    return this.authorized(url, init, send)
  }

  /**
   * Adopt the challenge of a 401 that answered a write (a spurious replay rejection under concurrent writes,
   * terraform-provider-mongodbatlas PR #4623; digest-fetch's own retry was rejected too), so the client's one more
   * retry goes out with a fresh nonce. False when the answer carried no challenge. Counted where it arrived.
   */
  renew(challenge: string | undefined): boolean {
    if (!challenge || !/^digest\s/i.test(challenge)) return false
    this.adopt(challenge)
    return true
  }

  private adopt(header: string): void {
    const algorithm = /algorithm="?([A-Za-z0-9-]+)"?/i.exec(header)?.[1] ?? 'MD5'
    const nonce = /nonce="([^"]*)"/i.exec(header)?.[1] ?? ''
    this.state = { header, nonce, algorithm: SUPPORTED.includes(algorithm) ? algorithm : 'MD5', nc: 0 }
  }

  private async authorized(url: URL, init: SendInit, send: Send): Promise<Answer> {
    const state = this.state!
    const { response, challenge } = await seededDigestFetch(
      { user: this.user, password: this.password },
      { challenge: state.header, algorithm: state.algorithm, nc: ++state.nc },
      url,
      init,
      send
    )
    if (challenge && challenge !== state.header) {
      // The server sent a new challenge (stale nonce, or a rejected key): count it and adopt a fresh nonce.
      this.challenges++
      if (response.status !== 401) this.adopt(challenge)
    }
    return response
  }
}
