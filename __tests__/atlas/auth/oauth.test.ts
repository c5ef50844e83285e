/**
 * OAuth 2.0 client credentials for service accounts (docs/reference/atlas-admin-api.md §3): one token request
 * per run however many calls, refreshed ahead of expiry, tokens that really expire, revocation, and the token
 * minted from any address while the Bearer calls meet the access list.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startSandbox } from '../../../sandbox/index.js'
import { TokenProvider } from '../../../src/atlas/auth/oauth.js'
import { AtlasClient } from '../../../src/atlas/client.js'
import * as shapes from '../../../src/atlas/shapes.js'
import { run } from '../../../src/main.js'
import { testHttp } from '../../helpers/http.js'
import { recordingAdapter } from '../../helpers/adapter.js'
import { BearerAuth } from '../../../src/atlas/auth/authorizer.js'

const ID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'

describe('service account tokens', () => {
  let now = Date.now()
  let sandbox: Awaited<ReturnType<typeof startSandbox>>
  beforeAll(async () => {
    sandbox = await startSandbox({
      scenario: { extends: 'healthy', atlas: { tokenTtlSeconds: 100 } },
      now: () => now
    })
  })
  afterAll(() => sandbox.stop())

  it('requests one token for many concurrent calls', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const minted: string[] = []
    const tokens = new TokenProvider(
      t.http,
      sandbox.atlasUrl,
      ID,
      SECRET,
      s => minted.push(s),
      () => now
    )
    const atlas = new AtlasClient(t.http, sandbox.atlasUrl, new BearerAuth(tokens))
    const before = sandbox.stats.tokenRequests
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        atlas.get(`/api/atlas/v2/groups?pageNum=${i + 1}`, '2023-01-01', shapes.page(shapes.group))
      )
    )
    expect(results.every(r => r.ok)).toBe(true)
    expect(sandbox.stats.tokenRequests - before).toBe(1)
    expect(minted).toHaveLength(1)
    await t.close()
  })

  it('refreshes ahead of expiry, and an expired token is really refused', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const tokens = new TokenProvider(
      t.http,
      sandbox.atlasUrl,
      ID,
      SECRET,
      () => undefined,
      () => now
    )
    const first = await tokens.token()
    expect(first.ok).toBe(true)
    const before = sandbox.stats.tokenRequests
    now += 50_000
    expect((await tokens.token()) === first).toBe(true)
    now += 41_000 // 91 s of a 100 s token: inside the refresh margin
    const second = await tokens.token()
    expect(second.ok && first.ok && second.accessToken !== first.accessToken).toBe(true)
    expect(sandbox.stats.tokenRequests - before).toBe(1)
    now += 60_000 // the first token is now past its real expiry
    const res = await fetch(`${sandbox.atlasUrl}/api/atlas/v2/groups`, {
      headers: {
        authorization: `Bearer ${first.ok ? first.accessToken : ''}`,
        accept: 'application/vnd.atlas.2023-01-01+json'
      }
    })
    expect(res.status).toBe(401)
    await t.close()
  })

  it('a wrong secret is 401 invalid_client, and a later call gets that answer without a second request', async () => {
    const t = testHttp([sandbox.atlasUrl])
    const tokens = new TokenProvider(t.http, sandbox.atlasUrl, ID, 'mdb_sa_sk_wrong', () => undefined)
    const before = sandbox.stats.tokenRequests
    const r = await tokens.token()
    expect(r.ok).toBe(false)
    expect(!r.ok && r.result.ok && [r.result.status, (r.result.json as { error: string }).error]).toEqual([
      401,
      'invalid_client'
    ])
    // a check that asks after the refusal came back (rather than while it was on its way) gets the same answer
    expect(await tokens.token()).toBe(r)
    expect(sandbox.stats.tokenRequests - before).toBe(1)
    await t.close()
  })
})

describe('a refused token request', () => {
  /** A provider whose token endpoint answers `answers` in turn (then 200), counting the requests. */
  function provider(answers: { status: number; retryAfterS?: number }[]) {
    let now = 1_000_000
    const sent: number[] = []
    const http = {
      request: async () => {
        const a = answers[sent.length] ?? { status: 200 }
        sent.push(a.status)
        const json = a.status === 200 ? { access_token: 'x'.repeat(400), expires_in: 3600 } : { error: 'e' }
        return { ok: true, headers: {}, body: '', json, attempts: 1, durationMs: 1, ...a }
      }
    } as unknown as ConstructorParameters<typeof TokenProvider>[0]
    const tokens = new TokenProvider(
      http,
      'https://cloud.mongodb.com',
      ID,
      SECRET,
      () => undefined,
      () => now
    )
    return { tokens, sent, later: (ms: number) => void (now += ms) }
  }

  it('answers the calls after it for the run when the credential is refused (401), with no second request', async () => {
    const p = provider([{ status: 401 }])
    const first = await p.tokens.token()
    p.later(60_000)
    expect(await p.tokens.token()).toBe(first)
    expect(p.sent).toEqual([401])
  })

  it('answers the calls after a rate limit until its Retry-After, then asks again', async () => {
    const p = provider([{ status: 429, retryAfterS: 2 }])
    expect((await p.tokens.token()).ok).toBe(false)
    p.later(1_500)
    expect((await p.tokens.token()).ok).toBe(false)
    expect(p.sent).toEqual([429])
    p.later(1_000)
    expect((await p.tokens.token()).ok).toBe(true)
    expect(p.sent).toEqual([429, 200])
  })

  it('keeps no server error: the next call (the post step release, retrying) asks again', async () => {
    const p = provider([{ status: 503 }])
    expect((await p.tokens.token()).ok).toBe(false)
    expect((await p.tokens.token()).ok).toBe(true)
    expect(p.sent).toEqual([503, 200])
  })
})

describe('a full run with a service account', () => {
  it('mints the token from anywhere but is stopped by the access list on the Bearer call, and revokes when asked', async () => {
    const sandbox = await startSandbox({ scenario: 'ip-not-on-api-access-list' })
    const rec = recordingAdapter(sandbox.inputs({ 'revoke-token': 'true' }))
    const { report } = await run(rec.adapter)
    expect(sandbox.stats.tokenRequests).toBe(1)
    expect(rec.outputs['api-access-list']).toBe('denied')
    const auth = report.checks.find(c => c.id === 'atlas-auth')!
    expect(auth.findings.map(f => f.id)).toEqual([
      'atlas-auth/authenticated-but-blocked',
      'atlas-auth/token-revoked'
    ])
    expect(sandbox.stats.revocations).toBe(1)
    const token = [...sandbox.services.atlas.tokens.values()][0]
    expect(token.revoked).toBe(true)
    // The token is masked the moment it exists.
    expect(rec.masked).toContain([...sandbox.services.atlas.tokens.keys()][0])
    await sandbox.stop()
  })
})
