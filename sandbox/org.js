// The organization's own lists (atlas-round3.md §3), for organization-scope runs: GET /orgs/{orgId}/groups,
// /orgs/{orgId}/apiKeys and /orgs/{orgId}/serviceAccounts, each paged as Atlas pages (totalCount, a `next` link
// while more remain, and possibly fewer items per page than asked: `atlas.fleet.pageSize`). Roles as the spec
// states them: the project list shows every project to Organization Read Only (others see the projects they hold a
// role in), the API key list needs Organization Member, the service account list Organization Read Only. The keys'
// and accounts' own access lists, the org settings and the projects' network lists are atlas.js's (by resource:
// atlas-api-keys.js, atlas-service-accounts.js, atlas-projects.js, atlas-access-list.js).
//
// `atlas.fleet` also grows a scenario into an organization (expandFleet): `cleanProjects`, `cleanApiKeys` and
// `cleanServiceAccounts` clean targets, and with `plant: true` one target for every organization-scope finding:
// a project open to the world (IPv4 and IPv6), a wide entry, an uncommented entry, a stale lease of this tool, a
// permanent entry of another tool; an Organization Owner API key; service accounts with no access list, an expired
// secret in a slot, a secret expiring in 5 days, no use in 120 days, Organization Owner. Ids are derived from names,
// so every run of a scenario is the same organization.
import { projectView } from './atlas-projects.js'
import { hexId } from './clusters.js'
import { sendJson } from './http-util.js'

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Grow the scenario's organization by `atlas.fleet` (in place, once, at sandbox start).
 * @param {any} scenario @param {number} now
 */
