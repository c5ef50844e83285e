// The project IP access list of the Atlas Administration API stand-in, its reads and its writes. Methods of
// AtlasService (composed in atlas.js) and the read routes atlas.js's router takes from here.
//
// The Atlas stand-in reads only, except here (and service-account secrets): the project IP access list
// (docs/reference/atlas-round2.md §1) takes writes with Atlas's semantics: POST …/groups/{groupId}/accessList
// (a JSON array of entries, exactly one of ipAddress, cidrBlock, awsSecurityGroup each; comment ≤ 80;
// deleteAfterDate later than now and at most a week ahead, never on a security group; Project Network Access
// Manager, Project Owner or Organization Owner; at most 200 entries),
// GET …/accessList/{entryValue}, GET …/{entryValue}/status (PENDING for `accessListPendingSeconds` of sandbox
// time, then ACTIVE, or FAILED), DELETE …/{entryValue} (204; `/` of a CIDR written %2F). Entries past their
// deleteAfterDate vanish from every read. The endpoint "doesn't support concurrent POST requests": a POST that
// arrives while another POST to the same project is being written (each write takes `accessListWriteMs` of real
// time) is refused, or answered 201 yet never stored, as `concurrentWrites` says. As real Atlas answers (recorded,
// atlas-round3.md §1): POST 201 with the list page, DELETE 204 with the versioned content type, a full list 403
// ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED, RateLimit-Limit/RateLimit-Remaining on every answer, X-Error-Code on errors. Every write, refusal, loss,
// delete and expiry goes to `events` (an activity log). Scenario options, all under `atlas` (defaults in base.json):
//   accessListPendingSeconds  2        sandbox seconds (ctx.now) a new entry stays PENDING
//   accessListOutcome         'ACTIVE' status after PENDING: 'ACTIVE' | 'FAILED'
//   accessListWriteMs         25       real milliseconds a POST (or DELETE) is "in flight"
//   accessListMaxEntries      200      entries a project may hold
//   accessListDuplicate       'ignore' POST of a listed entry: 'ignore' (201, no new entry, nothing changes) |
//                                      'update' (201, comment and deleteAfterDate replaced; UNCONFIRMED) |
//                                      'conflict' (409)
//   concurrentWrites          'ok'     a contended POST: 'ok' | 'refuse' | 'lose' | 'both' (refuse, lose, refuse, …
//                                      in arrival order of the contended POSTs, per project)
//   concurrentRefusalStatus   409      409 (errorCode guessed) or 500 (UNEXPECTED_ERROR) for a refused POST
//   accessListPageSize        —        HOSTILE: list pages of the project access list hold at most this many
//                                      entries, whatever itemsPerPage asked (totalCount and `next` links stay true)
//   accessListReadBack        'true'   HOSTILE 'other': GET …/accessList/{entry} answers a different address
//   accessListDeleteNoop      false    HOSTILE true: DELETE …/accessList/{entry} answers 204 and deletes nothing
//   accessListExpiryLagMinutes 0       entries stay listed this long past their deleteAfterDate (Atlas running late)
//   spuriousDigest401         false    true: the first Digest-authenticated write (POST or DELETE) that arrives
//                                      while another write to the project is in flight answers 401 with a fresh
//                                      challenge although its nonce was valid, once per window of overlapping
//                                      writes (terraform-provider-mongodbatlas PR #4623); a retry succeeds.
import { isIP } from 'node:net'
import { readBody, sendJson } from './http-util.js'
import { VERSIONS, WEEK, apiError, isoSeconds } from './atlas-common.js'

/** Roles that may write the project IP access list ("Project Network Access Manager", or more). */
const NETWORK_WRITERS = ['GROUP_NETWORK_ACCESS_MANAGER', 'GROUP_OWNER']
/** POST …/accessList and DELETE …/accessList/{entryValue}. */
export const ENTRY_PATH = /^\/api\/atlas\/v2\/groups\/([^/]+)\/accessList(?:\/([^/]+))?$/
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const sleep = (/** @type {number} */ ms) => new Promise(r => setTimeout(r, ms))

