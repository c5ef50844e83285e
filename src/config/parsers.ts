/**
 * One parser per kind of input (inputs.ts `type`). A parser never throws: a bad value becomes a finding that names
 * the input, what is wrong and the fix, and the value falls back to the input's default (or to absent), so the rest
 * of the run can still report. `raw` is the value as the platform gave it (untrimmed; '' when unset).
 */
import { isIP } from 'node:net'
import type { CheckId } from '../core/check-ids.js'
import type { Finding } from '../core/finding.js'
import type { InputKind, InputSpec, InputType, ValueOf } from './inputs.js'
import { checkBaseUrl, type EndpointProblem } from './endpoints.js'
import { about, INPUT_FINDINGS as F } from './findings.js'
import { parseList } from './lists.js'

export interface Parsed<T> {
  value: T
  findings: Finding[]
}

/** What a parser may need to know from another input (set by the rules that run before parsing, rules.ts). */
export interface ParseContext {
  allowCustomEndpoints: boolean
}

/** An input's spec, narrowed to one kind. */
export type SpecOf<K extends InputKind> = Omit<InputSpec, 'type'> & { type: Extract<InputType, { kind: K }> }

export type Parser<K extends InputKind> = (
  name: string,
  raw: string | undefined,
  spec: SpecOf<K>,
  ctx: ParseContext
) => Parsed<ValueOf<Extract<InputType, { kind: K }>>>

const ok = <T>(value: T): Parsed<T> => ({ value, findings: [] })
const fail = <T>(value: T, f: Finding): Parsed<T> => ({ value, findings: [f] })
/** Unset, empty and blank are all absent. */
const trimmed = (raw: string | undefined): string | undefined => raw?.trim() || undefined
/** `a`, `a or b`, `a, b or c`. */
const orList = (items: readonly string[]): string =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`

export const bool: Parser<'bool'> = (name, raw, spec) => {
  const v = trimmed(raw) ?? spec.default ?? 'false'
  if (/^(true|True|TRUE)$/.test(v)) return ok(true)
  if (/^(false|False|FALSE)$/.test(v)) return ok(false)
  return fail(
    false,
    F['not-boolean'](
      `\`${name}\` is not \`true\` or \`false\`.`,
      about(name, `Set \`${name}: true\` or \`${name}: false\`.`)
    )
  )
}

export const int: Parser<'int'> = (name, raw, spec) => {
  const { min, max } = spec.type
  const v = trimmed(raw) ?? spec.default ?? '0'
  if (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max) return ok(Number(v))
  return fail(
    Number(spec.default ?? 0),
    F['out-of-range'](
      `\`${name}\` must be a whole number from ${min} to ${max}.`,
      about(name, `Set \`${name}\` to a whole number from ${min} to ${max} (default ${spec.default}).`)
    )
  )
}

/** An optional whole number of days: absent means the threshold is off. */
export const days: Parser<'days'> = (name, raw, spec) => {
  const v = trimmed(raw)
  if (v === undefined) return ok(undefined)
  if (/^\d+$/.test(v) && Number(v) <= spec.type.max) return ok(Number(v))
  return fail(
    undefined,
    F['out-of-range'](
      `\`${name}\` must be a whole number of days from 0 to ${spec.type.max}.`,
      about(name, `Set \`${name}\` to a whole number of days, e.g. \`${name}: 7\`, or leave it out.`)
    )
  )
}

export const decimal: Parser<'decimal'> = (name, raw, spec) => {
  const v = trimmed(raw)
  if (v === undefined) return ok(undefined)
  if (/^-?\d+(\.\d+)?$/.test(v)) return ok(Number(v))
  return fail(
    undefined,
    F['not-a-number'](
      `\`${name}\` is not a number.`,
      about(
        name,
        `Set \`${name}\` to a number of ${spec.type.unit}, e.g. \`${name}: 10\` or \`${name}: 2.5\`.`
      )
    )
  )
}

