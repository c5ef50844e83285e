/**
 * The sandbox's project IP access-list writes (issue 13), over real HTTP: POST (array body, comment ≤ 80,
 * deleteAfterDate within a week, 200-entry cap, exactly one kind per entry), GET one entry, status PENDING for
 * `accessListPendingSeconds` of sandbox time then ACTIVE (or FAILED), DELETE with %2F, deleteAfterDate expiry, the
 * write role, duplicate POSTs answered both ways, both failure modes of concurrent POSTs, and the spurious Digest
 * 401 under concurrent writes. Time is the sandbox's injected clock: nothing here sleeps to let time pass.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { startSandbox } from '../../sandbox/index.js'
import { DigestSession } from '../../src/atlas/auth/digest.js'
import type { SendInit } from '../../src/http/answer.js'
import { Wire } from '../../src/http/wire.js'
import { requestToken } from '../helpers/token.js'

const ORG = '65a1b2c3d4e5f60718293a4b'
const GROUP = '65a1b2c3d4e5f60718293a4c'
const CID = 'mdb_sa_id_65a1b2c3d4e5f60718293a51'
const SECRET = 'mdb_sa_sk_SandboxSecret0123456789abcdefABCDEF012345'
const PUB = 'sbxpubky'
const PRIV = '3f6c1b2a-8d4e-4f7a-9b1c-2d3e4f5a6b7c'
const V1 = 'application/vnd.atlas.2023-01-01+json'
const T0 = Date.parse('2026-09-01T12:00:00Z')
const HOUR = 3_600_000
const LIST = `/api/atlas/v2/groups/${GROUP}/accessList`
/** Real milliseconds a write stays in flight in the concurrency tests: wide enough for a loaded machine. */
const SLOW = 300

type Sandbox = Awaited<ReturnType<typeof startSandbox>>
interface Answer {
  status: number
  type: string
  headers: Record<string, string>
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
}
interface Event {
  type: string
  status: number
  entry?: string
  comment?: string
  by?: string
  at: string
}

const running: Sandbox[] = []
afterEach(async () => {
  while (running.length) await running.pop()!.stop()
})

/**
 * A sandbox on the injected clock, with a service account holding `projectRoles` on the project, and a Bearer
 * token for it. `atlas` overrides scenario options (accessListPendingSeconds, concurrentWrites, …).
 */
async function world(atlas: Record<string, unknown> = {}, projectRoles = ['GROUP_NETWORK_ACCESS_MANAGER']) {
  let clock = T0
  const sandbox = await startSandbox({
    scenario: {
      extends: 'healthy',
      atlas: {
        accessListWriteMs: 5,
        serviceAccounts: [
          {
            clientId: CID,
            name: 'ci',
            roles: ['ORG_MEMBER'],
            projectRoles: { [GROUP]: projectRoles },
            secrets: [{ id: '65a1b2c3d4e5f60718293a52', secret: SECRET, expiresInDays: 30 }],
            accessList: ['203.0.113.10/32']
          }
        ],
        apiKeys: [
          {
            id: '65a1b2c3d4e5f60718293a50',
            publicKey: PUB,
            privateKey: PRIV,
            desc: 'ci',
            roles: [
              { orgId: ORG, roleName: 'ORG_MEMBER' },
              ...projectRoles.map(roleName => ({ groupId: GROUP, roleName }))
            ],
            accessList: ['203.0.113.10/32']
          }
        ],
        ...atlas
      }
    },
    now: () => clock
  })
  running.push(sandbox)
  const tok = await requestToken(sandbox.atlasUrl, CID, SECRET)
  const token = ((await tok.json()) as { access_token: string }).access_token

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${sandbox.atlasUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: V1,
        ...(body !== undefined ? { 'content-type': V1 } : {}),
        ...headers
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {})
    })
    const text = await res.text()
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      headers: Object.fromEntries(res.headers),
      body: text ? JSON.parse(text) : undefined
    } as Answer
  }

  return {
    sandbox,
    advance: (ms: number) => void (clock += ms),
    iso: (fromNowMs: number) => new Date(clock + fromNowMs).toISOString(),
    call,
    post: (entries: unknown, headers?: Record<string, string>) => call('POST', LIST, entries, headers),
    entry: (value: string) => call('GET', `${LIST}/${encodeURIComponent(value)}`),
    status: async (value: string) =>
      (await call('GET', `${LIST}/${encodeURIComponent(value)}/status`)).body?.STATUS as string,
    remove: (value: string) => call('DELETE', `${LIST}/${encodeURIComponent(value)}`),
    values: async () =>
      ((await call('GET', `${LIST}?itemsPerPage=500`)).body.results as { cidrBlock?: string }[]).map(
        e => e.cidrBlock
      ),
    events: (type?: string) => (sandbox.events as Event[]).filter(e => !type || e.type === type)
  }
}

