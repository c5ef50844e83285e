/**
 * HTTP Digest as Atlas speaks it (docs/reference/atlas-admin-api.md §2: realm "MMS Public API", MD5,
 * qop="auth", `domain=""`, `stale=false`), in both directions: the sandbox against curl, a real third-party
 * client; and the action's Digest session against the sandbox: one challenge per run however many calls,
 * concurrent calls each with their own nonce count, a stale nonce renewed, a wrong key rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createHash } from 'node:crypto'
import { startSandbox } from '../../../sandbox/index.js'
import { DigestVerifier } from '../../../sandbox/digest.js'
import { DigestSession } from '../../../src/atlas/auth/digest.js'
import { seamHolds, seededDigestFetch } from '../../../src/atlas/auth/digest-fetch-seam.js'
import { Wire } from '../../../src/http/wire.js'
import type { Send } from '../../../src/http/answer.js'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AtlasClient } from '../../../src/atlas/client.js'
import * as shapes from '../../../src/atlas/shapes.js'
import { testHttp } from '../../helpers/http.js'
import { DigestAuth } from '../../../src/atlas/auth/authorizer.js'

const PUB = 'sbxpubky'
const PRIV = '3f6c1b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c'

describe('sandbox Digest against curl --digest (a real third-party client)', () => {
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'healthy' })
  })
  afterAll(() => sandbox.stop())

  // Asynchronous: the sandbox answers from this very process.
  const curl = async (user: string) =>
    (
      await promisify(execFile)(
        'curl',
        [
          '-s',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '--max-time',
          '10',
          '--digest',
          '-u',
          user,
          '-H',
          'Accept: application/vnd.atlas.2023-01-01+json',
          `${sandbox.atlasUrl}/api/atlas/v2/groups`
        ],
        { encoding: 'utf8' }
      )
    ).stdout

  it('authenticates the right key pair', async () => {
    expect(await curl(`${PUB}:${PRIV}`)).toBe('200')
  })

  it('answers 401 to a wrong password', async () => {
    expect(await curl(`${PUB}:00000000-0000-4000-8000-000000000000`)).toBe('401')
  })
})

describe('the Digest session', () => {
  let now = Date.now()
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'healthy-api-key', now: () => now })
  })
  afterAll(() => sandbox.stop())

  it('makes a dozen concurrent calls with one challenge', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const session = new DigestSession(PUB, PRIV)
    const atlas = new AtlasClient(t.http, sandbox.atlasUrl, new DigestAuth(session))
    const before = sandbox.stats.digestChallenges
    const paths = Array.from({ length: 12 }, (_, i) => `/api/atlas/v2/groups?pageNum=${i + 1}`)
    const results = await Promise.all(paths.map(p => atlas.get(p, '2023-01-01', shapes.page(shapes.group))))
    expect(results.map(r => r.ok)).toEqual(paths.map(() => true))
    expect(sandbox.stats.digestChallenges - before).toBe(1)
    expect(session.challenges).toBe(1)
    await t.close()
  })

  it('renews a stale nonce transparently (401 stale=true, then success)', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const session = new DigestSession(PUB, PRIV)
    const atlas = new AtlasClient(t.http, sandbox.atlasUrl, new DigestAuth(session))
    expect((await atlas.identity()).ok).toBe(true)
    now += 10 * 60_000 // past the sandbox's 300 s nonce lifetime
    const r = await atlas.groups()
    expect(r.ok).toBe(true)
    expect(session.challenges).toBe(2)
    await t.close()
  })

  it('classifies a wrong private key as a bad key pair', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const atlas = new AtlasClient(
      t.http,
      sandbox.atlasUrl,
      new DigestAuth(new DigestSession(PUB, '00000000-0000-4000-8000-000000000000'))
    )
    const r = await atlas.identity()
    expect(r.ok).toBe(false)
    expect(!r.ok && r.failure.kind).toBe('bad-api-key')
    await t.close()
  })
})

describe('the sandbox Digest verifier', () => {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex')
  const header = (nonce: string, nc: string, uri = '/api/atlas/v2') => {
    const ha1 = md5(`${PUB}:MMS Public API:${PRIV}`)
    const ha2 = md5(`GET:${uri}`)
    const response = md5(`${ha1}:${nonce}:${nc}:abc:auth:${ha2}`)
    return `Digest username="${PUB}", realm="MMS Public API", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="abc", response="${response}", algorithm=MD5`
  }
  const passwordOf = (u: string) => (u === PUB ? PRIV : undefined)

  it('issues the challenge Atlas sends', () => {
    const v = new DigestVerifier({ ttlMs: 1000, now: Date.now })
    expect(v.challenge()).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[0-9a-f]{32}", algorithm=MD5, qop="auth", stale=false$/
    )
  })

  it('rejects a replayed nonce count', () => {
    const v = new DigestVerifier({ ttlMs: 60_000, now: Date.now })
    const nonce = /nonce="([^"]+)"/.exec(v.challenge())![1]!
    expect(v.verify(header(nonce, '00000001'), 'GET', '/api/atlas/v2', passwordOf)).toEqual({
      ok: true,
      user: PUB
    })
    expect(v.verify(header(nonce, '00000001'), 'GET', '/api/atlas/v2', passwordOf)).toEqual({
      ok: false,
      stale: false
    })
    expect(v.verify(header(nonce, '00000002'), 'GET', '/api/atlas/v2', passwordOf).ok).toBe(true)
  })

  it('answers stale for an expired nonce and rejects a uri mismatch', () => {
    let t = 0
    const v = new DigestVerifier({ ttlMs: 1000, now: () => t })
    const nonce = /nonce="([^"]+)"/.exec(v.challenge())![1]!
    expect(v.verify(header(nonce, '00000001', '/other'), 'GET', '/api/atlas/v2', passwordOf)).toEqual({
      ok: false,
      stale: false
    })
    t = 5000
    expect(v.verify(header(nonce, '00000002'), 'GET', '/api/atlas/v2', passwordOf)).toEqual({
      ok: false,
      stale: true
    })
  })
})

describe('the digest-fetch seam (src/atlas/auth/digest-fetch-seam.ts)', () => {
  it('the installed digest-fetch still has the internals the seam uses', async () => {
    expect(await seamHolds()).toBe(true)
  })

  it('signs with the seeded challenge at the seeded nonce count, on the wire it is given', async () => {
    const seen: string[] = []
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '')
      res.end('{}')
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as AddressInfo
    const wire = new Wire({ signal: new AbortController().signal, remainingMs: () => 10_000, env: {} })
    const sent: string[] = []
    const send: Send = (url, init) => {
      sent.push(`${init.method} ${url.pathname}`)
      return wire.send(url, init)
    }
    try {
      const challenge = 'Digest realm="MMS Public API", nonce="n0nce", algorithm=MD5, qop="auth"'
      const { response } = await seededDigestFetch(
        { user: 'pub', password: 'priv' },
        { challenge, algorithm: 'MD5', nc: 7 },
        new URL(`http://127.0.0.1:${port}/api/atlas/v2`),
        { method: 'GET', headers: {}, signal: new AbortController().signal, maxBodyBytes: 1024 },
        send
      )
      expect(response.status).toBe(200)
      expect(response.body).toBe('{}')
      // Sent on the run's wire, never the global fetch.
      expect(sent).toEqual(['GET /api/atlas/v2'])
      expect(seen).toHaveLength(1)
      expect(seen[0]).toMatch(/^Digest /)
      expect(seen[0]).toContain('nonce="n0nce"')
      expect(seen[0]).toMatch(/nc=0*7\b/)
      expect(seen[0]).toContain('username="pub"')
    } finally {
      await wire.close()
      server.close()
    }
  })
})