/** GET /groups/{groupId}/accessList (expiry applied by the router). */
function listRead(svc, r) {
  const { g } = r
  return r.ok(
    svc.page(
      r.url,
      g.accessList.map(e => svc.entryView(e, g.id)),
      r.self,
      svc.writeOptions.pageSize
    )
  )
}

/** GET /groups/{groupId}/accessList/{entryValue}[/status]. */
function entryRead(svc, r, m) {
  const { g } = r
  const gid = g.id
  const value = decodeURIComponent(m[1])
  const e = findEntry(g.accessList, value)
  if (!e) return sendJson(r.res, 404, entryNotFound(value, gid))
  if (m[2]) return r.ok({ STATUS: svc.statusOf(e) })
  if (svc.writeOptions.readBack === 'other') {
    // HOSTILE: the read-back names another address (another entry of the list, or a made-up one).
    const other = g.accessList.find(x => x !== e && !x.awsSecurityGroup)
    return r.ok(other ? svc.entryView(other, gid) : svc.entryView({ ipAddress: '192.0.2.254' }, gid))
  }
  return r.ok(svc.entryView(e, gid))
}

/** Reads below /groups/{groupId}. */
export const ACCESS_LIST_ROUTES = [
  [/^\/accessList$/, listRead],
  [/^\/accessList\/([^/]+)(\/status)?$/, entryRead]
]

export class ProjectAccessList {
  /** The access-list write options of the scenario, with their defaults (see the header). */
  get writeOptions() {
    const a = this.s.atlas
    return {
      pendingSeconds: a.accessListPendingSeconds ?? 2,
      outcome: a.accessListOutcome ?? 'ACTIVE',
      writeMs: a.accessListWriteMs ?? 25,
      maxEntries: a.accessListMaxEntries ?? 200,
      duplicate: a.accessListDuplicate ?? 'ignore',
      concurrentWrites: a.concurrentWrites ?? 'ok',
      refusalStatus: a.concurrentRefusalStatus ?? 409,
      spuriousDigest401: !!a.spuriousDigest401,
      pageSize: a.accessListPageSize,
      readBack: a.accessListReadBack ?? 'true',
      deleteNoop: !!a.accessListDeleteNoop
    }
  }

  /** @param {string} gid */
  writesOf(gid) {
    let st = this.writeState.get(gid)
    if (!st) this.writeState.set(gid, (st = { posts: 0, writes: 0, contended: 0, spent401: false }))
    return st
  }

  /**
   * PR #4623's spurious replay rejection: with `spuriousDigest401`, the first Digest write that arrives while
   * another write to the project is in flight is answered 401 once per window of overlapping writes.
   * @param {string} gid
   */
  spurious401(gid) {
    if (!this.writeOptions.spuriousDigest401) return false
    const st = this.writesOf(gid)
    if (st.writes === 0 || st.spent401) return false
    st.spent401 = true
    return true
  }

  entryView(e, gid) {
    const value = entryKey(e)
    const v = {
      groupId: gid,
      links: [
        {
          href: `${this.baseUrl}/api/atlas/v2/groups/${gid}/accessList/${encodeURIComponent(value)}`,
          rel: 'self'
        }
      ]
    }
    if (e.awsSecurityGroup) return { ...v, awsSecurityGroup: e.awsSecurityGroup, comment: e.comment }
    Object.assign(v, { cidrBlock: value, comment: e.comment })
    // A single address comes back with both ipAddress and cidrBlock x/32 (x/128), as Atlas shows it.
    const [net, bits] = value.split('/')
    if (e.ipAddress || (isIP(net) === 4 && bits === '32') || (isIP(net) === 6 && bits === '128'))
      Object.assign(v, { ipAddress: e.ipAddress ?? net })
    const expires = this.expiresAt(e)
    if (expires !== undefined) Object.assign(v, { deleteAfterDate: isoSeconds(expires) })
    return v
  }

  /** Project Network Access Manager, Project Owner or Organization Owner. */
  canWriteNetwork(who, gid) {
    return (
      this.orgRoles(who).includes('ORG_OWNER') ||
      this.projectRoles(who, gid).some(r => NETWORK_WRITERS.includes(r))
    )
  }

  /** @returns {number | undefined} when Atlas deletes the entry (ms), if it is temporary */
  expiresAt(e) {
    if (e.deleteAfterDate) return Date.parse(e.deleteAfterDate)
    if (e.deleteAfterHours !== undefined) return this.started + e.deleteAfterHours * 3_600_000
    return undefined
  }

