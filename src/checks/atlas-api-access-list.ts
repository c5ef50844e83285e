/**
 * atlas-api-access-list: is the runner's address on the credential's own API access list, and does the
 * organization require one? A 403 with an *ACCESS_LIST* (or older *WHITELIST*) code is definitive and names the
 * address Atlas saw. Otherwise the list is read where the credential may (the identity call carries it for API
 * keys; service accounts' own list in the project's view with Project Read Only, else the organization's with
 * Organization Read Only), and `orgs/{id}/settings` (a bucket of 10) at most once. A service account's entries
 * carry `lastUsedAddress`: one more view of the address Atlas sees, and on a scheduled run an address the deploys
 * last came from that no entry covers any more is a warning.
 */
import { isIP } from 'node:net'
import type { AccessEntry } from '../atlas/types.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { contains, hostEntry, isWholeInternet } from '../net/cidr.js'
import { untrusted } from '../core/untrusted.js'
import { accessListFix } from '../check-support/atlas-failures.js'
import { authOf, credentialName, runnerAddress } from '../check-support/atlas-context.js'
import { startEarly, type Check, type CheckContext, needClient } from '../check-support/check.js'

/** Where a credential's API access list is edited, and why not from the runner it blocks. */
const ADD_ENTRY =
  "Add the runner's address as the `/32` entry the finding names to the credential's API access list: Organization Access Manager → Applications → API Keys (or Service Accounts) → the credential → Access List. It cannot be added from the runner the list blocks: use the Atlas UI, or the CLI or API from a machine that may already call the API (`atlas organizations apiKeys accessLists create --apiKey <id> --ip <address>`; for a service account `POST /api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList`). GitHub-hosted runners change address every run: list a static egress address instead."

export const FINDINGS = defineFindings('atlas-api-access-list', {
  'not-on-list': {
    severity: 'error',
    title: "The runner's address is not on the API access list",
    fix: ADD_ENTRY
  },
  'org-requires-list': {
    severity: 'error',
    title: 'The organization requires an API access list entry for this runner',
    fix: ADD_ENTRY
  },
  'open-to-world': {
    severity: 'warning',
    title: 'The API access list allows every address',
    fix: "Replace 0.0.0.0/0 with the runner's egress address or range (x.x.x.x/32)."
  },
  'no-list': {
    severity: 'warning',
    title: 'The credential has no API access list',
    fix: 'Add the runner\'s egress address or range to the credential\'s API access list, and turn on "Require IP Access List for the Atlas Administration API" in Organization Settings.'
  },
  'last-used-not-on-list': {
    severity: 'warning',
    title: 'The credential was last used from an address no longer on its list',
    fix: "Calls from that address now fail with 403: if the deploys still run there, add its `/32` entry back to the service account's access list (Organization Access Manager → Applications → Service Accounts → the account → Access List); if it moved, nothing is lost."
  },
  'on-list': { severity: 'notice', title: 'The runner is on the API access list', fix: 'Nothing to do.' },
  'allowed-unmatched': {
    severity: 'notice',
    title: 'Allowed, though no entry matches the detected address',
    fix: 'Nothing to do now; if calls start failing, compare the address in the 403 error with the list.'
  },
  allowed: { severity: 'notice', title: 'The runner may call the Atlas API', fix: 'Nothing to do.' },
  'org-does-not-require': {
    severity: 'notice',
    title: 'The organization does not require API access lists',
    fix: 'Consider turning it on.'
  }
})

export interface ApiAccessListData extends Record<string, unknown> {
  verdict: 'allowed' | 'denied' | 'unknown'
  ip?: string
  entries?: string[]
  apiAccessListRequired?: boolean
}

export const atlasApiAccessListCheck: Check<ApiAccessListData> = {
  id: 'atlas-api-access-list',
  title: 'Atlas API access list',
  summary:
    "Is the runner on the credential's own **API** access list, does the organization require one; the exact `x.x.x.x/32` entry to add and where. A service account's list is read in the project's view with `atlas-project-id` (Project Read Only suffices, so `no-list` and `open-to-world` fire with the least-privilege role), else in the organization's; its entries' `lastUsedAddress` is one more view of the address Atlas sees, and on a `schedule:` run an address the account was last used from that no entry covers any more is a warning (`last-used-not-on-list`).",
  needs: ['atlas-auth'],
  after: ['egress-ip'],
  findings: FINDINGS,
  applies: () => true,
  prefetch({ config, services }) {
    const { orgId, clientId, projectId } = config.atlas
    if (!services.atlas) return
    // The project's view of the account's list first (Project Read Only); the org's is the fallback.
    if (services.atlas.method === 'service-account' && clientId && projectId)
      startEarly(services.atlas.groupServiceAccountAccessList(projectId, clientId))
    if (!orgId) return
    if (services.atlas.method === 'service-account' && clientId && !projectId)
      startEarly(services.atlas.serviceAccountAccessList(orgId, clientId))
    startEarly(services.atlas.orgSettings(orgId))
  },
  async run(ctx) {
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
        e =>
          e.lastUsedAddress && isIP(e.lastUsedAddress) && !entries.some(x => contains(x, e.lastUsedAddress!))
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