/**
 * Waits (bounded, polling the sandbox's own state) until `n` writes to the project are in flight, so the next
 * request truly overlaps them and arrives in a known order.
 */
async function whileWriting(sandbox: Sandbox, n = 1) {
  const atlas = sandbox.services.atlas as unknown as {
    writesOf(g: string): { posts: number; writes: number }
  }
  for (let i = 0; i < 500 && atlas.writesOf(GROUP).writes < n; i++) await new Promise(r => setTimeout(r, 2))
  expect(atlas.writesOf(GROUP).writes).toBeGreaterThanOrEqual(n)
}

describe('POST, verify, status', () => {
  it('stores an ipAddress entry as both ipAddress and cidrBlock x/32, PENDING until the pending time has passed', async () => {
    const w = await world({ accessListPendingSeconds: 2 })
    const until = w.iso(6 * HOUR)
    const r = await w.post([{ ipAddress: '192.0.2.44', comment: 'lease run 1', deleteAfterDate: until }])
    expect(r.status).toBe(201)
    expect(r.type).toBe(`${V1};charset=utf-8`)
    expect(r.body.totalCount).toBe(3)
    const mine = r.body.results.find((e: { ipAddress?: string }) => e.ipAddress === '192.0.2.44')
    expect(mine).toMatchObject({
      ipAddress: '192.0.2.44',
      cidrBlock: '192.0.2.44/32',
      comment: 'lease run 1',
      groupId: GROUP,
      deleteAfterDate: until.replace(/\.\d{3}Z$/, 'Z')
    })

    // Verify: the entry reads back by address and by CIDR with %2F.
    expect((await w.entry('192.0.2.44')).body).toMatchObject({
      cidrBlock: '192.0.2.44/32',
      comment: 'lease run 1'
    })
    expect((await w.entry('192.0.2.44/32')).status).toBe(200)
    expect(await w.values()).toContain('192.0.2.44/32')

    expect(await w.status('192.0.2.44')).toBe('PENDING')
    w.advance(1999)
    expect(await w.status('192.0.2.44/32')).toBe('PENDING')
    w.advance(1)
    expect(await w.status('192.0.2.44')).toBe('ACTIVE')
    // Seed entries are ACTIVE throughout.
    expect(await w.status('203.0.113.0/24')).toBe('ACTIVE')

    expect(w.events('NETWORK_PERMISSION_ENTRY_ADDED')).toEqual([
      expect.objectContaining({ entry: '192.0.2.44/32', comment: 'lease run 1', by: CID, status: 201 })
    ])
  })

  it('goes PENDING then FAILED when the scenario says so', async () => {
    const w = await world({ accessListOutcome: 'FAILED', accessListPendingSeconds: 5 })
    expect((await w.post([{ cidrBlock: '192.0.2.0/28' }])).status).toBe(201)
    expect(await w.status('192.0.2.0/28')).toBe('PENDING')
    w.advance(5000)
    expect(await w.status('192.0.2.0/28')).toBe('FAILED')
  })

  it('GET of an absent entry, or its status, is 404 ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND', async () => {
    const w = await world()
    for (const r of [await w.entry('192.0.2.99'), await w.call('GET', `${LIST}/192.0.2.99/status`)])
      expect([r.status, r.body.errorCode, r.body.parameters]).toEqual([
        404,
        'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND',
        ['192.0.2.99', GROUP]
      ])
  })

  it('takes many entries in one array, and an IPv6 address as x/128', async () => {
    const w = await world()
    const r = await w.post([
      { ipAddress: '2001:db8::7' },
      { cidrBlock: '192.0.2.0/24' },
      { awsSecurityGroup: 'sg-0a1b2c3d' }
    ])
    expect(r.status).toBe(201)
    expect(await w.values()).toEqual(expect.arrayContaining(['2001:db8::7/128', '192.0.2.0/24']))
    expect((await w.entry('2001:db8::7')).body).toMatchObject({
      ipAddress: '2001:db8::7',
      cidrBlock: '2001:db8::7/128'
    })
    expect((await w.entry('sg-0a1b2c3d')).body).toMatchObject({ awsSecurityGroup: 'sg-0a1b2c3d' })
  })
})

