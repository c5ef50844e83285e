/**
 * atlas-network-lease on the stub HTTP layer: read before write, write then verify then wait, both answers to a
 * duplicate POST, the shared-address protocol, the refusals, the role, the spurious Digest 401, the end of the lease
 * and the scheduled audit. Every error and warning id the lease can raise is named here.
 */
import type { CheckResult } from '../../src/check-support/check.js'
import { computeOutputs } from '../../src/report/outputs.js'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { LeaseData } from '../../src/lease/take.js'
import { leaseCheck, runPhase, type LeasePhase } from '../../src/lease/phase.js'
import { atlasNetworkAccessListCheck } from '../../src/checks/index.js'
import type { AtlasAuthData } from '../../src/checks/atlas-auth.js'
import type { EgressData } from '../../src/checks/egress-ip.js'
import type { NetworkPermissionEntry } from '../../src/atlas/types.js'
import type { HttpOk, HttpRequest, HttpResult } from '../../src/http/client.js'
import { LEASE_TIMING, release, type LeaseIo } from '../../src/lease/protocol.js'
import { leaseComment, leaseIdentity, leaseTag, parseLeaseComment } from '../../src/lease/marker.js'
import {
  API_KEY_INPUTS,
  NOW,
  PROJECT_ID,
  SERVICE_ACCOUNT_INPUTS,
  atlasError,
  checkContext,
  idsOf,
  json,
  netFail,
  problems,
  type ContextOptions,
  type Routes
} from '../helpers/check-context.js'