export const hex24: Parser<'hex24'> = (name, raw) => {
  const v = trimmed(raw)
  if (v === undefined) return ok(undefined)
  if (/^[a-f0-9]{24}$/i.test(v)) return ok(v.toLowerCase())
  return fail(
    undefined,
    F['not-an-id'](
      `\`${name}\` is not a 24-character hexadecimal id (it has ${v.length} characters).`,
      about(
        name,
        'Copy the id from the Atlas UI (Organization or Project Settings) or `atlas projects list`; it looks like `5f1a2b3c4d5e6f7a8b9c0d1e`.'
      )
    )
  )
}

export const enumOf: Parser<'enum'> = (name, raw, spec) => {
  const { values } = spec.type
  const v = trimmed(raw)
  const fallback = spec.default ?? values[0] ?? ''
  if (v === undefined) return ok(fallback)
  if (values.includes(v)) return ok(v)
  const choices = values.map(x => `\`${name}: ${x}\`${x === spec.default ? ' (the default)' : ''}`)
  // `inputs/fail-on` is the published id for `fail-on`; any other choice input is `inputs/not-one-of`.
  const raise = name === 'fail-on' ? F['fail-on'] : F['not-one-of']
  return fail(
    fallback,
    raise(
      `\`${name}\` must be ${orList(values.map(x => `\`${x}\``))}.`,
      about(name, `Set ${orList(choices)}.`)
    )
  )
}

/** An origin (and optional path prefix) without trailing slash; credentials go only to the official hosts. */
export const baseUrl: Parser<'base-url'> = (name, raw, spec, ctx) => {
  const def = spec.default ?? ''
  const r = checkBaseUrl(trimmed(raw) ?? def, spec.type.official, ctx.allowCustomEndpoints)
  if (!('url' in r)) return fail(def, endpointProblem(name, r, def, spec.type))
  if (spec.type.withPath || !/\/api\/atlas\/v\d|\/public\/v1|\/api\/v1|\/v1$/.test(new URL(r.url).pathname))
    return ok(r.url)
  return fail(
    def,
    F['base-url-path'](
      `\`${name}\` includes an API path.`,
      about(name, `Give only the origin, e.g. \`${def}\`; the action adds the API paths.`)
    )
  )
}

/** What is wrong with a base URL, in words that name the input. */
function endpointProblem(
  name: string,
  r: EndpointProblem,
  def: string,
  type: SpecOf<'base-url'>['type']
): Finding {
  const seen = (what: string) => `\`${name}\` ${what}`
  switch (r.kind) {
    case 'invalid':
      return F['base-url-invalid'](
        seen('is not an http(s) URL.'),
        about(name, `Set \`${name}\` to a URL such as \`${def}\`, or remove it for the default.`)
      )
    case 'has-credentials':
      return F['base-url-credentials'](
        seen('contains a user name or password.'),
        about(name, 'Remove the credentials from the URL; pass them in their own inputs.')
      )
    case 'insecure':
      return F['base-url-insecure'](
        seen('uses plain HTTP to a host that is not loopback, so credentials would travel unencrypted.'),
        about(name, `Use https:// (${def}).`)
      )
    case 'untrusted':
      return type.other.includes(r.host.toLowerCase())
        ? F['base-url-wrong-service'](
            seen(
              `points at ${r.host}, which serves the other API (Atlas Administration API and Atlas Cloud AI are unrelated services).`
            ),
            about(name, `Set \`${name}\` to ${def} (or remove it).`)
          )
        : F['base-url-untrusted'](
            seen(
              `points at ${r.host}, which is not an official host (${type.official.join(', ')}), so no credential is sent to it.`
            ),
            about(
              name,
              'Use an official host, or set `allow-custom-endpoints: true` if this endpoint is yours (a proxy or a test server).'
            )
          )
  }
}