describe('validation: 400 with Atlas error JSON, nothing stored', () => {
  it.each([
    ['a comment of 81 characters', () => [{ ipAddress: '192.0.2.44', comment: 'x'.repeat(81) }], 'comment'],
    [
      'deleteAfterDate more than a week ahead',
      (iso: (ms: number) => string) => [
        { ipAddress: '192.0.2.44', deleteAfterDate: iso(7 * 24 * HOUR + 1000) }
      ],
      'deleteAfterDate'
    ],
    [
      'deleteAfterDate in the past',
      (iso: (ms: number) => string) => [{ ipAddress: '192.0.2.44', deleteAfterDate: iso(-1000) }],
      'deleteAfterDate'
    ],
    [
      'deleteAfterDate that is not ISO 8601',
      () => [{ ipAddress: '192.0.2.44', deleteAfterDate: 'tomorrow' }],
      'deleteAfterDate'
    ],
    [
      'deleteAfterDate on a security group',
      (iso: (ms: number) => string) => [{ awsSecurityGroup: 'sg-0a1b2c3d', deleteAfterDate: iso(HOUR) }],
      'deleteAfterDate'
    ],
    [
      'both ipAddress and cidrBlock',
      () => [{ ipAddress: '192.0.2.44', cidrBlock: '192.0.2.44/32' }],
      'ipAddress,cidrBlock'
    ],
    ['none of the three', () => [{ comment: 'nothing' }], 'ipAddress'],
    ['a malformed address', () => [{ ipAddress: '192.0.2.300' }], 'ipAddress'],
    ['a malformed CIDR', () => [{ cidrBlock: '192.0.2.0/33' }], 'cidrBlock'],
    [
      'a bad entry after a good one',
      () => [{ ipAddress: '192.0.2.45' }, { ipAddress: '192.0.2.44', comment: 'y'.repeat(81) }],
      'comment'
    ]
  ])('%s → 400 INVALID_ATTRIBUTE', async (_, body, field) => {
    const w = await world()
    const r = await w.post(body(w.iso))
    expect([r.status, r.body.errorCode, r.body.parameters]).toEqual([400, 'INVALID_ATTRIBUTE', [field]])
    expect(r.body).toMatchObject({ error: 400, reason: 'Bad Request' })
    expect(r.body.detail).toEqual(expect.any(String))
    expect(r.type).toBe('application/json')
    expect(await w.values()).toEqual(['203.0.113.0/24', '198.51.100.7/32'])
    expect(w.events('SANDBOX_WRITE_REJECTED')).toHaveLength(1)
  })

  it('accepts a comment of exactly 80 characters and a deleteAfterDate exactly one week ahead', async () => {
    const w = await world()
    const r = await w.post([
      { ipAddress: '192.0.2.44', comment: 'c'.repeat(80), deleteAfterDate: w.iso(7 * 24 * HOUR) }
    ])
    expect(r.status).toBe(201)
  })

  it('the body must be an array, JSON, and sent as JSON', async () => {
    const w = await world()
    const single = await w.post({ ipAddress: '192.0.2.44' })
    expect([single.status, single.body.errorCode]).toEqual([400, 'VALIDATION_ERROR'])
    const broken = await w.post('[{"ipAddress": ')
    expect([broken.status, broken.body.errorCode]).toEqual([400, 'INVALID_JSON'])
    const form = await w.post('[{"ipAddress":"192.0.2.44"}]', { 'content-type': 'text/plain' })
    expect([form.status, form.body.errorCode]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const plain = await w.post([{ ipAddress: '192.0.2.44' }], { 'content-type': 'application/json' })
    expect(plain.status).toBe(201)
    const unversioned = await w.post([{ ipAddress: '192.0.2.45' }], { accept: 'application/json' })
    expect([unversioned.status, unversioned.body.errorCode]).toEqual([406, 'INVALID_VERSION_DATE'])
  })

  it('other writes are still 405', async () => {
    const w = await world()
    expect((await w.call('PATCH', `${LIST}/192.0.2.44`, [])).status).toBe(405)
    expect((await w.call('DELETE', LIST)).status).toBe(405)
    expect((await w.call('POST', `/api/atlas/v2/groups/${GROUP}`, [])).status).toBe(405)
  })
})

describe('the 200-entry cap', () => {
  const many = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      ipAddress: `10.0.${Math.floor((i + from) / 250)}.${((i + from) % 250) + 1}`
    }))

  it('a project holds at most 200 entries; a request that would exceed it stores nothing', async () => {
    const w = await world()
    const over = await w.post(many(199)) // 2 seed entries + 199
    // 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED (atlas-round3.md §1, likely), with the code in X-Error-Code too.
    expect([over.status, over.body.errorCode, over.body.parameters, over.headers['x-error-code']]).toEqual([
      403,
      'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED',
      [200],
      'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED'
    ])
    expect(await w.values()).toHaveLength(2)
    const full = await w.post(many(198))
    expect([full.status, full.body.totalCount]).toEqual([201, 200])
    const one = await w.post([{ ipAddress: '192.0.2.44' }])
    expect([one.status, one.body.errorCode]).toEqual([403, 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED'])
    // A duplicate adds nothing, so it is not over the cap.
    expect((await w.post([{ ipAddress: '10.0.0.1' }])).status).toBe(201)
    expect((await w.remove('10.0.0.1')).status).toBe(204)
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).status).toBe(201)
    expect(await w.values()).toHaveLength(200)
  })

  it('the cap is a scenario option', async () => {
    const w = await world({ accessListMaxEntries: 3 })
    expect((await w.post(many(1))).status).toBe(201)
    expect((await w.post(many(1, 1))).status).toBe(403)
  })
})

