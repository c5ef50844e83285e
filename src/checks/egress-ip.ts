/**
 * egress-ip: the runner's public address as Atlas sees it. Asks Atlas itself (GET /api/private/ipinfo, or the
 * address in a 403 access-list answer) and several echo services at once, each with a short timeout; only valid
 * addresses count. Atlas's view is preferred; disagreement is a warning; an error only when nobody answers.
 */
import { isIP } from 'node:net'
import { within } from '../check-support/within.js'
import { defineFindings, type Finding } from '../core/finding.js'
import { isPublicAddress, isValidIp } from '../net/cidr.js'
import { familyBlocked } from './secrets.js'
import { type Check, type CheckContext } from '../check-support/check.js'
import type { EgressData, EgressSource } from '../check-support/check-data.js'

export const FINDINGS = defineFindings('egress-ip', {
  given: { severity: 'notice', title: 'Egress address given', fix: 'Nothing to do.' },
  'not-detected': {
    severity: 'error',
    title: "The runner's public address could not be found",
    fix: 'Allow the runner to reach an IP echo service (or list reachable ones in `ip-echo-urls`), or set `egress-ip` to the address your runner leaves from.'
  },
  'not-public': {
    severity: 'warning',
    title: 'An address source answered with a private address',
    fix: 'A proxy, NAT or TLS-inspecting gateway between the runner and that service answered in its place: list echo services that reach the internet directly in `ip-echo-urls`, or set `egress-ip` to the address your runner leaves from.'
  },
  disagree: {
    severity: 'warning',
    title: 'Echo services see different addresses',
    fix: 'The runner leaves through more than one address (a NAT pool, a proxy, or IPv6 and IPv4 paths): add every address, or the whole egress range as a CIDR, to the access lists.'
  },
  detected: { severity: 'notice', title: 'Egress address', fix: 'Nothing to do.' }
})

export type { EgressData, EgressSource } from '../check-support/check-data.js'

const ECHO_TIMEOUT_MS = 4000
/** How long to collect answers: a hung source never holds the check until the global deadline. */
const SOURCES_BUDGET_MS = 6000

