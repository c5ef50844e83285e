// The organization and its projects in the Atlas Administration API stand-in: GET /orgs, /orgs/{orgId},
// /orgs/{orgId}/settings (its own token bucket, `rateLimits.orgSettings`), /groups (the projects the caller may
// read) and /groups/{groupId}. The org's lists (projects, users, teams, keys, accounts) are org.js's. Routes for
// atlas.js's router.

/** GET /orgs: the one organization. */
function orgs(svc, r) {
  const org = svc.s.atlas.org
  return r.ok(
    svc.page(
      r.url,
      [{ id: org.id, isDeleted: false, name: org.name, skipDefaultAlertsSettings: false, links: [] }],
      r.self
    )
  )
}

/** GET /orgs/{orgId}. */
function orgRead(svc, r) {
  const org = svc.s.atlas.org
  return r.ok({ id: org.id, isDeleted: false, name: org.name, links: [{ href: r.self, rel: 'self' }] })
}

/** GET /orgs/{orgId}/settings. */
function orgSettings(svc, r) {
  const org = svc.s.atlas.org
  if (svc.rateLimited(r.res, 'orgSettings', `api/atlas/v2/orgs/${org.id}/settings`)) return
  return r.ok({
    apiAccessListRequired: !!org.apiAccessListRequired,
    multiFactorAuthRequired: false,
    restrictEmployeeAccess: false,
    genAIFeaturesEnabled: true,
    maxServiceAccountSecretValidityInHours: org.maxServiceAccountSecretValidityInHours ?? 8760
  })
}

/** GET /groups: the projects the caller may read. */
function projects(svc, r) {
  const visible = svc.s.atlas.projects.filter(g => svc.projectReadOnly(r.who, g.id))
  return r.ok(
    svc.page(
      r.url,
      visible.map(g => projectView(svc, g)),
      r.self
    )
  )
}

/** GET /groups/{groupId}. */
function projectRead(svc, r) {
  return r.ok(projectView(svc, r.g, [{ href: r.self, rel: 'self' }]))
}

/** A project as Atlas answers it (GET /groups/{groupId}, and each item of the lists of projects). */
export function projectView(svc, g, links = []) {
  return {
    id: g.id,
    name: g.name,
    orgId: svc.s.atlas.org.id,
    clusterCount: (g.clusters ?? []).length,
    created: new Date(svc.started).toISOString(),
    links
  }
}

/** Reads at the root of v2. */
export const ROOT_ROUTES = [
  [/^\/orgs$/, orgs],
  [/^\/groups$/, projects]
]
/** Reads below /orgs/{orgId} (the org id checked by the router). */
export const ORG_ROUTES = [
  [/^$/, orgRead],
  [/^\/settings$/, orgSettings]
]
/** Reads below /groups/{groupId} (the project found by the router). */
export const PROJECT_ROUTES = [[/^$/, projectRead]]
