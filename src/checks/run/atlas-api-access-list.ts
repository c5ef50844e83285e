/**
 * The run of `atlas-api-access-list`, loaded when the check runs: src/checks/atlas-api-access-list.ts declares the check, and the registry
 * (src/checks/index.ts) puts the two together.
 */
import { isIP } from 'node:net'
import type { AccessEntry } from '../../atlas/types.js'
import type { Finding } from '../../core/finding.js'
import { contains, hostEntry, isWholeInternet } from '../../net/cidr.js'
import { untrusted } from '../../core/untrusted.js'
import { accessListFix } from '../../check-support/atlas-failures.js'
import { authOf, credentialName, runnerAddress } from '../../check-support/atlas-context.js'
import { type CheckContext, needClient, type CheckOutcome } from '../../check-support/check.js'
import { FINDINGS, ApiAccessListData } from '../atlas-api-access-list.js'

export async function run(ctx: CheckContext): Promise<CheckOutcome<ApiAccessListData>> {
  const auth = authOf(ctx)!
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const addr = runnerAddress(ctx)
  const who = credentialName(ctx)
  const findings: Finding[] = []
  // The command names the address when it is known: a fix to copy, not a placeholder to fill in.
  const where = (ip: string | undefined) =>
    auth.method === 'api-key'
      ? `the API key's access list (Organization Access Manager → Applications → API Keys → the key → Edit → Access List, or \`atlas organizations apiKeys accessLists create --apiKey ${auth.apiKeyId ?? '<key id>'} --ip ${ip ? untrusted(ip, 45) : '<address>'}\`)`
      : "the service account's access list (Organization Access Manager → Applications → Service Accounts → the account → Access List)"

  if (auth.blocked) {
    const ip = auth.blocked.ip ?? addr.ip
    const both =
      auth.blocked.ip && addr.echoed && addr.echoed !== auth.blocked.ip
        ? ` (echo services saw ${addr.echoed}; Atlas's address is the one that counts)`
        : ''
    const orgRequires = /REQUIRES/.test(auth.blocked.errorCode)
    const entry = ip ? hostEntry(ip) : 'the runner address'
    const more = {
      fix: accessListFix(ctx.env, 'api', `Add ${entry} to ${where(ip)}.`),
      data: { ip, entry }
    }
    findings.push(
      orgRequires
        ? FINDINGS['org-requires-list'](
            `Atlas refused the call from ${ip ?? 'this runner'}${both} with ${untrusted(auth.blocked.errorCode, 60)}: the organization requires API calls to come from a listed address, and ${who} has no entry for it. This 403 looks like an auth failure but is not one: the credential was accepted.`,
            more
          )
        : FINDINGS['not-on-list'](
            `Atlas refused the call from ${ip ?? 'this runner'}${both} with ${untrusted(auth.blocked.errorCode, 60)}: the address is not on the access list of ${who}. The credential itself was accepted.`,
            more
          )
    )
    return {
      findings,
      data: { verdict: 'denied', ...(ip ? { ip } : {}) },
      outputs: { 'api-access-list': 'denied' }
    }
  }

  // Allowed: the proving call went through from this address. Read the list and the org setting for advice.
  const [entriesRead, settings] = await Promise.all([
    auth.method === 'api-key'
      ? Promise.resolve({ ok: true as const, data: auth.accessList ?? [] })
      : serviceAccountList(ctx, auth.orgId),
    auth.orgId ? atlas.orgSettings(auth.orgId) : Promise.resolve(undefined)
  ])
  const required = settings?.ok ? settings.data.apiAccessListRequired : undefined
  const read = entriesRead?.ok ? (entriesRead.data as AccessEntry[]) : undefined
  const entries = read?.map(e => e.cidrBlock ?? e.ipAddress ?? '').filter(Boolean)
  const ip = addr.ip
  const last = read ? lastUsed(read) : undefined
  // One more view of the address Atlas sees: the list's latest lastUsedAddress (this run's call included).
  const lastSeen =
    last && addr.echoed && last.address !== addr.echoed
      ? ` Atlas last saw ${who} call from ${last.address} (${last.at}), not the echoed ${addr.echoed}: Atlas's address is the one that counts.`
      : ''
  const data: ApiAccessListData = {
    verdict: 'allowed',
    ...(ip ? { ip } : {}),
    ...(entries ? { entries } : {}),
    ...(required !== undefined ? { apiAccessListRequired: required } : {}),
    ...(last ? { lastUsedAddress: last.address, lastUsedAt: last.at } : {})
  }

  if (entries && entries.some(isWholeInternet)) {
    findings.push(
      FINDINGS['open-to-world'](
        `${who} has ${entries.filter(isWholeInternet).join(', ')} on its API access list: anyone holding the secret can call Atlas from anywhere.`,
        {
          fix: accessListFix(
            ctx.env,
            'api',
            `Replace it with the runner's egress address or range (${ip ? hostEntry(ip) : 'x.x.x.x/32'}).`
          )
        }
      )
    )
  } else if (entries && entries.length === 0) {
    findings.push(
      FINDINGS['no-list'](
        `${who} has no API access list${required === false ? ' and the organization does not require one' : ''}, so the credential works from any address.`,
        {
          fix: `Add ${ip ? hostEntry(ip) : "the runner's egress range"} to ${where(ip)}, and turn on "Require IP Access List for the Atlas Administration API" in Organization Settings.`
        }
      )
    )
  } else if (entries && ip) {
    const covering = entries.find(e => contains(e, ip))
    findings.push(
      covering
        ? FINDINGS['on-list'](`${ip} is covered by the entry ${covering} of ${who}.${lastSeen}`)
        : FINDINGS['allowed-unmatched'](
            `Atlas accepted the call, but no entry of ${who} (${entries.join(', ')}) covers ${ip}; Atlas may see this runner under another address.${lastSeen}`
          )
    )
  } else {
    findings.push(
      FINDINGS.allowed(
        `Atlas accepted the call from ${ip ?? 'this runner'}; the list itself is not readable with this credential's roles.`
      )
    )
  }
  // The scheduled health check runs away from the deploys: the address they last came from must still be listed.
  if (ctx.env['GITHUB_EVENT_NAME'] === 'schedule' && read && entries) {
    const gone = read.filter(
      e => e.lastUsedAddress && isIP(e.lastUsedAddress) && !entries.some(x => contains(x, e.lastUsedAddress!))
    )
    for (const e of gone)
      findings.push(
        FINDINGS['last-used-not-on-list'](
          `${who} was last used from ${untrusted(e.lastUsedAddress!, 60)}${e.lastUsedAt ? ` (${untrusted(e.lastUsedAt, 40)})` : ''}, and no entry of its list (${entries.join(', ') || 'none'}) covers that address any more.`,
          {
            fix: `If the deploys still run from ${untrusted(e.lastUsedAddress!, 60)}, add ${hostEntry(e.lastUsedAddress!)} back to ${where(e.lastUsedAddress)}; if they moved, nothing is lost.`
          }
        )
      )
  }
  if (required === false && !(entries && entries.length === 0)) {
    findings.push(
      FINDINGS['org-does-not-require'](
        'Organization Settings → "Require IP Access List for the Atlas Administration API" is off: credentials without a list work from any address.'
      )
    )
  }
  return { findings, data, outputs: { 'api-access-list': 'allowed' } }
}

