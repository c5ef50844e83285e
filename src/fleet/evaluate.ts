/**
 * What an organization-scope read means: one pure function from the lists read to findings, each with its target.
 * Network lists: open to the world, wider than one network, uncommented, and (the lease audit's ids, per project)
 * this tool's stale leases and other tools' permanent entries. Credentials: Organization Owner, no access list where
 * the org does not require one, unused for 90 days, and service-account secrets expired or expiring. Whatever was
 * not read is named in `fleet/incomplete`.
 */
import type { Finding, Target } from '../core/finding.js'
import { isWholeInternet, parseRange } from '../net/cidr.js'
import { auditEntries, auditFindings } from '../lease/audit.js'
import { FLEET_FINDINGS as F } from './findings.js'
import { describeTarget, type CredentialRead, type FleetRead, type ProjectRead } from './model.js'

const DAY = 86_400_000
export const UNUSED_DAYS = 90

export interface EvaluateOptions {
  now: Date
  secretExpiryDays: number
}

export function evaluateFleet(read: FleetRead, o: EvaluateOptions): Finding[] {
  return [
    ...read.projects.flatMap(p => projectFindings(p, o)),
    ...[...read.apiKeys, ...read.serviceAccounts].flatMap(c => credentialFindings(c, read, o)),
    ...incomplete(read)
  ]
}

/** IPv4 wider than /24, IPv6 wider than /48; a /0 is open to the world instead. */
export function isWide(entry: string): boolean {
  const r = parseRange(entry)
  if (!r || r[1] === 0) return false
  return r[0].kind() === 'ipv4' ? r[1] < 24 : r[1] < 48
}

function projectFindings(p: ProjectRead, o: EvaluateOptions): Finding[] {
  if (!p.entries) return []
  const target = p.target
  const name = describeTarget(target)
  const out: Finding[] = []
  const world = p.entries.filter(e => isWholeInternet(e.entry))
  if (world.length)
    out.push(
      F['open-to-world'](
        `The network access list of ${name} holds ${world.map(e => e.entry).join(', ')}: any address may try to connect to its clusters.`,
        { target, data: { entries: world.map(e => e.entry) } }
      )
    )
  const wide = p.entries.filter(e => isWide(e.entry))
  if (wide.length)
    out.push(
      F['wide-entry'](
        `The network access list of ${name} holds ${wide.map(e => e.entry).join(', ')} (wider than /24 for IPv4 or /48 for IPv6).`,
        { target, data: { entries: wide.map(e => e.entry) } }
      )
    )
  const bare = p.entries.filter(e => !e.comment)
  if (bare.length)
    out.push(
      F['uncommented-entry'](
        `${bare.length} entr${bare.length === 1 ? 'y' : 'ies'} of ${name} ha${bare.length === 1 ? 's' : 've'} no comment: ${bare
          .slice(0, 10)
          .map(e => e.entry)
          .join(', ')}${bare.length > 10 ? ', …' : ''}.`,
        { target, data: { entries: bare.map(e => e.entry) } }
      )
    )
  // The lease audit, per project: this tool's stale leases, other tools' permanent entries (report only).
  const entries = p.entries.map(e => ({
    ...(e.entry.includes('/') ? { cidrBlock: e.entry } : { awsSecurityGroup: e.entry }),
    ...(e.comment ? { comment: e.comment } : {}),
    ...(e.deleteAfterDate ? { deleteAfterDate: e.deleteAfterDate } : {})
  }))
  const audit = auditEntries(entries, o.now)
  // Per project, only what needs attention: the audit's "nothing stale" notice would repeat on every clean project.
  out.push(...auditFindings(audit, target.id, o.now, false).map(f => ({ ...f, target })))
  return out
}

function credentialFindings(c: CredentialRead, read: FleetRead, o: EvaluateOptions): Finding[] {
  const target = c.target
  const name = describeTarget(target)
  const out: Finding[] = []
  if (c.roles.includes('ORG_OWNER'))
    out.push(
      F['credential-owner'](
        `The ${name} holds ORG_OWNER (with ${c.roles.filter(r => r !== 'ORG_OWNER').join(', ') || 'no other organization role'}): its secret can change or delete anything in the organization.`,
        { target, data: { roles: c.roles } }
      )
    )
  if (c.entries && c.entries.length === 0 && read.settings?.apiAccessListRequired === false)
    out.push(
      F['credential-unrestricted'](
        `The ${name} has no API access list entry, and the organization does not require one: its secret works from any address.`,
        { target }
      )
    )
  const unused = unusedSince(c, o.now)
  if (unused)
    out.push(
      F['credential-unused'](
        `No access-list entry of the ${name} was used in ${UNUSED_DAYS} days (the latest use or creation: ${unused}).`,
        { target, data: { lastUse: unused } }
      )
    )
  out.push(...secretFindings(c, target, name, o))
  return out
}