describe('POST of an entry already on the list', () => {
  it('default: 201, no new entry, the entry unchanged', async () => {
    const w = await world()
    expect((await w.post([{ ipAddress: '192.0.2.44', comment: 'first' }])).status).toBe(201)
    const again = await w.post([{ ipAddress: '192.0.2.44', comment: 'second' }])
    expect(again.status).toBe(201)
    expect(again.body.totalCount).toBe(3)
    expect((await w.entry('192.0.2.44')).body.comment).toBe('first')
    // The seed entry 198.51.100.7/32, asked for by address.
    expect((await w.post([{ ipAddress: '198.51.100.7' }])).body.totalCount).toBe(3)
    expect(w.events('SANDBOX_DUPLICATE_IGNORED').map(e => e.entry)).toEqual([
      '192.0.2.44/32',
      '198.51.100.7/32'
    ])
    expect(w.events('NETWORK_PERMISSION_ENTRY_ADDED')).toHaveLength(1)
  })

  it("accessListDuplicate 'conflict': 409", async () => {
    const w = await world({ accessListDuplicate: 'conflict' })
    expect((await w.post([{ cidrBlock: '192.0.2.0/28' }])).status).toBe(201)
    const again = await w.post([{ cidrBlock: '192.0.2.0/28' }, { ipAddress: '192.0.2.99' }])
    expect([again.status, again.body.errorCode, again.body.parameters]).toEqual([
      409,
      'DUPLICATE_NETWORK_PERMISSION_ENTRY',
      ['192.0.2.0/28', GROUP]
    ])
    expect(await w.values()).not.toContain('192.0.2.99/32')
  })

  it("accessListDuplicate 'update': 201, the comment and deleteAfterDate replaced", async () => {
    const w = await world({ accessListDuplicate: 'update' })
    await w.post([{ ipAddress: '192.0.2.44', comment: 'run 1', deleteAfterDate: w.iso(HOUR) }])
    const until = w.iso(2 * HOUR)
    expect(
      (await w.post([{ ipAddress: '192.0.2.44', comment: 'run 2', deleteAfterDate: until }])).status
    ).toBe(201)
    expect((await w.entry('192.0.2.44')).body).toMatchObject({
      comment: 'run 2',
      deleteAfterDate: until.replace('.000Z', 'Z')
    })
    expect(w.events('NETWORK_PERMISSION_ENTRY_UPDATED')).toHaveLength(1)
  })
})