export function expandFleet(scenario, now) {
  const f = scenario.atlas.fleet
  if (!f || f.expanded) return
  f.expanded = true
  const a = scenario.atlas
  const iso = (/** @type {number} */ t) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const project = (/** @type {string} */ name, /** @type {any[]} */ accessList) => ({
    id: hexId(`fleet/project/${name}`),
    name,
    accessList
  })
  for (let i = 1; i <= (f.cleanProjects ?? 0); i++)
    a.projects.push(
      project(`svc-${String(i).padStart(2, '0')}`, [
        { cidrBlock: `192.0.2.${i}/32`, comment: `app server ${i}`, status: 'ACTIVE' }
      ])
    )
  for (let i = 1; i <= (f.cleanApiKeys ?? 0); i++)
    a.apiKeys.push({
      id: hexId(`fleet/api-key/${i}`),
      publicKey: `fleetk${String.fromCharCode(96 + i)}${String.fromCharCode(96 + i)}`,
      privateKey: `00000000-0000-4000-8000-${hexId(`fleet/api-key/${i}/secret`, 12)}`,
      desc: `deploy-${i}`,
      roles: [{ orgId: a.org.id, roleName: 'ORG_MEMBER' }],
      accessList: [`198.51.100.${i}/32`]
    })
  const account = (/** @type {string} */ name, /** @type {any} */ more) => ({
    clientId: `mdb_sa_id_${hexId(`fleet/sa/${name}`)}`,
    name,
    roles: ['ORG_MEMBER'],
    projectRoles: {},
    secrets: [
      {
        id: hexId(`fleet/sa/${name}/secret`),
        secret: `mdb_sa_sk_${hexId(`fleet/sa/${name}/value`, 40)}`,
        expiresInDays: 200
      }
    ],
    accessList: [
      { cidrBlock: '203.0.113.0/24', lastUsedAddress: '203.0.113.5', lastUsedHoursAgo: 2, requestCount: 40 }
    ],
    ...more
  })
  for (let i = 1; i <= (f.cleanServiceAccounts ?? 0); i++) a.serviceAccounts.push(account(`batch-${i}`, {}))
  if (!f.plant) return
  const lease = new Date(now - 3 * DAY)
  const stamp = iso(lease.getTime()).replace(/^20(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3T$4$5Z')
  a.projects.push(
    project('legacy-open', [{ cidrBlock: '0.0.0.0/0', comment: 'temporary, remove me', status: 'ACTIVE' }]),
    project('legacy-open-v6', [{ cidrBlock: '::/0', comment: 'ipv6 test', status: 'ACTIVE' }]),
    project('vpn-wide', [{ cidrBlock: '10.20.0.0/16', comment: 'office VPN', status: 'ACTIVE' }]),
    project('no-comments', [{ ipAddress: '198.51.100.20', cidrBlock: '198.51.100.20/32', status: 'ACTIVE' }]),
    project('stale-lease', [
      {
        ipAddress: '198.51.100.30',
        cidrBlock: '198.51.100.30/32',
        comment: `atlas-preflight lease ${stamp} 1a2b3c4d octo/app 77.1 deploy`,
        // Stale by its own terms: its deleteAfterDate passed an hour ago (Atlas runs late; the scenario says how late).
        deleteAfterDate: iso(now - HOUR),
        status: 'ACTIVE'
      }
    ]),
    project('mcp-leftover', [
      {
        ipAddress: '198.51.100.40',
        cidrBlock: '198.51.100.40/32',
        comment: 'Added by MongoDB MCP Server to enable tool access',
        status: 'ACTIVE'
      }
    ])
  )
  a.apiKeys.push({
    id: hexId('fleet/api-key/owner'),
    publicKey: 'fleetown',
    privateKey: `00000000-0000-4000-8000-${hexId('fleet/api-key/owner/secret', 12)}`,
    desc: 'terraform-admin',
    roles: [{ orgId: a.org.id, roleName: 'ORG_OWNER' }],
    accessList: ['198.51.100.50/32']
  })
  a.serviceAccounts.push(
    account('no-access-list', { accessList: [] }),
    account('expired-secret', {
      secrets: [
        { id: hexId('fleet/sa/x1'), secret: `mdb_sa_sk_${hexId('fleet/sa/x1v', 40)}`, expiresInDays: -3 },
        { id: hexId('fleet/sa/x2'), secret: `mdb_sa_sk_${hexId('fleet/sa/x2v', 40)}`, expiresInDays: 90 }
      ]
    }),
    account('expiring-secret', {
      secrets: [
        { id: hexId('fleet/sa/e1'), secret: `mdb_sa_sk_${hexId('fleet/sa/e1v', 40)}`, expiresInDays: 5 }
      ]
    }),
    account('forgotten', {
      accessList: [
        {
          cidrBlock: '198.51.100.60/32',
          createdAt: iso(now - 300 * DAY),
          lastUsedAddress: '198.51.100.60',
          lastUsedHoursAgo: 120 * 24,
          requestCount: 12
        }
      ]
    }),
    account('org-owner-bot', { roles: ['ORG_OWNER'] })
  )
}

/**
 * The organization's lists; true when answered. `svc` is the AtlasService (roles, views, base URL).
 * @param {any} svc @param {import('node:http').ServerResponse} res @param {URL} url @param {string} rest
 * @param {any} who @param {string} self
 */
export function orgLists(svc, res, url, rest, who, self) {
  const version = rest === '/serviceAccounts' ? '2024-08-05' : '2023-01-01'
  const ok = (/** @type {unknown} */ body) =>
    sendJson(res, 200, body, { 'content-type': `application/vnd.atlas.${version}+json;charset=utf-8` })
  const refuse = () =>
    sendJson(res, 401, {
      detail: 'Current user is not authorized to perform this action.',
      error: 401,
      errorCode: 'USER_UNAUTHORIZED',
      reason: 'Unauthorized'
    })
  const member = svc.orgRoles(who).length > 0
  if (rest === '/groups') {
    if (!member) return (refuse(), true)
    const visible = svc.s.atlas.projects.filter(
      (/** @type {any} */ g) => svc.orgReadOnly(who) || svc.projectRoles(who, g.id).length > 0
    )
    ok(
      paged(
        url,
        visible.map((/** @type {any} */ g) => projectView(svc, g)),
        self,
        svc.s.atlas.fleet?.pageSize
      )
    )
    return true
  }
  if (rest === '/apiKeys') {
    if (!member) return (refuse(), true)
    ok(
      paged(
        url,
        svc.s.atlas.apiKeys.map((/** @type {any} */ k) => ({
          desc: k.desc,
          id: k.id,
          links: [],
          // Atlas masks the private key in lists: only its last 12 characters.
          privateKey: `********-****-****-${String(k.privateKey).slice(-12)}`,
          publicKey: k.publicKey,
          roles: k.roles
        })),
        self,
        svc.s.atlas.fleet?.pageSize
      )
    )
    return true
  }
  if (rest === '/serviceAccounts') {
    if (!svc.orgReadOnly(who)) return (refuse(), true)
    ok(
      paged(
        url,
        svc.s.atlas.serviceAccounts.map((/** @type {any} */ sa) => svc.serviceAccountView(sa, sa.roles)),
        self,
        svc.s.atlas.fleet?.pageSize
      )
    )
    return true
  }
  return false
}

/**
 * A page as Atlas sends it: at most `cap` items whatever was asked (a server may page below the size asked),
 * totalCount, and a `next` link while more remain.
 * @param {URL} url @param {unknown[]} items @param {string} self @param {number} [cap]
 */
export function paged(url, items, self, cap = 500) {
  const asked = Math.min(500, Math.max(1, Number(url.searchParams.get('itemsPerPage') ?? 100) || 100))
  const per = Math.min(asked, cap)
  const num = Math.max(1, Number(url.searchParams.get('pageNum') ?? 1) || 1)
  const results = items.slice((num - 1) * per, num * per)
  const links = [{ href: `${self}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }]
  if (num * per < items.length)
    links.push({ href: `${self}?pageNum=${num + 1}&itemsPerPage=${per}`, rel: 'next' })
  return { links, results, totalCount: items.length }
}
