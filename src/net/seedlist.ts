/**
 * The Initial DNS Seedlist Discovery rules (github.com/mongodb/specifications, source/initial-dns-seedlist-
 * discovery/), applied to the SRV and TXT answers of a `mongodb+srv://` name before anything connects, as every
 * driver applies them: a driver that meets one of these refuses the string and never connects, so the probe does
 * not either. Pure: the answers come in, the verdict goes out. No Atlas knowledge here.
 *
 * Rules (each refusal names its rule):
 * - `srv-no-records`: the SRV lookup answered no record.
 * - `srv-parent-domain`: every SRV target must end with the name's parent domain (the name without its first
 *   label; for a name of one or two labels, the whole name, and the target must be longer than it). This is a
 *   driver's defence against a hijacked DNS answer.
 * - `txt-multiple`: at most one TXT record.
 * - `txt-malformed`: the TXT record is `key=value` pairs joined by `&`.
 * - `txt-option-not-allowed`: the TXT record may set only `authSource`, `replicaSet` and `loadBalanced`.
 * - `srv-max-hosts`: `srvMaxHosts` above 0 with `replicaSet` or with `loadBalanced=true`, from the string or the TXT.
 * - `load-balanced`: `loadBalanced=true` (from the string or the TXT) with several SRV hosts or with `replicaSet`.
 *
 * `srvMaxHosts`: a driver keeps that many of the SRV hosts, chosen at random. The probe cannot know which a driver
 * will pick, so it keeps the first N in the order DNS answered (and says so): any host may be the driver's pick.
 */
import type { SrvUriOptions } from './connection-string.js'

export const TXT_ALLOWED = ['authSource', 'replicaSet', 'loadBalanced'] as const

export interface SeedlistRefusal {
  rule:
    | 'srv-no-records'
    | 'srv-parent-domain'
    | 'txt-multiple'
    | 'txt-malformed'
    | 'txt-option-not-allowed'
    | 'srv-max-hosts'
    | 'load-balanced'
  /** What the rule says, in this module's words. */
  text: string
  /** The DNS record concerned, as DNS gave it (server text: the writers sanitise it). */
  record?: string
}

export interface Seedlist {
  /** Every SRV target, as answered (lower-cased, no trailing dot). */
  all: { host: string; port: number }[]
  /** The hosts a driver would start from (after srvMaxHosts), empty when refused. */
  seeds: { host: string; port: number }[]
  /** The options the TXT record gave (allowed ones only). */
  txtOptions: Record<string, string>
  /** The effective values after the string's options override the TXT's. */
  replicaSet?: string
  loadBalanced?: boolean
  refusal?: SeedlistRefusal
}

const norm = (n: string) => n.toLowerCase().replace(/\.$/, '')

/** Whether `target` lies under the parent domain of the SRV name `name` (the spec's rule). */
export function underParentDomain(name: string, target: string): boolean {
  const n = norm(name)
  const t = norm(target)
  const labels = n.split('.')
  const domain = labels.length >= 3 ? labels.slice(1).join('.') : n
  return t.endsWith(`.${domain}`) && t.length > domain.length + 1 && (labels.length >= 3 || t !== n)
}

/** Apply the rules to the answers for `name`. `txt` is the TXT records, each a list of character-strings. */
export function seedlistOf(
  name: string,
  srvRecords: readonly { name: string; port: number }[],
  txt: readonly (readonly string[])[],
  uri: SrvUriOptions
): Seedlist {
  const all = srvRecords.map(r => ({ host: norm(r.name), port: r.port }))
  const refuse = (refusal: SeedlistRefusal): Seedlist => ({ all, seeds: [], txtOptions: {}, refusal })
  if (all.length === 0) return refuse({ rule: 'srv-no-records', text: 'the SRV lookup answered no record' })
  const outside = srvRecords.find(r => !underParentDomain(name, r.name))
  if (outside)
    return refuse({
      rule: 'srv-parent-domain',
      text: "an SRV target is not under the SRV name's parent domain",
      record: `${norm(outside.name)}:${outside.port}`
    })
  if (txt.length > 1)
    return refuse({
      rule: 'txt-multiple',
      text: `the name has ${txt.length} TXT records; at most one is allowed`,
      record: txt.map(r => r.join('')).join(' | ')
    })
  const txtOptions: Record<string, string> = {}
  const record = txt[0]?.join('')
  if (record !== undefined && record !== '') {
    for (const pair of record.split('&')) {
      const eq = pair.indexOf('=')
      if (eq <= 0 || eq === pair.length - 1)
        return refuse({
          rule: 'txt-malformed',
          text: 'the TXT record is not `key=value` pairs joined by `&`',
          record
        })
      const key = pair.slice(0, eq)
      const allowed = TXT_ALLOWED.find(a => a.toLowerCase() === key.toLowerCase())
      if (!allowed)
        return refuse({
          rule: 'txt-option-not-allowed',
          text: 'the TXT record sets an option other than `authSource`, `replicaSet` and `loadBalanced`',
          record
        })
      txtOptions[allowed] = safeDecode(pair.slice(eq + 1))
    }
  }
  const replicaSet = uri.replicaSet ?? txtOptions['replicaSet']
  const lbText = txtOptions['loadBalanced']
  const loadBalanced = uri.loadBalanced ?? (lbText === undefined ? undefined : lbText === 'true')
  const fromTxt = (k: string) => (k in txtOptions ? ' (from the TXT record)' : '')
  const base = {
    all,
    txtOptions,
    ...(replicaSet !== undefined ? { replicaSet } : {}),
    ...(loadBalanced !== undefined ? { loadBalanced } : {})
  }
  const refuseWith = (refusal: SeedlistRefusal): Seedlist => ({ ...base, seeds: [], refusal })
  if (uri.maxHosts > 0 && replicaSet !== undefined)
    return refuseWith({
      rule: 'srv-max-hosts',
      text: `\`srvMaxHosts\` above 0 is given with \`replicaSet\`${uri.replicaSet === undefined ? fromTxt('replicaSet') : ''}`,
      ...(record ? { record } : {})
    })
  if (uri.maxHosts > 0 && loadBalanced === true)
    return refuseWith({
      rule: 'srv-max-hosts',
      text: `\`srvMaxHosts\` above 0 is given with \`loadBalanced=true\`${uri.loadBalanced === undefined ? fromTxt('loadBalanced') : ''}`,
      ...(record ? { record } : {})
    })
  if (loadBalanced === true && replicaSet !== undefined)
    return refuseWith({
      rule: 'load-balanced',
      text: '`loadBalanced=true` is given with `replicaSet`',
      ...(record ? { record } : {})
    })
  if (loadBalanced === true && uri.directConnection === true)
    return refuseWith({
      rule: 'load-balanced',
      text: '`loadBalanced=true` is given with `directConnection=true`',
      ...(record ? { record } : {})
    })
  if (loadBalanced === true && all.length > 1)
    return refuseWith({
      rule: 'load-balanced',
      text: `\`loadBalanced=true\`${uri.loadBalanced === undefined ? fromTxt('loadBalanced') : ''} needs exactly one SRV record; DNS answered ${all.length}`
    })
  const seeds = uri.maxHosts > 0 ? all.slice(0, uri.maxHosts) : all
  return { ...base, seeds }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
