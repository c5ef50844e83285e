/**
 * The run of `atlas-privilege`, loaded when the check runs: src/checks/atlas-privilege.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import type { Finding } from '../../core/finding.js'
import { authOf, credentialName } from '../../check-support/atlas-context.js'
import { needClient, type CheckContext, type CheckOutcome } from '../../check-support/check.js'
import { atlasFailureFinding } from '../../check-support/atlas-failures.js'
import type { AtlasFailure } from '../../atlas/errors.js'
import { FINDINGS, PrivilegeData } from '../atlas-privilege.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<PrivilegeData>> {
  const roles = await readRoles(ctx)
  if (roles && 'failure' in roles) {
    return {
      findings: [atlasFailureFinding('atlas-privilege', "reading the service account's roles", roles.failure)]
    }
  }
  if (!roles) {
    return {
      findings: [],
      skipped:
        "the credential's roles are not readable with its own roles (service accounts need Organization Read Only, or Project Read Only with atlas-project-id)"
    }
  }
  const allowed = ctx.config.allowedRoles
  const names = [...new Set(roles.map(r => r.name))]
  const excess = allowed
    ? names.filter(n => !allowed.includes(n))
    : names.filter(n => HIGH_PRIVILEGE.includes(n))
  const who = credentialName(ctx)
  const findings: Finding[] = []
  if (names.includes('ORG_OWNER') && (!allowed || !allowed.includes('ORG_OWNER'))) {
    findings.push(
      FINDINGS['org-owner'](
        `${who} holds ORG_OWNER: full control of the organization, its members, billing and every project. A leaked CI secret would hand all of it over.`,
        { data: { role: 'ORG_OWNER' } }
      )
    )
  }
  const others = excess.filter(n => n !== 'ORG_OWNER')
  if (others.length > 0) {
    findings.push(
      FINDINGS['more-than-needed'](
        `${who} holds ${others.join(', ')}${allowed ? `, not in \`allowed-roles\` (${allowed.join(', ')})` : ', which CI rarely needs'}.`,
        {
          fix: `Remove ${others.join(', ')} from the credential${allowed ? '' : ', or list them in `allowed-roles` if the pipeline really needs them'}.`,
          data: { roles: others }
        }
      )
    )
  }
  if (findings.length === 0) {
    findings.push(FINDINGS['least-privilege'](`Roles: ${names.join(', ') || 'none'}.`))
  }
  return { findings, data: { roles: roles.map(r => (r.scope ? `${r.name}@${r.scope}` : r.name)), excess } }
}

async function readRoles(
  ctx: CheckContext
): Promise<{ name: string; scope?: string }[] | { failure: AtlasFailure } | undefined> {
  const auth = authOf(ctx)!
  if (auth.method === 'api-key')
    return (auth.roles ?? []).map(r => ({ name: r.roleName, scope: r.groupId ?? r.orgId }))
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const clientId = ctx.config.atlas.clientId!
  const projectId = ctx.config.atlas.projectId
  const [org, group] = await Promise.all([
    auth.orgId ? atlas.serviceAccount(auth.orgId, clientId) : undefined,
    projectId ? atlas.groupServiceAccount(projectId, clientId) : undefined
  ])
  if (!org?.ok && !group?.ok) {
    // Not readable because of the roles: say so. Any other failure (network, 5xx, odd answers) is an error.
    const other = [org, group]
      .map(r => (r && !r.ok ? r.failure : undefined))
      .find(f => f && f.kind !== 'missing-role' && f.kind !== 'not-found')
    return other ? { failure: other } : undefined
  }
  const out: { name: string; scope?: string }[] = []
  if (org?.ok) out.push(...(org.data.roles ?? []).map(name => ({ name, scope: auth.orgId })))
  if (group?.ok) out.push(...(group.data.roles ?? []).map(name => ({ name, scope: projectId })))
  return out
}

const HIGH_PRIVILEGE = ['ORG_OWNER', 'ORG_GROUP_CREATOR', 'ORG_BILLING_ADMIN', 'GROUP_OWNER']