  /** Seed entries carry a fixed `status`; written ones are PENDING for a while, then the scenario's outcome. */
  statusOf(e) {
    if (e.status) return e.status
    if (e.createdAt === undefined) return 'ACTIVE'
    const o = this.writeOptions
    return this.now() - e.createdAt < o.pendingSeconds * 1000 ? 'PENDING' : o.outcome
  }

  /** Applies deleteAfterDate: entries past it (and `accessListExpiryLagMinutes`) are gone from every read and write. */
  expire(g) {
    const now = this.now()
    const lag = (this.s.atlas.accessListExpiryLagMinutes ?? 0) * 60_000
    const kept = []
    for (const e of g.accessList) {
      const at = this.expiresAt(e)
      if (at !== undefined && at + lag <= now)
        this.events.push({
          at: new Date(at).toISOString(),
          type: 'NETWORK_PERMISSION_ENTRY_EXPIRED', // the name of this event in Atlas's feed is a guess
          groupId: g.id,
          status: 0,
          entry: entryKey(e),
          ...(e.comment !== undefined ? { comment: e.comment } : {})
        })
      else kept.push(e)
    }
    if (kept.length !== g.accessList.length) g.accessList = kept
  }

  /** Holds the project's write window open for `accessListWriteMs`, then runs `fn`. */
  async inWriteWindow(gid, post, fn) {
    const st = this.writesOf(gid)
    st.writes++
    if (post) st.posts++
    try {
      await sleep(this.writeOptions.writeMs)
      return fn()
    } finally {
      st.writes--
      if (post) st.posts--
      if (st.writes === 0) st.spent401 = false
    }
  }