describe('DELETE', () => {
  it('a CIDR with %2F → 204, then 404; an address by itself or as x%2F32', async () => {
    const w = await world()
    await w.post([
      { cidrBlock: '192.0.2.0/28', comment: 'range' },
      { ipAddress: '192.0.2.44' },
      { ipAddress: '192.0.2.45' }
    ])
    const gone = await w.call('DELETE', `${LIST}/192.0.2.0%2F28`)
    expect([gone.status, gone.body]).toEqual([204, undefined])
    expect((await w.entry('192.0.2.0/28')).status).toBe(404)
    const again = await w.call('DELETE', `${LIST}/192.0.2.0%2F28`)
    expect([again.status, again.body.errorCode]).toEqual([404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND'])
    expect((await w.call('DELETE', `${LIST}/192.0.2.44`)).status).toBe(204)
    expect((await w.call('DELETE', `${LIST}/192.0.2.45%2F32`)).status).toBe(204)
    expect(await w.values()).toEqual(['203.0.113.0/24', '198.51.100.7/32'])
    expect(w.events('NETWORK_PERMISSION_ENTRY_REMOVED').map(e => [e.entry, e.status, e.by])).toEqual([
      ['192.0.2.0/28', 204, CID],
      ['192.0.2.44/32', 204, CID],
      ['192.0.2.45/32', 204, CID]
    ])
  })
})

describe('deleteAfterDate expiry', () => {
  it('an entry past its deleteAfterDate is gone from the list, the entry, its status, and DELETE', async () => {
    const w = await world()
    await w.post([{ ipAddress: '192.0.2.44', comment: 'lease', deleteAfterDate: w.iso(30 * 60_000) }])
    w.advance(30 * 60_000 - 1000)
    expect(await w.values()).toContain('192.0.2.44/32')
    expect(await w.status('192.0.2.44')).toBe('ACTIVE')
    w.advance(1000)
    expect(await w.values()).not.toContain('192.0.2.44/32')
    expect((await w.entry('192.0.2.44')).status).toBe(404)
    expect((await w.call('GET', `${LIST}/192.0.2.44/status`)).status).toBe(404)
    expect((await w.remove('192.0.2.44')).status).toBe(404)
    expect(w.events('NETWORK_PERMISSION_ENTRY_EXPIRED')).toEqual([
      expect.objectContaining({ entry: '192.0.2.44/32', comment: 'lease', at: '2026-09-01T12:30:00.000Z' })
    ])
    // An expired entry frees its place: the same address can be leased again.
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).body.totalCount).toBe(3)
  })
})

describe('the write role', () => {
  it('GROUP_READ_ONLY reads the list but writing it is 401 USER_UNAUTHORIZED', async () => {
    const w = await world({}, ['GROUP_READ_ONLY'])
    expect((await w.call('GET', LIST)).status).toBe(200)
    for (const r of [await w.post([{ ipAddress: '192.0.2.44' }]), await w.remove('198.51.100.7')])
      expect([r.status, r.body.errorCode]).toEqual([401, 'USER_UNAUTHORIZED'])
    expect(await w.values()).toEqual(['203.0.113.0/24', '198.51.100.7/32'])
    expect(w.events().map(e => [e.type, e.status])).toEqual([
      ['SANDBOX_WRITE_REJECTED', 401],
      ['SANDBOX_WRITE_REJECTED', 401]
    ])
  })

  it.each([['GROUP_OWNER'], ['GROUP_NETWORK_ACCESS_MANAGER']])('%s may write', async role => {
    const w = await world({}, [role])
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).status).toBe(201)
  })

  it('ORG_OWNER may write; a project the credential cannot see is 401', async () => {
    const w = await world({}, [])
    const s = w.sandbox.scenario.atlas.serviceAccounts[0]
    s.roles = ['ORG_OWNER']
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).status).toBe(201)
    s.roles = ['ORG_MEMBER']
    expect((await w.post([{ ipAddress: '192.0.2.45' }])).status).toBe(401)
  })

  it('the same over Digest with an API key', async () => {
    const w = await world({}, ['GROUP_READ_ONLY'])
    const d = digest(w.sandbox)
    const r = await d('POST', LIST, [{ ipAddress: '192.0.2.44' }])
    expect([r.status, (JSON.parse(r.body) as { errorCode: string }).errorCode]).toEqual([
      401,
      'USER_UNAUTHORIZED'
    ])
  })
})

