/**
 * What on a project's network access list is this tool's: the ONE definition every writer uses (the lease, its end
 * in the post step and `atlas-preflight lease release`, the audit's removal, the fleet run).
 *
 * An entry is ours only when ALL hold (reference: atlas-round3.md §1):
 *   - it admits exactly one host: a `/32` (IPv4) or `/128` (IPv6) block;
 *   - its comment carries this tool's lease marker (marker.ts);
 *   - it has a `deleteAfterDate` that parses (Atlas removes it by itself then).
 * Anything else is someone else's, whatever its comment says: a person who widens a lease to a `/24` or makes it
 * permanent in the Atlas UI keeps the comment. Such an entry is reported at most (`lookalike`), never changed or
 * removed.
 */
import type { NetworkPermissionEntry } from '../atlas/types.js'
import { hostEntry, parseRange } from '../net/cidr.js'
import { parseLeaseComment, type LeaseMarker } from './marker.js'

/** The value an entry is addressed by: its CIDR block (x/32 for one address), or undefined for a security group. */
export function entryValue(e: NetworkPermissionEntry): string | undefined {
  return e.cidrBlock ?? (e.ipAddress ? hostEntry(e.ipAddress) : undefined)
}

/** The one address of a one-host entry (`203.0.113.7` for `203.0.113.7/32`), or undefined for anything wider. */
export function singleHost(e: NetworkPermissionEntry): string | undefined {
  const value = entryValue(e)
  const range = value ? parseRange(value) : undefined
  if (!value || !range) return undefined
  const slash = value.indexOf('/')
  const address = slash < 0 ? value : value.slice(0, slash)
  return range[1] === (range[0].kind() === 'ipv6' ? 128 : 32) ? address : undefined
}

/** A lease of this tool, as the entry shows it. */
export interface OurLease {
  /** The entry's value (`203.0.113.7/32`). */
  entry: string
  /** The one address it admits. */
  address: string
  marker: LeaseMarker
  /** When Atlas removes it by itself (ISO 8601, as Atlas wrote it). */
  deleteAfterDate: string
}

/** The entry as one of this tool's leases, or undefined when it is someone else's (see the module comment). */
export function ours(e: NetworkPermissionEntry | undefined): OurLease | undefined {
  if (!e) return undefined
  const address = singleHost(e)
  const marker = parseLeaseComment(e.comment)
  const until = e.deleteAfterDate
  if (!address || !marker || !until || Number.isNaN(Date.parse(until))) return undefined
  return { entry: entryValue(e)!, address, marker, deleteAfterDate: until }
}

/** Ours, and the lease of exactly `address` (the entry the lease of this runner writes). */
export function oursFor(e: NetworkPermissionEntry | undefined, address: string): OurLease | undefined {
  const lease = ours(e)
  return lease && lease.entry === hostEntry(address) ? lease : undefined
}

/**
 * An entry whose comment carries the marker but that is not ours (wider than one host, no deleteAfterDate): a lease
 * someone changed, or a look-alike. The reason, for the report; undefined when the entry is ours or carries no marker.
 */
export function lookalike(e: NetworkPermissionEntry): string | undefined {
  if (!parseLeaseComment(e.comment) || ours(e)) return undefined
  if (!singleHost(e)) return `it admits more than one address (${entryValue(e) ?? 'a security group'})`
  return e.deleteAfterDate
    ? 'its deleteAfterDate is not a date'
    : 'it has no deleteAfterDate (it is permanent)'
}

/** Whether the entry is what `value` names (a read-back must be the entry asked for before anything is concluded). */
export function isEntry(e: NetworkPermissionEntry, value: string): boolean {
  const v = entryValue(e)
  return v !== undefined && sameValue(v, value)
}

function sameValue(a: string, b: string): boolean {
  const [x, y] = [parseRange(a), parseRange(b)]
  return !!x && !!y && x[1] === y[1] && x[0].toNormalizedString() === y[0].toNormalizedString()
}