/**
 * The service account's own list: the project's view with a project id (Project Read Only suffices, so `no-list`
 * and `open-to-world` can fire with the least-privilege role), else or if that is refused the organization's
 * (Organization Read Only).
 */
async function serviceAccountList(ctx: CheckContext, orgId: string | undefined) {
  const atlas = needClient(ctx.services.atlas, 'the Atlas client')
  const { projectId, clientId } = ctx.config.atlas
  if (projectId) {
    const group = await atlas.groupServiceAccountAccessList(projectId, clientId!)
    if (group.ok || !orgId) return group
  }
  return orgId ? atlas.serviceAccountAccessList(orgId, clientId!) : undefined
}

/** The entry Atlas saw a call under most recently: its address and when. */
function lastUsed(entries: AccessEntry[]): { address: string; at: string } | undefined {
  const used = entries
    .filter(
      e => e.lastUsedAddress && isIP(e.lastUsedAddress) && !Number.isNaN(Date.parse(e.lastUsedAt ?? ''))
    )
    .sort((a, b) => Date.parse(b.lastUsedAt!) - Date.parse(a.lastUsedAt!))[0]
  return used
    ? { address: used.lastUsedAddress!, at: new Date(Date.parse(used.lastUsedAt!)).toISOString() }
    : undefined
}