/** The latest use (or creation, for an entry never used), when every entry is older than 90 days; else undefined. */
function unusedSince(c: CredentialRead, now: Date): string | undefined {
  const entries = c.entries ?? []
  if (entries.length === 0 || !entries.some(e => e.tracksUse)) return undefined
  let latest = -Infinity
  for (const e of entries) {
    const t = Date.parse(e.lastUsedAt ?? e.createdAt ?? '')
    if (Number.isNaN(t)) return undefined // an entry with no date at all: cannot tell
    latest = Math.max(latest, t)
  }
  return now.getTime() - latest > UNUSED_DAYS * DAY ? new Date(latest).toISOString() : undefined
}

function secretFindings(c: CredentialRead, target: Target, name: string, o: EvaluateOptions): Finding[] {
  const secrets = (c.secrets ?? []).filter(s => !Number.isNaN(Date.parse(s.expiresAt)))
  if (secrets.length === 0) return []
  const now = o.now.getTime()
  const out: Finding[] = []
  const expired = secrets.filter(s => Date.parse(s.expiresAt) <= now)
  if (expired.length)
    out.push(
      F['secret-expired'](
        `The ${name} holds ${expired.length} expired secret${expired.length === 1 ? '' : 's'} (expired ${expired.map(s => s.expiresAt).join(', ')}), each taking one of its two slots.`,
        { target, data: { expired: expired.map(s => s.expiresAt) } }
      )
    )
  const newest = secrets.reduce((a, b) => (Date.parse(b.expiresAt) > Date.parse(a.expiresAt) ? b : a))
  const left = (Date.parse(newest.expiresAt) - now) / DAY
  if (left > 0 && left <= o.secretExpiryDays)
    out.push(
      F['secret-expiring'](
        `The newest secret of the ${name} expires ${newest.expiresAt}, in ${Math.floor(left)} day${Math.floor(left) === 1 ? '' : 's'} (secret-expiry-days: ${o.secretExpiryDays}).`,
        { target, data: { expiresAt: newest.expiresAt, daysLeft: Math.floor(left) } }
      )
    )
  return out
}

/** Every target that could not be read, named with why and the role it needs. */
function incomplete(read: FleetRead): Finding[] {
  const lines: string[] = []
  for (const l of read.listsUnread)
    lines.push(
      `the organization's list of ${l.list.replace('-', ' ')}: ${l.unread.why}${l.unread.role ? ` (needs ${l.unread.role})` : ''}`
    )
  if (read.settingsUnread)
    lines.push(
      `the organization settings: ${read.settingsUnread.why}${read.settingsUnread.role ? ` (needs ${read.settingsUnread.role})` : ''}`
    )
  const unread = [...read.projects, ...read.apiKeys, ...read.serviceAccounts].filter(t => t.unread)
  for (const t of unread)
    lines.push(
      `${describeTarget(t.target)}: ${t.unread!.why}${t.unread!.role ? ` (needs ${t.unread!.role})` : ''}`
    )
  for (const m of read.missing)
    lines.push(`${m}: asked for in \`targets\`, but not in the organization's lists`)
  if (lines.length === 0) return []
  return [
    F.incomplete(
      `${lines.length} part${lines.length === 1 ? '' : 's'} of ${describeTarget(read.org)} could not be read, so this run cannot say they are clean: ${lines.slice(0, 40).join('; ')}${lines.length > 40 ? `; and ${lines.length - 40} more (see the JSON report)` : ''}.`,
      {
        target: read.org,
        data: {
          unread: [
            ...unread.map(t => ({ ...t.target, ...t.unread })),
            ...read.listsUnread.map(l => ({ list: l.list, ...l.unread })),
            ...(read.settingsUnread ? [{ list: 'settings', ...read.settingsUnread }] : []),
            ...read.missing.map(m => ({ target: m, why: 'not in the organization' }))
          ]
        }
      }
    )
  ]
}

/** How many targets were to be read, and how many of them were not (the organization itself not counted). */
export function fleetCounts(read: FleetRead): { targets: number; unread: number } {
  const all = [...read.projects, ...read.apiKeys, ...read.serviceAccounts]
  // A list that could not be read hides an unknown number of targets: at least one is unread.
  const hidden = read.listsUnread.length + read.missing.length
  return { targets: all.length + read.missing.length, unread: all.filter(t => t.unread).length + hidden }
}
