/**
 * atlas-database-user (with `database-user` and `atlas-project-id`; Project Read Only): the database user exists
 * (`admin` for SCRAM users and OIDC group users, named `<identity provider id>/<group>`; `$external` for X.509,
 * AWS IAM, LDAP and OIDC single-user identities; ../shared/reference/atlas-round3.md §2), its scopes include `cluster` (empty scopes
 * mean every cluster of the project), it is not past its `deleteAfterDate`, and it has at least one role. An Atlas
 * credential given where a database user name belongs is named, never sent anywhere and never quoted.
 */
import type { DatabaseUser } from '../atlas/types.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { untrusted } from '../core/untrusted.js'
import { ATLAS_FAILURES, atlasFailureFinding, serverSaid } from '../check-support/atlas-failures.js'
import { apiListGate } from '../check-support/atlas-context.js'
import { needClient, startEarly, type Check } from '../check-support/check.js'
import { isNotFound, isProjectMissing } from '../check-support/cluster-path.js'
import { SHAPE_NAMES, shapeOf, type Shape } from '../check-support/secret-formats.js'
import type { Config } from '../config/config.js'

export const FINDINGS = defineFindings(
  'atlas-database-user',
  {
    ok: { severity: 'notice', title: 'The database user is ready', fix: 'Nothing to do.' },
    'credential-as-user': {
      severity: 'error',
      title: '`database-user` holds an Atlas credential, not a database user name',
      fix: 'Set `database-user` to the database user your deploy connects as (Atlas → Database Access), and rotate the credential if this workflow log is shared. Database users are not Atlas API keys or service accounts: those manage Atlas and cannot log in to a cluster.'
    },
    'not-found': {
      severity: 'error',
      title: 'The database user does not exist in the project',
      fix: 'Create it in Atlas → Database Access → Add New Database User (or `atlas dbusers create`), or correct `database-user` (names are case-sensitive; an OIDC group user is in `admin` and written as Atlas shows it, `<identity provider id>/<group>`; write `$external/<name>` for X.509, AWS IAM, LDAP and OIDC single-user identities). A user created moments ago can take a while to work on the cluster.'
    },
    'wrong-cluster': {
      severity: 'error',
      title: 'The database user is not scoped to this cluster',
      fix: 'Add the cluster to the user\'s scopes (Atlas → Database Access → Edit → Restrict Access to Specific Clusters), or remove the restriction; authentication to a cluster outside the scopes fails with "bad auth".'
    },
    expired: {
      severity: 'error',
      title: 'The database user is temporary and past its deletion date',
      fix: 'Create a new database user (or a new temporary one for this deployment); Atlas deletes temporary users after their date.'
    },
    expiring: {
      severity: 'warning',
      title: 'The database user is temporary and expires soon',
      fix: 'Make the user permanent (Database Access → Edit → Temporary User off), or renew it before the deployment.'
    },
    'no-roles': {
      severity: 'error',
      title: 'The database user has no role',
      fix: 'Grant it the roles the deploy needs (e.g. readWrite on its database) in Atlas → Database Access → Edit.'
    },
    unreadable: {
      severity: 'warning',
      title: 'The database user is not readable with this credential',
      fix: 'Grant the credential Project Read Only (GROUP_READ_ONLY) on the project, or drop `database-user` to skip this check.'
    }
  },
  [ATLAS_FAILURES]
)

export interface DatabaseUserData extends Record<string, unknown> {
  username?: string
  databaseName?: string
  found?: boolean
  roles?: number
  scopes?: string[]
  deleteAfterDate?: string
}

const EXPIRY_WARNING_MS = 24 * 3_600_000
/** Shapes of Atlas (and Atlas Cloud) credentials: never a database user name. */
const CREDENTIAL_SHAPES: readonly Shape[] = [
  'client-id',
  'client-secret',
  'private-key',
  'redacted-private-key',
  'ai-key'
]

/** The credential family `database-user` holds instead of a user name, if it does. */
function credentialShape(config: Config): Shape | undefined {
  const u = config.databaseUser?.username ?? ''
  const shape = shapeOf(u)
  if (CREDENTIAL_SHAPES.includes(shape)) return shape
  const atlas = [
    config.atlas.publicKey,
    config.atlas.privateKey,
    config.atlas.clientId,
    config.atlas.clientSecret
  ]
  if (atlas.some(x => x !== undefined && x.trim() === u.trim()))
    return shape === 'unknown' ? 'public-key' : shape
  return undefined
}

