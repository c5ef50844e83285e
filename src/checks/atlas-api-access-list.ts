/**
 * atlas-api-access-list: is the runner's address on the credential's own API access list, and does the
 * organization require one? A 403 with an *ACCESS_LIST* (or older *WHITELIST*) code is definitive and names the
 * address Atlas saw. Otherwise the list is read where the credential may (the identity call carries it for API
 * keys; service accounts need Organization Read Only), and `orgs/{id}/settings` (a bucket of 10) at most once.
 */
import type { AccessEntry } from '../atlas/types.js'
import type { Finding } from '../core/finding.js'
import { contains, hostEntry, isWholeInternet } from '../net/cidr.js'
import { untrusted } from '../core/untrusted.js'
import { hostedRunnerHint } from '../check-support/atlas-failures.js'
import { authOf, credentialName, runnerAddress } from '../check-support/atlas-context.js'
import { finding } from '../core/finding.js'
import { startEarly, type Check, needClient } from '../check-support/check.js'

export interface ApiAccessListData extends Record<string, unknown> {
  verdict: 'allowed' | 'denied' | 'unknown'
  ip?: string
  entries?: string[]
  apiAccessListRequired?: boolean
}

export const atlasApiAccessListCheck: Check<ApiAccessListData> = {
  id: 'atlas-api-access-list',
  title: 'Atlas API access list',
  needs: ['atlas-auth'],
  after: ['egress-ip'],
  applies: () => true,
  prefetch({ config, services }) {
    const { orgId, clientId } = config.atlas
    if (!orgId || !services.atlas) return
    if (services.atlas.method === 'service-account' && clientId)
      startEarly(services.atlas.serviceAccountAccessList(orgId, clientId))
    startEarly(services.atlas.orgSettings(orgId))
  },
  async run(ctx) {
    const auth = authOf(ctx)!
    const atlas = needClient(ctx.services.atlas, 'the Atlas client')
    const addr = runnerAddress(ctx)
    const who = credentialName(ctx)
    const findings: Finding[] = []
    const where =
      auth.method === 'api-key'
        ? `the API key's access list (Organization Access Manager → Applications → API Keys → the key → Edit → Access List, or \`atlas organizations apiKeys accessLists create --apiKey ${auth.apiKeyId ?? '<key id>'} --ip <address>\`)`
        : "the service account's access list (Organization Access Manager → Applications → Service Accounts → the account → Access List)"

    if (auth.blocked) {
      const ip = auth.blocked.ip ?? addr.ip
      const both =
        auth.blocked.ip && addr.echoed && addr.echoed !== auth.blocked.ip
          ? ` (echo services saw ${addr.echoed}; Atlas's address is the one that counts)`
          : ''
      const orgRequires = /REQUIRES/.test(auth.blocked.errorCode)
      const entry = ip ? hostEntry(ip) : 'the runner address'
      findings.push(
        finding(
          'atlas-api-access-list',
          orgRequires ? 'org-requires-list' : 'not-on-list',
          'error',
          orgRequires
            ? 'The organization requires an API access list entry for this runner'
            : "The runner's address is not on the API access list",
          orgRequires
            ? `Atlas refused the call from ${ip ?? 'this runner'}${both} with ${untrusted(auth.blocked.errorCode, 60)}: the organization requires API calls to come from a listed address, and ${who} has no entry for it. This 403 looks like an auth failure but is not one: the credential was accepted.`
            : `Atlas refused the call from ${ip ?? 'this runner'}${both} with ${untrusted(auth.blocked.errorCode, 60)}: the address is not on the access list of ${who}. The credential itself was accepted.`,
          `Add ${entry} to ${where}.${hostedRunnerHint(ctx.env)}`,
          { ip, entry }
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
        : auth.orgId
          ? atlas.serviceAccountAccessList(auth.orgId, ctx.config.atlas.clientId!)
          : Promise.resolve(undefined),
      auth.orgId ? atlas.orgSettings(auth.orgId) : Promise.resolve(undefined)
    ])
    const required = settings?.ok ? settings.data.apiAccessListRequired : undefined
    const entries = entriesRead?.ok
      ? (entriesRead.data as AccessEntry[]).map(e => e.cidrBlock ?? e.ipAddress ?? '').filter(Boolean)
      : undefined
    const ip = addr.ip
    const data: ApiAccessListData = {
      verdict: 'allowed',
      ...(ip ? { ip } : {}),
      ...(entries ? { entries } : {}),
      ...(required !== undefined ? { apiAccessListRequired: required } : {})
    }

    if (entries && entries.some(isWholeInternet)) {
      findings.push(
        finding(
          'atlas-api-access-list',
          'open-to-world',
          'warning',
          'The API access list allows every address',
          `${who} has ${entries.filter(isWholeInternet).join(', ')} on its API access list: anyone holding the secret can call Atlas from anywhere.`,
          `Replace it with the runner's egress address or range (${ip ? hostEntry(ip) : 'x.x.x.x/32'}).${hostedRunnerHint(ctx.env)}`
        )
      )
    } else if (entries && entries.length === 0) {
      findings.push(
        finding(
          'atlas-api-access-list',
          'no-list',
          'warning',
          'The credential has no API access list',
          `${who} has no API access list${required === false ? ' and the organization does not require one' : ''}, so the credential works from any address.`,
          `Add ${ip ? hostEntry(ip) : "the runner's egress range"} to ${where}, and turn on "Require IP Access List for the Atlas Administration API" in Organization Settings.`
        )
      )
    } else if (entries && ip) {
      const covering = entries.find(e => contains(e, ip))
      findings.push(
        covering
          ? finding(
              'atlas-api-access-list',
              'on-list',
              'notice',
              'The runner is on the API access list',
              `${ip} is covered by the entry ${covering} of ${who}.`,
              'Nothing to do.'
            )
          : finding(
              'atlas-api-access-list',
              'allowed-unmatched',
              'notice',
              'Allowed, though no entry matches the detected address',
              `Atlas accepted the call, but no entry of ${who} (${entries.join(', ')}) covers ${ip}; Atlas may see this runner under another address.`,
              'Nothing to do now; if calls start failing, compare the address in the 403 error with the list.'
            )
      )
    } else {
      findings.push(
        finding(
          'atlas-api-access-list',
          'allowed',
          'notice',
          'The runner may call the Atlas API',
          `Atlas accepted the call from ${ip ?? 'this runner'}; the list itself is not readable with this credential's roles.`,
          'Nothing to do.'
        )
      )
    }
    if (required === false && !(entries && entries.length === 0)) {
      findings.push(
        finding(
          'atlas-api-access-list',
          'org-does-not-require',
          'notice',
          'The organization does not require API access lists',
          'Organization Settings → "Require IP Access List for the Atlas Administration API" is off: credentials without a list work from any address.',
          'Consider turning it on.'
        )
      )
    }
    return { findings, data, outputs: { 'api-access-list': 'allowed' } }
  }
}