/** http(s) URLs, called without credentials (the echo services). */
export const urlList: Parser<'url-list'> = (name, raw) => {
  const urls: string[] = []
  const findings: Finding[] = []
  for (const entry of parseList(raw)) {
    const u = urlOf(entry)
    if (u === undefined || (u.protocol !== 'https:' && u.protocol !== 'http:'))
      findings.push(
        F['echo-url'](
          `\`${name}\` contains an entry that is not an http(s) URL.`,
          about(
            name,
            'List full URLs such as `https://checkip.amazonaws.com`, one per line or comma separated.'
          )
        )
      )
    // The URL is not quoted: the part before `@` may be a password.
    else if (u.username || u.password)
      findings.push(
        F['echo-url-credentials'](
          `An \`${name}\` entry carries a user name or password (\`user:password@host\`). Echo services are called without credentials, and such a URL would show in logs.`,
          about(
            name,
            'Remove the `user:password@` part, or list a public echo service that needs no credentials (for example `https://checkip.amazonaws.com`).'
          )
        )
      )
    else urls.push(u.toString())
  }
  return { value: urls, findings }
}

function urlOf(s: string): URL | undefined {
  try {
    return new URL(s)
  } catch {
    return undefined
  }
}

export const checkIds: Parser<'check-ids'> = (name, raw, spec) => {
  const { ids, allowAll } = spec.type
  const out = new Set<CheckId | 'all'>()
  const findings: Finding[] = []
  for (const id of parseList(raw)) {
    const known = ids.find(k => k === id) ?? (allowAll && id === 'all' ? 'all' : undefined)
    if (known !== undefined) out.add(known)
    else
      findings.push(
        F['unknown-check'](
          `\`${name}\` names an unknown check id.`,
          about(name, `Use check ids from: ${ids.join(', ')}${allowAll ? ', or `all`' : ''}.`)
        )
      )
  }
  return { value: out, findings }
}

export const ip: Parser<'ip'> = (name, raw) => {
  const v = trimmed(raw)
  if (v === undefined || isIP(v)) return ok(v)
  return fail(
    undefined,
    F['egress-ip'](
      `\`${name}\` is not an IPv4 or IPv6 address.`,
      about(name, `Set \`${name}\` to an address such as \`203.0.113.10\`, or remove it.`)
    )
  )
}

/** A newline or comma separated list, trimmed, empties dropped. */
export const list: Parser<'list'> = (_name, raw, spec) => {
  const items = parseList(raw)
  return ok(spec.type.uppercase ? items.map(s => s.toUpperCase()) : items)
}

export const text: Parser<'text'> = (_name, raw) => ok(trimmed(raw))

/**
 * `name` is a user in `admin` (SCRAM, or an OIDC group user named `<idp id>/<group>`, whose `/` stays in the name);
 * `$external/name` a user of the `$external` database (X.509, AWS IAM, LDAP, OIDC single-user identities).
 */
export const databaseUser: Parser<'database-user'> = (_name, raw) => {
  const v = trimmed(raw)
  if (v === undefined) return ok(undefined)
  const m = /^\$external\/(.+)$/.exec(v)
  return ok(m ? { database: '$external', username: m[1]! } : { database: 'admin', username: v })
}

/** Taken as given, untrimmed: the secrets check reports stray whitespace, quotes and placeholders. */
export const secret: Parser<'secret'> = (_name, raw) => ok(raw === '' ? undefined : raw)

export const PARSERS: { readonly [K in InputKind]: Parser<K> } = {
  bool,
  int,
  days,
  decimal,
  hex24,
  enum: enumOf,
  'base-url': baseUrl,
  'url-list': urlList,
  'check-ids': checkIds,
  ip,
  list,
  text,
  'database-user': databaseUser,
  secret
}

/** Parse one input with the parser of its kind. */
export function parseInput(spec: InputSpec, raw: string | undefined, ctx: ParseContext): Parsed<unknown> {
  // TypeScript cannot tie the parser picked by `spec.type.kind` to that same spec's narrowed type.
  const parse = PARSERS[spec.type.kind] as Parser<InputKind>
  return parse(spec.name, raw, spec as never, ctx)
}