export const atlasDatabaseUserCheck: Check<DatabaseUserData> = {
  id: 'atlas-database-user',
  title: 'Atlas database user',
  summary:
    'With `database-user` and `atlas-project-id`: the database user exists, its scopes include `cluster` (or are empty), it is not past its `deleteAfterDate`, it has a role; an Atlas credential given as a user name is named, never sent.',
  needs: ['atlas-auth'],
  findings: FINDINGS,
  applies: c =>
    !c.databaseUser
      ? 'no `database-user` given'
      : !c.atlas.projectId
        ? '`database-user` needs `atlas-project-id`'
        : true,
  prefetch({ config, services }) {
    const u = config.databaseUser
    if (!services.atlas || !u || !config.atlas.projectId || credentialShape(config)) return
    startEarly(services.atlas.databaseUser(config.atlas.projectId, u.database, u.username))
  },
  async run(ctx) {
    const { username, database } = ctx.config.databaseUser!
    const shape = credentialShape(ctx.config)
    if (shape) {
      // Never sent in a URL, never quoted: mask it from here on, as the secret it is.
      ctx.services.onSecret(username)
      return {
        findings: [
          FINDINGS['credential-as-user'](
            `\`database-user\` holds ${SHAPE_NAMES[shape]}, not the name of a database user. It was not sent to Atlas.`
          )
        ],
        data: {}
      }
    }
    const blocked = apiListGate(ctx)
    if (blocked) return { findings: [], skipped: blocked }
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const projectId = ctx.config.atlas.projectId!
    const who = `${untrusted(database, 20)}/${untrusted(username, 100)}`
    const path = `GET /api/atlas/v2/groups/${projectId}/databaseUsers/${who}`
    const r = await atlas.databaseUser(projectId, database, username)
    if (!r.ok) {
      if (isProjectMissing(r)) return { findings: [], skipped: 'the project was not found (see atlas-read)' }
      if (isNotFound(r)) {
        const other = database === 'admin' ? '$external' : 'admin'
        const there = await atlas.databaseUser(projectId, other, username)
        const hint = there.ok
          ? ` A user of that name exists in \`${other}\`: write \`database-user: ${other === '$external' ? `$external/${untrusted(username, 100)}` : untrusted(username, 100)}\`.`
          : ''
        return {
          findings: [
            FINDINGS['not-found'](
              `Project ${projectId} has no database user ${untrusted(username, 100)} in the \`${untrusted(database, 20)}\` database.${hint}`
            )
          ],
          data: { username, databaseName: database, found: false }
        }
      }
      const f =
        r.failure.kind === 'missing-role'
          ? FINDINGS.unreadable(`${path} answered ${serverSaid(r.failure)}.`)
          : atlasFailureFinding('atlas-database-user', `reading the database user (${path})`, r.failure)
      return { findings: [f], data: { username, databaseName: database } }
    }
    return judge(r.data, who, ctx.config.cluster, ctx.now())
  }
}

function judge(u: DatabaseUser, who: string, cluster: string | undefined, now: Date) {
  const findings: Finding[] = []
  const roles = u.roles ?? []
  const scopes = u.scopes ?? []
  const clusterScopes = scopes.filter(s => (s.type ?? 'CLUSTER') === 'CLUSTER').map(s => s.name)
  const scopeText = (names: string[]) => names.map(n => untrusted(n, 64)).join(', ')
  if (cluster && scopes.length > 0 && !clusterScopes.includes(cluster)) {
    findings.push(
      FINDINGS['wrong-cluster'](
        `Database user ${who} is scoped to ${clusterScopes.length ? `cluster(s) ${scopeText(clusterScopes)}` : 'no cluster'}${
          scopes.length > clusterScopes.length
            ? ` (and ${scopes.length - clusterScopes.length} data lake or stream resource(s))`
            : ''
        }, not to ${untrusted(cluster, 64)}.`
      )
    )
  }
  const expires = u.deleteAfterDate ? Date.parse(u.deleteAfterDate) : NaN
  if (!Number.isNaN(expires)) {
    const at = new Date(expires).toISOString()
    if (expires <= now.getTime())
      findings.push(
        FINDINGS.expired(
          `Database user ${who} had deleteAfterDate ${at}, which has passed: Atlas deletes it (deletion is not instant, so it may still be listed).`
        )
      )
    else if (expires - now.getTime() < EXPIRY_WARNING_MS)
      findings.push(FINDINGS.expiring(`Database user ${who} is deleted by Atlas at ${at}.`))
  }
  if (roles.length === 0) findings.push(FINDINGS['no-roles'](`Database user ${who} has no role at all.`))
  if (findings.length === 0) {
    const roleText = roles
      .slice(0, 5)
      .map(
        r =>
          `${untrusted(r.roleName, 40)}@${untrusted(r.databaseName ?? 'admin', 40)}${r.collectionName ? `.${untrusted(r.collectionName, 40)}` : ''}`
      )
      .join(', ')
    findings.push(
      FINDINGS.ok(
        `Database user ${who} exists, ${scopes.length === 0 ? 'with access to every cluster of the project' : `scoped to ${scopeText(clusterScopes)}`}, with role(s) ${roleText}${roles.length > 5 ? ', …' : ''}${!Number.isNaN(expires) ? `, until ${new Date(expires).toISOString()}` : ''}.`
      )
    )
  }
  return {
    findings,
    data: {
      username: u.username,
      databaseName: u.databaseName,
      found: true,
      roles: roles.length,
      scopes: scopes.map(s => s.name),
      ...(u.deleteAfterDate ? { deleteAfterDate: u.deleteAfterDate } : {})
    }
  }
}