/** Requests through the project's DigestSession (one challenge, then a fresh nc per request), on the run's wire. */
function digest(sandbox: Sandbox, session = new DigestSession(PUB, PRIV)) {
  const wire = new Wire({ signal: new AbortController().signal, remainingMs: () => 10_000, env: {} })
  return (method: string, path: string, body?: unknown) =>
    session.transport(
      new URL(`${sandbox.atlasUrl}${path}`),
      {
        method: method as SendInit['method'],
        headers: { accept: V1, ...(body !== undefined ? { 'content-type': V1 } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
        maxBodyBytes: 1024 * 1024
      },
      wire.send
    )
}

/** An RFC 7616 MD5 Digest Authorization header, as Atlas's clients build it. */
function digestHeader(method: string, uri: string, nonce: string, nc: number) {
  const md5 = (x: string) => createHash('md5').update(x).digest('hex')
  const ncs = nc.toString(16).padStart(8, '0')
  const cnonce = 'abcdef0123456789'
  const ha1 = md5(`${PUB}:MMS Public API:${PRIV}`)
  const response = md5(`${ha1}:${nonce}:${ncs}:${cnonce}:auth:${md5(`${method}:${uri}`)}`)
  return `Digest username="${PUB}", realm="MMS Public API", nonce="${nonce}", uri="${uri}", algorithm=MD5, qop=auth, nc=${ncs}, cnonce="${cnonce}", response="${response}"`
}

describe('concurrent POSTs (the endpoint does not support them)', () => {
  it("concurrentWrites 'ok' (default): overlapping POSTs both land", async () => {
    const w = await world({ accessListWriteMs: SLOW })
    const first = w.post([{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    const second = await w.post([{ ipAddress: '192.0.2.45' }])
    expect([(await first).status, second.status]).toEqual([201, 201])
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.44/32', '192.0.2.45/32']))
  })

  it("concurrentWrites 'refuse': the overlapping POST is refused (409), the first lands, a later retry lands", async () => {
    const w = await world({ concurrentWrites: 'refuse', accessListWriteMs: SLOW })
    const first = w.post([{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    const second = await w.post([{ ipAddress: '192.0.2.45' }])
    expect((await first).status).toBe(201)
    expect([second.status, second.body.errorCode, second.body.error]).toEqual([
      409,
      'CANNOT_MODIFY_ACCESS_LIST_CONCURRENTLY',
      409
    ])
    expect(await w.values()).not.toContain('192.0.2.45/32')
    expect((await w.post([{ ipAddress: '192.0.2.45' }])).status).toBe(201) // alone now
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.44/32', '192.0.2.45/32']))
    expect(w.events('SANDBOX_WRITE_REFUSED')).toEqual([
      expect.objectContaining({ entry: '192.0.2.45/32', status: 409 })
    ])
  })

  it('concurrentRefusalStatus 500: the refusal is a 500 UNEXPECTED_ERROR', async () => {
    const w = await world({
      concurrentWrites: 'refuse',
      concurrentRefusalStatus: 500,
      accessListWriteMs: SLOW
    })
    const first = w.post([{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    const second = await w.post([{ ipAddress: '192.0.2.45' }])
    await first
    expect([second.status, second.body.errorCode]).toEqual([500, 'UNEXPECTED_ERROR'])
  })

  it("concurrentWrites 'lose': the overlapping POST answers 201 and shows the entry, yet it is never stored", async () => {
    const w = await world({ concurrentWrites: 'lose', accessListWriteMs: SLOW })
    const first = w.post([{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    const second = await w.post([{ ipAddress: '192.0.2.45', comment: 'lost' }])
    expect((await first).status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body.results.map((e: { cidrBlock: string }) => e.cidrBlock)).toContain('192.0.2.45/32')
    // Only a re-read tells.
    expect((await w.entry('192.0.2.45')).status).toBe(404)
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.44/32']))
    expect(await w.values()).not.toContain('192.0.2.45/32')
    expect(w.events('SANDBOX_WRITE_LOST')).toEqual([
      expect.objectContaining({ entry: '192.0.2.45/32', status: 201 })
    ])
    expect(w.events('NETWORK_PERMISSION_ENTRY_ADDED').map(e => e.entry)).toEqual(['192.0.2.44/32'])
    // Written alone, it stays.
    expect((await w.post([{ ipAddress: '192.0.2.45' }])).status).toBe(201)
    expect((await w.entry('192.0.2.45')).status).toBe(200)
  })

  it("concurrentWrites 'both': contended POSTs are refused, lost, refused… in arrival order; uncontended ones land", async () => {
    const w = await world({ concurrentWrites: 'both', accessListWriteMs: SLOW })
    const first = w.post([{ ipAddress: '192.0.2.40' }])
    await whileWriting(w.sandbox)
    const pending: Promise<Answer>[] = []
    for (const [i, ip] of ['192.0.2.41', '192.0.2.42', '192.0.2.43'].entries()) {
      // Each is sent once the previous one is in flight, so the arrival order is the listed one.
      pending.push(w.post([{ ipAddress: ip }]))
      await whileWriting(w.sandbox, i + 2)
    }
    const others = await Promise.all(pending)
    expect((await first).status).toBe(201)
    expect(others.map(r => r.status)).toEqual([409, 201, 409])
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.40/32']))
    for (const ip of ['192.0.2.41', '192.0.2.42', '192.0.2.43'])
      expect(await w.values()).not.toContain(`${ip}/32`)
    // One at a time, every write lands.
    for (const ip of ['192.0.2.41', '192.0.2.42', '192.0.2.43'])
      expect((await w.post([{ ipAddress: ip }])).status).toBe(201)
    expect(await w.values()).toHaveLength(6)
  })
})

describe('Digest writes under concurrency (terraform-provider-mongodbatlas PR #4623)', () => {
  it('spuriousDigest401: the first Digest write in a concurrent window is answered 401 once; the retry with the fresh challenge lands', async () => {
    const w = await world({ spuriousDigest401: true, accessListWriteMs: SLOW })
    const session = new DigestSession(PUB, PRIV)
    const d = digest(w.sandbox, session)
    expect((await d('GET', LIST)).status).toBe(200) // the session holds a challenge now
    const first = d('POST', LIST, [{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    const second = await d('POST', LIST, [{ ipAddress: '192.0.2.45' }])
    expect([(await first).status, second.status]).toEqual([201, 201])
    const posts = w.sandbox.log.filter(e => e.method === 'POST').map(e => e.status)
    expect(posts.filter(s => s === 401)).toHaveLength(1) // digest-fetch retried with the fresh challenge
    expect(w.events('SANDBOX_DIGEST_REJECTED')).toEqual([expect.objectContaining({ by: PUB, status: 401 })])
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.44/32', '192.0.2.45/32']))
    // Alone, a write is never rejected.
    expect((await d('DELETE', `${LIST}/192.0.2.45`)).status).toBe(204)
    expect(w.events('SANDBOX_DIGEST_REJECTED')).toHaveLength(1)
    // A new window rejects its first overlapping write again: here a DELETE, the case the PR reports.
    const third = d('POST', LIST, [{ ipAddress: '192.0.2.46' }])
    await whileWriting(w.sandbox)
    expect((await d('DELETE', `${LIST}/192.0.2.44`)).status).toBe(204)
    expect((await third).status).toBe(201)
    expect(w.sandbox.log.filter(e => e.method === 'DELETE' && e.status === 401)).toHaveLength(1)
    expect(w.events('SANDBOX_DIGEST_REJECTED')).toHaveLength(2)
    expect(await w.values()).toEqual(['203.0.113.0/24', '198.51.100.7/32', '192.0.2.46/32'])
  })

  it('the 401 comes although the nonce and nc were valid, with a fresh challenge that the retry then uses', async () => {
    const w = await world({ spuriousDigest401: true, accessListWriteMs: SLOW })
    const url = `${w.sandbox.atlasUrl}${LIST}`
    const challenge = async (res: Response) =>
      /nonce="([^"]+)"/.exec(res.headers.get('www-authenticate') ?? '')![1]
    const nonce = await challenge(await fetch(url, { headers: { accept: V1 } }))
    const send = (n: string, nc: number, ip: string) =>
      fetch(url, {
        method: 'POST',
        headers: { accept: V1, 'content-type': V1, authorization: digestHeader('POST', LIST, n, nc) },
        body: JSON.stringify([{ ipAddress: ip }])
      })
    const first = send(nonce, 1, '192.0.2.44')
    await whileWriting(w.sandbox)
    const rejected = await send(nonce, 2, '192.0.2.45')
    expect(rejected.status).toBe(401)
    expect(((await rejected.json()) as { errorCode: string }).errorCode).toBe('UNEXPECTED_ERROR')
    const fresh = await challenge(rejected)
    expect(fresh).not.toBe(nonce)
    expect(rejected.headers.get('www-authenticate')).toContain('stale=false')
    const retry = await send(fresh, 1, '192.0.2.45')
    expect([(await first).status, retry.status]).toEqual([201, 201])
    expect(await w.values()).toEqual(expect.arrayContaining(['192.0.2.44/32', '192.0.2.45/32']))
  })

  it('Bearer writes are never spuriously rejected', async () => {
    const w = await world({ spuriousDigest401: true, accessListWriteMs: SLOW })
    const first = w.post([{ ipAddress: '192.0.2.44' }])
    await whileWriting(w.sandbox)
    expect((await w.post([{ ipAddress: '192.0.2.45' }])).status).toBe(201)
    await first
    expect(w.events('SANDBOX_DIGEST_REJECTED')).toEqual([])
  })
})

describe('fault-injection route keys', () => {
  it('names the write routes apart from the reads', async () => {
    const w = await world()
    await w.post([{ ipAddress: '192.0.2.44' }])
    await w.entry('192.0.2.44')
    await w.status('192.0.2.44')
    await w.call('GET', LIST)
    await w.remove('192.0.2.44')
    expect(w.sandbox.stats.byRoute).toMatchObject({
      'atlas.accessListWrite': 1,
      'atlas.accessListEntry': 1,
      'atlas.accessListStatus': 1,
      'atlas.accessList': 1,
      'atlas.accessListDelete': 1
    })
  })

  it('a fault on atlas.accessListWrite hits the POST only', async () => {
    const w = await world()
    w.sandbox.faults.add({ route: 'atlas.accessListWrite', fault: 'status', status: 503, first: 1 })
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).status).toBe(503)
    expect((await w.call('GET', LIST)).status).toBe(200)
    expect((await w.post([{ ipAddress: '192.0.2.44' }])).status).toBe(201)
  })

  it('the activity log is served on the control origin too', async () => {
    const w = await world()
    await w.post([{ ipAddress: '192.0.2.44' }])
    const events = (await (await fetch(`${w.sandbox.echoUrl}/_sandbox/events`)).json()) as Event[]
    expect(events.map(e => e.type)).toEqual(['NETWORK_PERMISSION_ENTRY_ADDED'])
  })
})

describe('the lease-github-hosted-runner scenario', () => {
  it('the runner is not on the project list; its credential may lease it; the entry is PENDING for 5 s', async () => {
    let clock = T0
    const s = await startSandbox({ scenario: 'lease-github-hosted-runner', now: () => clock })
    running.push(s)
    const ip = s.scenario.runner.ipv4 as string
    const tok = await requestToken(s.atlasUrl, CID, SECRET)
    const { access_token } = (await tok.json()) as { access_token: string }
    const h = { authorization: `Bearer ${access_token}`, accept: V1 }
    expect((await fetch(`${s.atlasUrl}${LIST}/${ip}`, { headers: h })).status).toBe(404)
    const post = await fetch(`${s.atlasUrl}${LIST}`, {
      method: 'POST',
      headers: { ...h, 'content-type': V1 },
      body: JSON.stringify([
        {
          ipAddress: ip,
          comment: 'atlas-preflight lease you/repo run 1.1 job deploy',
          deleteAfterDate: new Date(clock + 30 * 60_000).toISOString()
        }
      ])
    })
    expect(post.status).toBe(201)
    const status = async () =>
      (
        (await (await fetch(`${s.atlasUrl}${LIST}/${ip}/status`, { headers: h })).json()) as {
          STATUS: string
        }
      ).STATUS
    expect(await status()).toBe('PENDING')
    clock += 5000
    expect(await status()).toBe('ACTIVE')
  })
})

describe('answers shaped as real Atlas sends them (../shared/atlas-replay access-list recordings)', () => {
  it('POST 201 with the list page; DELETE 204 with the versioned type; RateLimit-* on every answer; X-Error-Code on errors', async () => {
    const w = await world()
    const posted = await w.post([{ ipAddress: '192.0.2.44' }])
    expect([posted.status, posted.type, typeof posted.body.totalCount]).toEqual([
      201,
      `${V1};charset=utf-8`,
      'number'
    ])
    expect(posted.headers['ratelimit-limit']).toBe('1200')
    expect(Number(posted.headers['ratelimit-remaining'])).toBeLessThan(1200)
    const gone = await w.remove('192.0.2.44')
    expect([gone.status, gone.type]).toEqual([204, `${V1};charset=utf-8`])
    const missing = await w.entry('192.0.2.44')
    expect([missing.status, missing.headers['x-error-code']]).toEqual([
      404,
      'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND'
    ])
  })

  it('lists carry a `next` link while more pages exist', async () => {
    const w = await world()
    await w.post([{ ipAddress: '192.0.2.44' }])
    const first = await w.call('GET', `${LIST}?itemsPerPage=2&pageNum=1`)
    expect(first.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'next'])
    const last = await w.call('GET', `${LIST}?itemsPerPage=2&pageNum=2`)
    expect(last.body.links.map((l: { rel: string }) => l.rel)).toEqual(['self'])
  })
})

describe('hostile options (the lease must not believe them)', () => {
  it('accessListPageSize pages below the size asked; totalCount stays true', async () => {
    const w = await world({ accessListPageSize: 1 })
    const page = await w.call('GET', `${LIST}?itemsPerPage=500&pageNum=1`)
    expect([page.body.results.length, page.body.totalCount]).toEqual([1, 2])
  })

  it('accessListReadBack: other answers another address; accessListDeleteNoop answers 204 and deletes nothing', async () => {
    const w = await world({ accessListReadBack: 'other', accessListDeleteNoop: true })
    await w.post([{ ipAddress: '192.0.2.44' }])
    expect((await w.entry('192.0.2.44/32')).body.cidrBlock).not.toBe('192.0.2.44/32')
    expect((await w.remove('192.0.2.44')).status).toBe(204)
    expect(await w.values()).toContain('192.0.2.44/32')
    expect(w.events('SANDBOX_DELETE_IGNORED').map(e => e.entry)).toEqual(['192.0.2.44/32'])
  })
})