export const egressIpCheck: Check<EgressData> = {
  id: 'egress-ip',
  title: 'Egress IP',
  summary:
    "The runner's public IPv4 (and IPv6) as **Atlas itself** sees it (`/api/private/ipinfo`, or the address in a 403), cross-checked with several echo services at once; a warning when they disagree.",
  needs: [],
  after: ['secrets'],
  findings: FINDINGS,
  applies: () => true,
  async run(ctx) {
    const { config } = ctx
    if (config.egressIp) {
      const v6 = isIP(config.egressIp) === 6
      return {
        findings: [FINDINGS.given(`Using ${config.egressIp} from the \`egress-ip\` input (no detection).`)],
        data: {
          ...(v6 ? { ipv6: config.egressIp } : { ipv4: config.egressIp }),
          sources: [{ source: 'input', ip: config.egressIp }]
        },
        outputs: v6
          ? { 'egress-ip': config.egressIp, 'egress-ipv6': config.egressIp }
          : { 'egress-ip': config.egressIp }
      }
    }
    const budget = Math.min(SOURCES_BUDGET_MS, Math.max(500, ctx.services.http.deadline.remainingMs() - 1000))
    // Each source within the same budget: one that does not answer in time is named, the others still count.
    const late = (url: string): EgressSource => ({
      source: sourceName(url),
      error: `no answer within ${budget / 1000} s`
    })
    const [atlas, ...echoes] = await Promise.all([
      within(atlasView(ctx), budget, undefined),
      ...config.ipEchoUrls.map(u => within(echo(ctx, u), budget, late(u)))
    ])
    const sources = [atlas, ...echoes].filter((x): x is EgressSource => x !== undefined)
    const answered = sources.filter(s => s.ip)
    const v4 = answered.filter(s => isIP(s.ip!) === 4)
    const v6 = answered.filter(s => isIP(s.ip!) === 6)
    const ipv4 = (atlas?.ip && isIP(atlas.ip) === 4 ? atlas.ip : undefined) ?? mostCommon(v4.map(s => s.ip!))
    const ipv6 = mostCommon(v6.map(s => s.ip!))
    const data: EgressData = {
      sources,
      ...(ipv4 ? { ipv4 } : {}),
      ...(ipv6 ? { ipv6 } : {}),
      ...(atlas?.ip ? { atlasView: atlas.ip } : {})
    }
    const findings: Finding[] = []

    if (!ipv4 && !ipv6) {
      findings.push(
        FINDINGS['not-detected'](
          `No source answered with a valid address: ${sources.map(s => `${s.source} (${s.error ?? 'no answer'})`).join('; ') || 'no sources configured'}.`
        )
      )
      return { findings, data }
    }
    const notPublic = sources.filter(s => s.notPublic)
    if (notPublic.length > 0) {
      findings.push(
        FINDINGS['not-public'](
          `${notPublic.map(s => `${s.source} answered ${s.notPublic}`).join('; ')}: a private, loopback or link-local address is never what Atlas sees, so it was not used.`
        )
      )
    }
    const distinct4 = [...new Set(v4.map(s => s.ip!))]
    if (distinct4.length > 1) {
      findings.push(
        FINDINGS.disagree(
          `The runner was seen as ${distinct4
            .map(
              ip =>
                `${ip} (${v4
                  .filter(s => s.ip === ip)
                  .map(s => s.source)
                  .join(', ')})`
            )
            .join(' and ')}${atlas?.ip ? `; Atlas sees ${atlas.ip}, which is used` : ''}.`,
          { data: { addresses: distinct4 } }
        )
      )
    }
    const agreeing = v4.filter(s => s.ip === ipv4).length
    findings.push(
      FINDINGS.detected(
        `${ipv4 ?? ipv6}${atlas?.ip ? ' as Atlas sees it' : ''}; ${agreeing} of ${sources.length} source${sources.length === 1 ? '' : 's'} agree${ipv4 && ipv6 ? `; IPv6 ${ipv6}` : ''}.`
      )
    )
    return { findings, data, outputs: { 'egress-ip': ipv4 ?? ipv6 ?? '', 'egress-ipv6': ipv6 ?? '' } }
  }
}

async function atlasView(ctx: CheckContext): Promise<EgressSource | undefined> {
  const { atlas } = ctx.services
  if (!atlas) return undefined
  if (familyBlocked(ctx.result('secrets')?.findings, atlas.method)) return undefined
  const r = await atlas.ipinfo()
  if (r.ok) {
    const ip = r.data.currentIpv4Address
    return ip && isValidIp(ip)
      ? sourced('Atlas', ip)
      : { source: 'Atlas', error: 'no valid address in the answer' }
  }
  if (r.failure.kind === 'ip-not-allowed' && r.failure.ip) return sourced('Atlas', r.failure.ip)
  return { source: 'Atlas', error: r.failure.message ?? r.failure.kind }
}

function sourceName(url: string): string {
  const u = new URL(url)
  return `${u.host}${u.pathname === '/' ? '' : u.pathname}`
}

async function echo(ctx: CheckContext, url: string): Promise<EgressSource> {
  const source = sourceName(url)
  const r = await ctx.services.http.request({
    method: 'GET',
    url,
    headers: { accept: 'text/plain, application/json' },
    credentialed: false,
    idempotent: true,
    maxAttempts: 2,
    timeoutMs: ECHO_TIMEOUT_MS,
    followRedirects: true
  })
  if (!r.ok) return { source, error: r.message }
  if (r.status !== 200) return { source, error: `HTTP ${r.status}` }
  const fromJson = (r.json as { ip?: unknown } | undefined)?.ip
  const candidate = typeof fromJson === 'string' ? fromJson.trim() : (r.body.trim().split(/\s+/)[0] ?? '')
  return isValidIp(candidate)
    ? sourced(source, candidate)
    : { source, error: 'the answer was not an IP address' }
}

/** A valid address from a source: used when public, set aside (and reported) when private or loopback. */
function sourced(source: string, ip: string): EgressSource {
  return isPublicAddress(ip)
    ? { source, ip }
    : { source, notPublic: ip, error: `answered ${ip}, a private or loopback address` }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
}