const RUNNER = '198.51.100.20'
const HOST = `${RUNNER}/32`
const BASE = `/api/atlas/v2/groups/${PROJECT_ID}/accessList`
const AUTH: AtlasAuthData = { method: 'service-account', authenticated: true }
const egress = (ipv4?: string): EgressData => ({ ...(ipv4 ? { ipv4 } : {}), sources: [] })
const GITHUB = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'octo/app',
  GITHUB_RUN_ID: '777',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy'
}
const LEASE = { 'atlas-project-id': PROJECT_ID, 'lease-network-access': 'true', 'lease-minutes': '30' }
const inMinutes = (m: number) => new Date(NOW.getTime() + m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
const NO_CONTENT: HttpOk = {
  ok: true,
  status: 204,
  headers: {},
  body: '',
  json: undefined,
  attempts: 1,
  durationMs: 1
}

/** A project list with Atlas's write semantics, in memory. */
interface Fake {
  entries: NetworkPermissionEntry[]
  duplicate?: 'update' | 'ignore' | 'conflict'
  /** Answers for the next POSTs, in order: an answer, or `lose` (200, nothing stored). Then the semantics apply. */
  posts?: (HttpResult | 'lose')[]
  /** Status answers in order; the last one repeats. */
  status?: string[]
  deletes?: HttpResult[]
  /** Every POST body, parsed. */
  written: NetworkPermissionEntry[][]
  deleted: string[]
}

function fake(over: Partial<Fake> = {}): Fake {
  return { entries: [], written: [], deleted: [], ...over }
}

function routes(f: Fake, address = RUNNER): Routes {
  const host = `${address}/32`
  const find = () => f.entries.find(e => e.cidrBlock === host)
  const page = () => json(200, { results: f.entries, totalCount: f.entries.length })
  return {
    [`GET ${BASE}`]: page,
    [`POST ${BASE}`]: (req: HttpRequest) => {
      const body = JSON.parse(req.body!) as NetworkPermissionEntry[]
      f.written.push(body)
      const next = f.posts?.shift()
      if (next === 'lose') return page()
      if (next) return next
      const w = body[0]!
      const cur = find()
      if (cur) {
        if (f.duplicate === 'conflict') return atlasError(409, 'DUPLICATE_NETWORK_PERMISSION_ENTRY')
        if (f.duplicate === 'update')
          Object.assign(cur, { comment: w.comment, deleteAfterDate: w.deleteAfterDate })
      } else f.entries.push({ ipAddress: w.ipAddress, cidrBlock: `${w.ipAddress}/32`, ...w })
      return page()
    },
    [`GET ${BASE}/${address}`]: () => {
      const e = find()
      return e ? json(200, e) : atlasError(404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND')
    },
    // The same entry asked for as its CIDR (`%2F` for the slash), as the audit does.
    [`GET ${BASE}/${encodeURIComponent(host)}`]: () => {
      const e = find()
      return e ? json(200, e) : atlasError(404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND')
    },
    [`GET ${BASE}/${address}/status`]: () => {
      const s = f.status && f.status.length > 1 ? f.status.shift()! : (f.status?.[0] ?? 'ACTIVE')
      return find() ? json(200, { STATUS: s }) : atlasError(404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND')
    },
    [`DELETE ${BASE}/${encodeURIComponent(host)}`]: () => {
      const next = f.deletes?.shift()
      if (next) return next
      f.deleted.push(host)
      f.entries = f.entries.filter(e => e.cidrBlock !== host)
      return NO_CONTENT
    }
  }
}

/** Run the lease in a stub context with a saveState hook (as the action has). */
async function lease(
  f: Fake,
  opts: Partial<ContextOptions> & { address?: string; saveState?: boolean; phase?: LeasePhase } = {}
) {
  const saved: Record<string, string> = {}
  const t = await checkContext({
    inputs: { ...SERVICE_ACCOUNT_INPUTS, ...LEASE },
    env: GITHUB,
    ...opts,
    routes: { ...routes(f, opts.address ?? RUNNER), ...opts.routes },
    results: {
      'atlas-auth': { data: AUTH },
      'egress-ip': { data: egress(opts.address ?? RUNNER) },
      ...opts.results
    }
  })
  if (opts.saveState !== false) t.ctx.saveState = (n, v) => void (saved[n] = v)
  // The phase is the plan's decision (from the inputs and the CI's event), as main.ts makes it.
  const check = leaseCheck(opts.phase ?? runPhase(t.ctx.config, t.ctx.env))
  // As the runner does: applicability, then the gate (a reason not to run from the needs' results), then the run.
  const applies = check.applies(t.ctx.config)
  const gated = applies === true ? check.gate?.(t.ctx) : applies
  const outcome: Awaited<ReturnType<typeof check.run>> =
    gated === undefined ? await check.run(t.ctx) : { findings: [], skipped: gated }
  const state = saved['lease'] ? JSON.parse(saved['lease']) : undefined
  return { ...t, outcome, saved, state }
}

const other = (tags: string[], minutes = 60): NetworkPermissionEntry => ({
  ipAddress: RUNNER,
  cidrBlock: HOST,
  comment: leaseComment(tags, NOW, 'octo/app 1.1 build'),
  deleteAfterDate: inMinutes(minutes)
})

const saved = { ...LEASE_TIMING }
beforeAll(() => {
  Object.assign(LEASE_TIMING, { baseMs: 1, capMs: 2, pollMs: 1, pollCapMs: 2, maxWaitMs: 200, reserveMs: 0 })
})
afterAll(() => {
  Object.assign(LEASE_TIMING, saved)
})

describe('atlas-network-lease: the marker', () => {
  it('fits 80 characters, names repository, run and attempt, job, and parses back', () => {
    const who = leaseIdentity(GITHUB)!
    expect(who).toEqual({
      id: 'github:octo/app:777.2:deploy',
      label: 'octo/app 777.2 deploy',
      source: 'github'
    })
    const c = leaseComment([leaseTag(who.id)], NOW, who.label)
    expect(c).toBe(`atlas-preflight lease 250601T1200Z ${leaseTag(who.id)} octo/app 777.2 deploy`)
    const long = leaseComment(['1a2b3c4d', '5e6f7a8b', '9c0d1e2f', '3a4b5c6d'], NOW, 'x'.repeat(200))
    expect(long.length).toBeLessThanOrEqual(80)
    expect(parseLeaseComment(long)?.tags).toHaveLength(4)
    expect(
      parseLeaseComment(
        leaseComment(
          ['1', '2', '3', '4', '5'].map(n => n.repeat(8)),
          NOW,
          'l'
        )
      )?.tags
    ).toEqual(['*'])
    expect(parseLeaseComment('Added by MongoDB MCP Server to enable tool access')).toBeUndefined()
  })

  it('reads the CI job ids of GitLab and Jenkins, and an explicit --lease-id first', () => {
    expect(
      leaseIdentity({ GITLAB_CI: 'true', CI_PROJECT_PATH: 'g/p', CI_PIPELINE_ID: '9', CI_JOB_ID: '31' })
    ).toEqual({
      id: 'gitlab:g/p:9:31',
      label: 'g/p 9/31',
      source: 'gitlab'
    })
    expect(leaseIdentity({ JENKINS_URL: 'https://ci', BUILD_TAG: 'jenkins-app-12' })?.id).toBe(
      'jenkins:jenkins-app-12'
    )
    expect(leaseIdentity({ ...GITHUB, ATLAS_PREFLIGHT_LEASE_ID: 'mine' })?.id).toBe('explicit:mine')
    expect(leaseIdentity({})).toBeUndefined()
  })
})

describe('atlas-network-lease: taking the lease', () => {
  it('created: reads, POSTs one entry (ipAddress, deleteAfterDate = now + lease-minutes, marker), verifies, waits for ACTIVE', async () => {
    const f = fake({ status: ['PENDING', 'PENDING', 'ACTIVE'] })
    const r = await lease(f)
    expect(idsOf(r.outcome)).toEqual([['atlas-network-lease/created', 'notice']])
    expect(r.outcome.outputs).toEqual({ 'network-lease': 'created', 'network-lease-entry': HOST })
    expect(f.written).toHaveLength(1)
    const w = f.written[0]![0]!
    expect(w.ipAddress).toBe(RUNNER)
    expect(w.deleteAfterDate).toBe(inMinutes(30))
    expect(w.comment!.length).toBeLessThanOrEqual(80)
    expect(parseLeaseComment(w.comment)?.tags).toEqual([r.state.tag])
    expect(r.state).toMatchObject({
      v: 1,
      project: PROJECT_ID,
      address: RUNNER,
      entry: HOST,
      mode: 'created'
    })
    expect(r.http.paths()).toEqual([
      'POST /api/oauth/token',
      `GET ${BASE}`,
      `POST ${BASE}`,
      `GET ${BASE}/${RUNNER}`,
      `GET ${BASE}/${RUNNER}/status`,
      `GET ${BASE}/${RUNNER}/status`,
      `GET ${BASE}/${RUNNER}/status`
    ])
  })

  it('existing: any CIDR containing the address means nothing is written, and the post step leaves it', async () => {
    const f = fake({ entries: [{ cidrBlock: '198.51.100.0/24', comment: 'office' }] })
    const r = await lease(f)
    expect(idsOf(r.outcome)).toEqual([['atlas-network-lease/existing', 'notice']])
    expect(r.outcome.outputs).toEqual({
      'network-lease': 'existing',
      'network-lease-entry': '198.51.100.0/24'
    })
    expect(f.written).toEqual([])
    expect(r.state.mode).toBe('existing')
  })

  it('existing: a permanent /32 of someone else (no marker) is never re-claimed', async () => {
    const f = fake({
      entries: [
        { ipAddress: RUNNER, cidrBlock: HOST, comment: 'Added by MongoDB MCP Server to enable tool access' }
      ]
    })
    const r = await lease(f)
    expect(r.outcome.outputs?.['network-lease']).toBe('existing')
    expect(f.written).toEqual([])
  })

  it('concurrent writes refused (409, 500) and silently lost: retried with backoff until a fresh read shows the entry', async () => {
    const f = fake({
      posts: [
        atlasError(409, 'CANNOT_MODIFY_ACCESS_LIST_CONCURRENTLY'),
        'lose',
        atlasError(500, 'UNEXPECTED_ERROR'),
        netFail('reset', 'the connection was reset')
      ]
    })
    const r = await lease(f)
    expect(r.outcome.outputs?.['network-lease']).toBe('created')
    expect(f.written).toHaveLength(5)
    expect((r.outcome.data as LeaseData).writes).toBe(5)
  })

  it('write-unverified: writes that never land end in an error, bounded, with the entry named', async () => {
    const f = fake({ posts: Array(20).fill('lose') })
    const r = await lease(f)
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/write-unverified', 'error']])
    expect(r.outcome.outputs).toEqual({ 'network-lease': 'failed', 'network-lease-entry': HOST })
    expect(f.written).toHaveLength(LEASE_TIMING.attempts)
    // The post step still looks: a write may have landed.
    expect(r.state.mode).toBe('writing')
  })

  it('entry-failed: status FAILED is an error with the fix', async () => {
    const r = await lease(fake({ status: ['PENDING', 'FAILED'] }))
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/entry-failed', 'error']])
    expect(r.outcome.outputs?.['network-lease']).toBe('failed')
    expect(r.state.mode).toBe('created')
  })

  it('not-active: a wait that outlasts its bound is an error', async () => {
    const r = await lease(fake({ status: ['PENDING'] }))
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/not-active', 'error']])
  })

  it('no-write-role: a 401 USER_UNAUTHORIZED on the write names Project Network Access Manager', async () => {
    const f = fake({ posts: [atlasError(401, 'USER_UNAUTHORIZED')] })
    const r = await lease(f)
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/no-write-role', 'error']])
    expect(r.outcome.findings[0]!.fix).toContain('Project Network Access Manager')
    expect(f.written).toHaveLength(1)
  })

  it('no-write-role: an unreadable list writes nothing', async () => {
    const f = fake()
    const r = await lease(f, { routes: { [`GET ${BASE}`]: atlasError(401, 'USER_UNAUTHORIZED') } })
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/no-write-role', 'error']])
    expect(f.written).toEqual([])
  })

  it('rejected and list-full: a 400 is not retried', async () => {
    const bad = await lease(
      fake({ posts: [atlasError(400, 'INVALID_ATTRIBUTE', { detail: 'deleteAfterDate' })] })
    )
    expect(problems(bad.outcome)).toEqual([['atlas-network-lease/rejected', 'error']])
    const cap = await lease(
      fake({ posts: [atlasError(400, 'ATLAS_NETWORK_PERMISSION_ENTRY_LIMIT_EXCEEDED')] })
    )
    expect(problems(cap.outcome)).toEqual([['atlas-network-lease/list-full', 'error']])
  })

  it('refuses at or near the 200-entry cap, for security-group-only projects, for an unknown or private address', async () => {
    const many = Array.from({ length: 195 }, (_, i) => ({ cidrBlock: `10.${i >> 8}.${i & 255}.0/24` }))
    const full = fake({ entries: many })
    expect(problems((await lease(full)).outcome)).toEqual([['atlas-network-lease/list-full', 'error']])
    const sg = fake({ entries: [{ awsSecurityGroup: 'sg-0123abcd' }] })
    expect(problems((await lease(sg)).outcome)).toEqual([
      ['atlas-network-lease/security-groups-only', 'error']
    ])
    const none = fake()
    const unknown = await lease(none, { results: { 'egress-ip': { data: egress() } } })
    expect(problems(unknown.outcome)).toEqual([['atlas-network-lease/no-address', 'error']])
    const priv = fake()
    expect(problems((await lease(priv, { address: '10.1.2.3' })).outcome)).toEqual([
      ['atlas-network-lease/private-address', 'error']
    ])
    for (const f of [full, sg, none, priv]) expect(f.written).toEqual([])
  })

  it('no-lease-id: outside CI and without a post step, the lease needs an id', async () => {
    const f = fake()
    const r = await lease(f, { env: {}, saveState: false })
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/no-lease-id', 'error']])
    expect(f.written).toEqual([])
  })

  it('with an API key, a 401 with a fresh Digest challenge during the write is retried once', async () => {
    const f = fake()
    const challenge = atlasError(401, undefined, {
      headers: { 'www-authenticate': 'Digest realm="MMS Public API", nonce="fresh", qop="auth"' }
    })
    f.posts = [challenge]
    const r = await lease(f, { inputs: { ...API_KEY_INPUTS, ...LEASE } })
    expect(r.outcome.outputs?.['network-lease']).toBe('created')
    expect(f.written).toHaveLength(2)
    // A key that is really bad: the retry is answered 401 again, and only then is it called bad.
    const g = fake({ posts: [challenge, challenge] })
    const bad = await lease(g, { inputs: { ...API_KEY_INPUTS, ...LEASE } })
    expect(problems(bad.outcome)).toEqual([['atlas-network-lease/bad-api-key', 'error']])
    expect(g.written).toHaveLength(2)
  })

  it('atlas-network-access-list leaves an uncovered runner to the lease (no error); the list reads allowed once the lease holds the entry', async () => {
    const f = fake()
    const t = await checkContext({
      inputs: { ...SERVICE_ACCOUNT_INPUTS, ...LEASE },
      routes: routes(f),
      results: { 'atlas-auth': { data: AUTH }, 'egress-ip': { data: egress(RUNNER) } }
    })
    const list = await atlasNetworkAccessListCheck.run(t.ctx)
    expect(list.skipped).toContain('lease-network-access')
    expect(problems(list)).toEqual([])
    const r = await lease(f)
    const results = [
      { ...list, id: 'atlas-network-access-list', status: 'skipped' },
      { ...r.outcome, id: 'atlas-network-lease', status: 'pass' }
    ] as unknown as CheckResult[]
    // Each check sets only its own output; the report derives the list's value from the lease (report/outputs.ts).
    expect(list.outputs?.['network-access-list']).toBe('denied')
    expect(computeOutputs(results, 'pass')['network-access-list']).toBe('allowed')
  })
})

describe('atlas-network-lease: blocked by the API access list', () => {
  it('writes nothing, could not run, and the outputs say the lease failed', async () => {
    const f = fake()
    const r = await lease(f, { results: { 'atlas-auth': { data: { ...AUTH, blocked: true } } } })
    expect(r.outcome.skipped).toMatch(/API access list/i)
    expect(f.written).toEqual([])
    const results = [
      { ...r.outcome, id: 'atlas-network-lease', status: 'skipped' }
    ] as unknown as CheckResult[]
    expect(computeOutputs(results, 'fail', { lease: true })['network-lease']).toBe('failed')
  })
})

describe('atlas-network-lease: shared addresses', () => {
  it('shared (Atlas updates a duplicate POST): the later run adds its tag and keeps the later deleteAfterDate', async () => {
    const f = fake({ entries: [other(['aaaaaaaa'], 300)], duplicate: 'update' })
    const r = await lease(f)
    expect(idsOf(r.outcome)).toEqual([['atlas-network-lease/shared', 'notice']])
    expect(r.outcome.outputs).toMatchObject({ 'network-lease': 'shared', 'network-lease-entry': HOST })
    const marker = parseLeaseComment(f.entries[0]!.comment)!
    expect(marker.tags).toEqual(['aaaaaaaa', r.state.tag])
    expect(f.entries[0]!.deleteAfterDate).toBe(inMinutes(300)) // never shortened
    expect(r.state.mode).toBe('shared')
  })

  it('shared-unrecorded (Atlas ignores the duplicate, 200): bounded tries, a warning, and the post step never deletes', async () => {
    const f = fake({ entries: [other(['aaaaaaaa'])], duplicate: 'ignore' })
    const r = await lease(f)
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/shared-unrecorded', 'warning']])
    expect(r.outcome.outputs?.['network-lease']).toBe('shared')
    expect(f.written).toHaveLength(LEASE_TIMING.unchangedJoins)
    expect(r.state.mode).toBe('unrecorded')
  })

  it('shared-unrecorded (Atlas answers 409 to the duplicate): at once', async () => {
    const f = fake({ entries: [other(['aaaaaaaa'])], duplicate: 'conflict' })
    const r = await lease(f)
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/shared-unrecorded', 'warning']])
    expect(f.written).toHaveLength(1)
  })
})

describe('atlas-network-lease: the end of the lease', () => {
  const io = async (f: Fake, inputs = SERVICE_ACCOUNT_INPUTS): Promise<LeaseIo> => {
    const t = await checkContext({ inputs: { ...inputs, ...LEASE }, routes: routes(f) })
    return {
      atlas: t.services.atlas!,
      projectId: PROJECT_ID,
      signal: t.ctx.signal,
      remainingMs: () => 30_000,
      now: () => NOW
    }
  }
  const mine = 'bbbbbbbb'

  it('released: the only holder deletes its entry (DELETE with %2F)', async () => {
    const f = fake({ entries: [other([mine])] })
    const r = await release(await io(f), { address: RUNNER, tag: mine })
    expect(r.id).toBe('atlas-network-lease/released')
    expect(f.deleted).toEqual([HOST])
  })

  it('handed-over: a holder that is not the last removes only its tag', async () => {
    const f = fake({ entries: [other(['aaaaaaaa', mine])], duplicate: 'update' })
    const r = await release(await io(f), { address: RUNNER, tag: mine })
    expect(r.id).toBe('atlas-network-lease/handed-over')
    expect(parseLeaseComment(f.entries[0]!.comment)?.tags).toEqual(['aaaaaaaa'])
    expect(f.deleted).toEqual([])
  })

  it("left-alone: another run's entry, an entry changed since, or one covering more", async () => {
    for (const e of [
      other(['aaaaaaaa']),
      { ...other([mine]), comment: 'edited by a person' },
      { ...other([mine]), deleteAfterDate: undefined }
    ]) {
      const f = fake({ entries: [e] })
      const r = await release(await io(f), { address: RUNNER, tag: mine })
      expect(r.id).toBe('atlas-network-lease/left-alone')
      expect(f.deleted).toEqual([])
    }
  })

  it('already-gone, and release-failed naming the entry and when Atlas removes it', async () => {
    expect((await release(await io(fake()), { address: RUNNER, tag: mine })).id).toBe(
      'atlas-network-lease/already-gone'
    )
    const f = fake({
      entries: [other([mine], 45)],
      deletes: Array(20).fill(atlasError(503, 'SERVICE_UNAVAILABLE'))
    })
    const r = await release(await io(f), { address: RUNNER, tag: mine })
    expect([r.id, r.severity]).toEqual(['atlas-network-lease/release-failed', 'warning'])
    expect(r.seen).toContain(HOST)
    expect(r.seen).toContain(inMinutes(45))
  })
})

describe('atlas-network-lease: the scheduled audit (a lease is stale only by its own terms)', () => {
  const SCHEDULE = { GITHUB_EVENT_NAME: 'schedule' }
  const at = (ip: string, over: Partial<NetworkPermissionEntry>): NetworkPermissionEntry => ({
    ipAddress: ip,
    cidrBlock: `${ip}/32`,
    ...over
  })
  const marker = (tag: string, hoursAgo: number) =>
    leaseComment([tag], new Date(NOW.getTime() - hoursAgo * 3_600_000), 'octo/app 5.1 deploy')
  /** The list the reproduction held: every kind of entry that looks like a lease. */
  const hostileList = (): NetworkPermissionEntry[] => [
    // A live lease: written 7 h ago by a job that asked for 12 h (5 h left), audited by a run with lease-minutes 360.
    at('203.0.113.5', { comment: marker('cccccccc', 7), deleteAfterDate: inMinutes(5 * 60) }),
    // A lease whose own deleteAfterDate passed (Atlas is late removing it): the only stale one.
    at('203.0.113.6', { comment: marker('dddddddd', 3), deleteAfterDate: inMinutes(-10) }),
    // A lease a person made permanent, keeping its comment: someone else's now.
    at('203.0.113.9', { comment: marker('eeeeeeee', 30) }),
    // A lease a person widened to a /24 (and one to a /8 made permanent), keeping the comment.
    { cidrBlock: '198.51.100.0/24', comment: marker('ffffffff', 30), deleteAfterDate: inMinutes(-5) },
    { cidrBlock: '10.0.0.0/8', comment: marker('abababab', 30) },
    at('203.0.113.7', { comment: 'Added by MongoDB MCP Server to enable tool access' }),
    at('203.0.113.8', { comment: 'office' })
  ]

  it("reports the stale lease, the look-alikes and other tools' entries; a live lease is not stale; nothing is written", async () => {
    const f = fake({ entries: hostileList() })
    const r = await lease(f, {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID, 'lease-minutes': '360' },
      env: SCHEDULE
    })
    expect(problems(r.outcome)).toEqual([
      ['atlas-network-lease/stale-lease', 'warning'],
      ['atlas-network-lease/lease-lookalike', 'warning'],
      ['atlas-network-lease/lease-lookalike', 'warning'],
      ['atlas-network-lease/lease-lookalike', 'warning'],
      ['atlas-network-lease/foreign-permanent-entry', 'warning']
    ])
    expect(r.outcome.findings.map(x => x.data?.['entry'])).toEqual([
      '203.0.113.6/32',
      '203.0.113.9/32',
      '198.51.100.0/24',
      '10.0.0.0/8',
      '203.0.113.7/32'
    ])
    expect(r.outcome.data?.audit).toEqual({ stale: 1, live: 1, lookalikes: 3, foreign: 1, removed: 0 })
    expect(f.written).toEqual([])
    expect(f.deleted).toEqual([])
  })

  it('with lease-cleanup: remove, only the lease past its own deleteAfterDate is removed, confirmed by a fresh read', async () => {
    const f = fake({ entries: hostileList() })
    const r = await lease(f, {
      inputs: {
        ...SERVICE_ACCOUNT_INPUTS,
        'atlas-project-id': PROJECT_ID,
        'lease-minutes': '360',
        'lease-cleanup': 'remove'
      },
      env: SCHEDULE,
      routes: {
        // The stale lease, read back and deleted by its CIDR (%2F).
        [`GET ${BASE}/${encodeURIComponent('203.0.113.6/32')}`]: () => {
          const e = f.entries.find(x => x.cidrBlock === '203.0.113.6/32')
          return e ? json(200, e) : atlasError(404, 'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND')
        },
        [`DELETE ${BASE}/${encodeURIComponent('203.0.113.6/32')}`]: () => {
          f.deleted.push('203.0.113.6/32')
          f.entries = f.entries.filter(e => e.cidrBlock !== '203.0.113.6/32')
          return NO_CONTENT
        }
      }
    })
    expect(r.outcome.findings.map(x => x.id)).toContain('atlas-network-lease/stale-lease-removed')
    expect(f.deleted).toEqual(['203.0.113.6/32'])
    // The live lease, the look-alikes and the other tools' entries are all still there.
    expect(f.entries.map(e => e.cidrBlock)).toEqual(
      hostileList()
        .filter(e => e.cidrBlock !== '203.0.113.6/32')
        .map(e => e.cidrBlock)
    )
  })

  it('with nothing stale, the audit says so (a notice), and a 204 that deletes nothing is not called removed', async () => {
    const clean = await lease(fake({ entries: [hostileList()[0]!] }), {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID },
      env: SCHEDULE
    })
    expect(clean.outcome.findings.map(x => [x.id, x.severity])).toEqual([
      ['atlas-network-lease/audit-clean', 'notice']
    ])
    expect(clean.outcome.findings[0]!.seen).toContain(inMinutes(5 * 60))

    const stale = hostileList()[1]!
    const f = fake({ entries: [stale] })
    const r = await lease(f, {
      inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID, 'lease-cleanup': 'remove' },
      env: SCHEDULE,
      routes: {
        [`GET ${BASE}/${encodeURIComponent('203.0.113.6/32')}`]: json(200, stale),
        [`DELETE ${BASE}/${encodeURIComponent('203.0.113.6/32')}`]: NO_CONTENT
      }
    })
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/stale-lease', 'warning']])
  })

  it('without lease-network-access and outside a schedule, the check is skipped and reads nothing', async () => {
    const f = fake()
    const r = await lease(f, { inputs: { ...SERVICE_ACCOUNT_INPUTS, 'atlas-project-id': PROJECT_ID } })
    expect(r.outcome.skipped).toContain('lease-network-access')
    expect(r.http.paths()).toEqual([])
  })

  it('the phase is decided from the inputs and the CI event when the plan is made', () => {
    const config = (inputs: Record<string, string>) =>
      ({
        lease: { enabled: inputs['lease'] === 'true', minutes: 60, cleanup: inputs['cleanup'] ?? 'report' }
      }) as never
    expect(runPhase(config({ lease: 'true' }), SCHEDULE)).toEqual({ kind: 'take' })
    expect(runPhase(config({ cleanup: 'remove' }), SCHEDULE)).toEqual({ kind: 'audit', remove: true })
    expect(runPhase(config({}), { CI_PIPELINE_SOURCE: 'schedule' })).toEqual({ kind: 'audit', remove: false })
    expect(runPhase(config({}), { ATLAS_PREFLIGHT_LEASE_AUDIT: 'true' })).toEqual({ kind: 'off' })
  })
})

describe('atlas-network-lease: answers that must not be believed', () => {
  it('a read-back that names another address is not taken as "existing": the write is retried, then unverified', async () => {
    const f = fake()
    const r = await lease(f, {
      routes: {
        [`GET ${BASE}/${RUNNER}`]: json(200, { ipAddress: '192.0.2.200', cidrBlock: '192.0.2.200/32' })
      }
    })
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/write-unverified', 'error']])
    expect(r.outcome.findings[0]!.seen).toContain('answered another entry (192.0.2.200/32)')
    expect(r.outcome.data?.lease).toBe('failed')
    // The post step knows a write may have landed, and until when at the latest.
    expect(r.state).toMatchObject({ mode: 'writing', entry: HOST })
    expect(Date.parse(r.state.deleteAfterDate)).toBeGreaterThanOrEqual(Date.parse(inMinutes(30)))
  })

  it('list-full: 403 ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED is named by its code, with the list fix', async () => {
    const r = await lease(
      fake({
        posts: [
          atlasError(403, 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED', {
            detail: 'Too many network permission entries. Only 200 entries are supported.'
          })
        ]
      })
    )
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/list-full', 'error']])
    expect(r.outcome.findings[0]!.fix).toContain('Remove entries nobody uses')
  })

  it('list-full by the X-Error-Code header alone (a bodiless 403), whatever the status', async () => {
    const bare: HttpOk = {
      ok: true,
      status: 403,
      headers: { 'x-error-code': 'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED' },
      body: '',
      json: undefined,
      attempts: 1,
      durationMs: 1
    }
    const r = await lease(fake({ posts: [bare] }))
    expect(problems(r.outcome)).toEqual([['atlas-network-lease/list-full', 'error']])
  })

  it('release: a DELETE answered 204 that deletes nothing ends in a warning naming the entry and its deleteAfterDate', async () => {
    const mine = 'bbbbbbbb'
    const entry = { ...other([mine], 45) }
    const f = fake({ entries: [entry], deletes: Array(20).fill(NO_CONTENT) })
    const t = await checkContext({ inputs: { ...SERVICE_ACCOUNT_INPUTS, ...LEASE }, routes: routes(f) })
    const r = await release(
      {
        atlas: t.services.atlas!,
        projectId: PROJECT_ID,
        signal: t.ctx.signal,
        remainingMs: () => 30_000,
        now: () => NOW
      },
      { address: RUNNER, tag: mine, deleteAfterDate: inMinutes(45) }
    )
    expect([r.id, r.severity]).toEqual(['atlas-network-lease/release-failed', 'warning'])
    expect(r.seen).toContain(HOST)
    expect(r.seen).toContain(inMinutes(45))
    expect(r.seen).toContain('still lists')
  })

  it('release: a read-back that names another address is never taken as "already gone" nor deleted', async () => {
    const mine = 'bbbbbbbb'
    const f = fake({ entries: [other([mine], 45)] })
    const t = await checkContext({
      inputs: { ...SERVICE_ACCOUNT_INPUTS, ...LEASE },
      routes: {
        ...routes(f),
        [`GET ${BASE}/${RUNNER}`]: json(200, { ipAddress: '192.0.2.200', cidrBlock: '192.0.2.200/32' })
      }
    })
    const r = await release(
      {
        atlas: t.services.atlas!,
        projectId: PROJECT_ID,
        signal: t.ctx.signal,
        remainingMs: () => 30_000,
        now: () => NOW
      },
      { address: RUNNER, tag: mine, deleteAfterDate: inMinutes(45) }
    )
    expect(r.id).toBe('atlas-network-lease/release-failed')
    expect(f.deleted).toEqual([])
  })
})
