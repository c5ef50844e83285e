/**
 * atlas-database-user (with `database-user` and `atlas-project-id`; Project Read Only): the database user exists
 * (`admin` for SCRAM users and OIDC group users, named `<identity provider id>/<group>`; `$external` for X.509,
 * AWS IAM, LDAP and OIDC single-user identities; ../shared/reference/atlas-round3.md §2), its scopes include `cluster` (empty scopes
 * mean every cluster of the project), it is not past its `deleteAfterDate`, and it has at least one role. An Atlas
 * credential given where a database user name belongs is named, never sent anywhere and never quoted.
 */
import { defineFindings } from '../core/finding.js'
import { ATLAS_FAILURES } from '../check-support/atlas-failures.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'
import { shapeOf, type Shape } from '../check-support/secret-formats.js'
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
/** Shapes of Atlas (and Atlas Cloud) credentials: never a database user name. */
const CREDENTIAL_SHAPES: readonly Shape[] = [
  'client-id',
  'client-secret',
  'private-key',
  'redacted-private-key',
  'ai-key'
]

/** The credential family `database-user` holds instead of a user name, if it does. */
export function credentialShape(config: Config): Shape | undefined {
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

export const atlasDatabaseUserDeclaration: CheckDeclaration<DatabaseUserData> = {
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
  }
}