  async postAccessList(req, res, url, g, who, self) {
    const o = this.writeOptions
    const by = this.whoName(who)
    const raw = await readBody(req)
    /** @param {number} status @param {string} code @param {string} detail @param {unknown[]} [params] */
    const fail = (status, code, detail, params) => {
      this.event({ type: 'SANDBOX_WRITE_REJECTED', groupId: g.id, status, by, detail: `${code}: ${detail}` })
      return sendJson(res, status, apiError(status, code, detail, params))
    }
    const type = String(req.headers['content-type'] ?? '')
    if (!/^application\/(json|vnd\.atlas\.\d{4}-\d{2}-\d{2}\+json)\s*(;|$)/i.test(type))
      // GUESS: status and errorCode; the docs only say POST needs application/json or the versioned type.
      return fail(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported Content-Type ${type || '(none)'}.`)
    let body
    try {
      body = JSON.parse(raw)
    } catch {
      return fail(400, 'INVALID_JSON', 'Received JSON is malformed.') // GUESS: errorCode
    }
    if (!Array.isArray(body))
      // GUESS: errorCode (VALIDATION_ERROR is a real code; its use here is not confirmed).
      return fail(400, 'VALIDATION_ERROR', 'The request body must be a JSON array of access list entries.')
    const now = this.now()
    /** @type {any[]} */
    const wanted = []
    for (const item of body) {
      const checked = checkEntry(item, now)
      if ('error' in checked) return fail(400, 'INVALID_ATTRIBUTE', checked.error, [checked.field]) // GUESS: code
      if (!wanted.some(w => entryKey(w) === entryKey(checked.entry))) wanted.push(checked.entry)
    }

    const st = this.writesOf(g.id)
    let mode = 'ok'
    if (st.posts > 0 && o.concurrentWrites !== 'ok') {
      // Another POST to this project is being written: the spec says concurrent POSTs are not supported.
      mode = o.concurrentWrites === 'both' ? (st.contended % 2 === 0 ? 'refuse' : 'lose') : o.concurrentWrites
      st.contended++
    }
    return this.inWriteWindow(g.id, true, () => {
      const entries = wanted.map(e => entryKey(e)).join(', ')
      if (mode === 'refuse') {
        this.event({
          type: 'SANDBOX_WRITE_REFUSED',
          groupId: g.id,
          status: o.refusalStatus,
          by,
          entry: entries
        })
        return sendJson(
          res,
          o.refusalStatus,
          o.refusalStatus === 500
            ? apiError(500, 'UNEXPECTED_ERROR', 'Unexpected error.')
            : apiError(
                409,
                // GUESS: errorCode (no source shows what a refused concurrent POST answers).
                'CANNOT_MODIFY_ACCESS_LIST_CONCURRENTLY',
                `Another change to the IP access list of group ${g.id} is in progress. Submit POST requests one at a time.`,
                [g.id]
              )
        )
      }
      this.expire(g)
      const duplicates = wanted.filter(w => findEntry(g.accessList, entryKey(w)))
      if (duplicates.length > 0 && o.duplicate === 'conflict') {
        const dup = entryKey(duplicates[0])
        this.event({ type: 'SANDBOX_DUPLICATE_CONFLICT', groupId: g.id, status: 409, by, entry: dup })
        return sendJson(
          res,
          409,
          apiError(
            409,
            'DUPLICATE_NETWORK_PERMISSION_ENTRY', // GUESS: errorCode (MCP server code only says "409")
            `${dup} is already on the IP access list of group ${g.id}.`,
            [dup, g.id]
          )
        )
      }
      const fresh = wanted.filter(w => !duplicates.includes(w))
      if (g.accessList.length + fresh.length > o.maxEntries)
        return fail(
          403,
          // LIKELY (atlas-round3.md §1: an older revision of Atlas's error-code page).
          'ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED',
          `Too many network permission entries. Only ${o.maxEntries} entries are supported.`,
          [o.maxEntries]
        )
      // "Accepted but lost": the answer shows the entry, the list never gets it.
      const list = mode === 'lose' ? [...g.accessList] : g.accessList
      for (const w of fresh) list.push({ ...w, createdAt: this.now(), createdBy: by })
      for (const w of duplicates) {
        const e = findEntry(g.accessList, entryKey(w))
        if (o.duplicate === 'update' && mode !== 'lose') {
          if (w.comment !== undefined) e.comment = w.comment
          if (w.deleteAfterDate !== undefined) e.deleteAfterDate = w.deleteAfterDate
          else delete e.deleteAfterDate
        }
        this.event({
          type:
            o.duplicate === 'update' && mode !== 'lose'
              ? 'NETWORK_PERMISSION_ENTRY_UPDATED'
              : 'SANDBOX_DUPLICATE_IGNORED',
          groupId: g.id,
          status: 201,
          by,
          entry: entryKey(w),
          ...(w.comment !== undefined ? { comment: w.comment } : {})
        })
      }
      for (const w of fresh)
        this.event({
          type: mode === 'lose' ? 'SANDBOX_WRITE_LOST' : 'NETWORK_PERMISSION_ENTRY_ADDED',
          groupId: g.id,
          status: 201,
          by,
          entry: entryKey(w),
          ...(w.comment !== undefined ? { comment: w.comment } : {}),
          ...(w.deleteAfterDate !== undefined ? { deleteAfterDate: w.deleteAfterDate } : {})
        })
      // 201 Created with the list page (421 of 421 recorded real answers).
      return sendJson(
        res,
        201,
        this.page(
          url,
          list.map(e => this.entryView(e, g.id)),
          self
        ),
        { 'content-type': `application/vnd.atlas.${VERSIONS.v2023}+json;charset=utf-8` }
      )
    })
  }

  async deleteAccessListEntry(req, res, g, who, rest) {
    const m = /^\/accessList\/([^/]+)$/.exec(rest)
    const value = decodeURIComponent(m?.[1] ?? '')
    const by = this.whoName(who)
    return this.inWriteWindow(g.id, false, () => {
      this.expire(g)
      const e = findEntry(g.accessList, value)
      if (!e) {
        this.event({ type: 'SANDBOX_WRITE_REJECTED', groupId: g.id, status: 404, by, entry: value })
        return sendJson(res, 404, entryNotFound(value, g.id))
      }
      const noop = this.writeOptions.deleteNoop
      if (!noop) g.accessList = g.accessList.filter(x => x !== e)
      this.event({
        type: noop ? 'SANDBOX_DELETE_IGNORED' : 'NETWORK_PERMISSION_ENTRY_REMOVED',
        groupId: g.id,
        status: 204,
        by,
        entry: entryKey(e),
        ...(e.comment !== undefined ? { comment: e.comment } : {})
      })
      // 204 with the versioned content type, as Atlas answers it.
      res.writeHead(204, { 'content-type': `application/vnd.atlas.${VERSIONS.v2023}+json;charset=utf-8` })
      res.end()
    })
  }
}

/** The entry's value as its path names it: the CIDR block (x/32 for one address) or the security group. */
function entryKey(e) {
  if (e.awsSecurityGroup) return e.awsSecurityGroup
  if (e.cidrBlock) return e.cidrBlock
  return `${e.ipAddress}/${isIP(e.ipAddress) === 6 ? 128 : 32}`
}

/** Lookup by exact entry (an address also finds its x/32 entry), never by containment. */
function findEntry(list, value) {
  return list.find(
    x =>
      entryKey(x) === value ||
      x.ipAddress === value ||
      (isIP(value) === 4 && entryKey(x) === `${value}/32`) ||
      (isIP(value) === 6 && entryKey(x) === `${value}/128`)
  )
}

function entryNotFound(value, gid) {
  return apiError(
    404,
    'ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND',
    `IP Address ${value} not on Atlas access list for group ${gid}.`,
    [value, gid]
  )
}

/**
 * One NetworkPermissionEntry of a POST body, checked as the spec states it.
 * @returns {{ entry: any } | { error: string, field: string }}
 */
function checkEntry(item, now) {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return { error: 'Each access list entry must be a JSON object.', field: 'entry' }
  const kinds = ['ipAddress', 'cidrBlock', 'awsSecurityGroup'].filter(
    k => item[k] !== undefined && item[k] !== null
  )
  if (kinds.length !== 1)
    return {
      error: 'Each access list entry needs exactly one of ipAddress, cidrBlock and awsSecurityGroup.',
      field: kinds.length ? kinds.join(',') : 'ipAddress'
    }
  const [kind] = kinds
  const value = item[kind]
  /** @type {any} */
  const entry = {}
  if (kind === 'ipAddress') {
    if (typeof value !== 'string' || !isIP(value))
      return { error: `Invalid attribute ipAddress specified: ${String(value)}.`, field: 'ipAddress' }
    Object.assign(entry, { ipAddress: value, cidrBlock: `${value}/${isIP(value) === 6 ? 128 : 32}` })
  } else if (kind === 'cidrBlock') {
    const [net, bits, extra] = typeof value === 'string' ? value.split('/') : []
    const width = isIP(net ?? '') === 6 ? 128 : 32
    if (!isIP(net ?? '') || extra !== undefined || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > width)
      return { error: `Invalid attribute cidrBlock specified: ${String(value)}.`, field: 'cidrBlock' }
    entry.cidrBlock = value
  } else {
    if (typeof value !== 'string' || !/^([0-9]*\/)?sg-[0-9a-f]+$/.test(value))
      return {
        error: `Invalid attribute awsSecurityGroup specified: ${String(value)}.`,
        field: 'awsSecurityGroup'
      }
    entry.awsSecurityGroup = value
  }
  if (item.comment !== undefined) {
    if (typeof item.comment !== 'string' || item.comment.length > 80)
      return { error: 'The comment of an access list entry is at most 80 characters.', field: 'comment' }
    entry.comment = item.comment
  }
  if (item.deleteAfterDate !== undefined) {
    if (kind === 'awsSecurityGroup')
      return {
        error: 'An AWS security group cannot be a temporary access list entry.',
        field: 'deleteAfterDate'
      }
    const at = typeof item.deleteAfterDate === 'string' ? Date.parse(item.deleteAfterDate) : NaN
    if (!ISO_8601.test(String(item.deleteAfterDate)) || Number.isNaN(at))
      return { error: 'deleteAfterDate must be an ISO 8601 date and time.', field: 'deleteAfterDate' }
    if (at <= now) return { error: 'deleteAfterDate must be in the future.', field: 'deleteAfterDate' }
    if (at > now + WEEK)
      return {
        error: 'deleteAfterDate must be no later than one week after the request.',
        field: 'deleteAfterDate'
      }
    entry.deleteAfterDate = isoSeconds(at)
  }
  return { entry }
}
