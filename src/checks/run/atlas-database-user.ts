/**
 * The run of `atlas-database-user`, loaded when the check runs: src/checks/atlas-database-user.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { DatabaseUser } from '../../atlas/types.js'
import type { Finding } from '../../core/finding.js'
import { untrusted } from '../../core/untrusted.js'
import { atlasFailureFinding, serverSaid } from '../../check-support/atlas-failures.js'
import { apiListGate } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { isNotFound, isProjectMissing } from '../../check-support/cluster-path.js'
import { SHAPE_NAMES } from '../../check-support/secret-formats.js'
import { FINDINGS, credentialShape, DatabaseUserData } from '../atlas-database-user.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<DatabaseUserData>> {
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

const EXPIRY_WARNING_MS = 24 * 3_600_000

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
