/**
 * The shapes of the Atlas answers the checks read, checked at the client boundary with valibot. An answer that does
 * not fit (a `null` role, a numeric `cidrBlock`, `roles` as a string) becomes one `unexpected` failure naming the
 * field, never a crash inside a check. Only the declared fields are kept: whatever else a server sends (however
 * deeply nested) never travels further than this module.
 *
 * Optional fields accept `null` as absent: the spec omits empty fields, and a client must not fail on either form.
 */
import * as v from 'valibot'
import type {
  AiModelApiKey,
  AiModelRateLimit,
  AccessEntry,
  ApiKeyUser,
  CredentialAccessEntry,
  AccessListStatus,
  Cluster,
  DatabaseUser,
  Group,
  IpInfo,
  NetworkPermissionEntry,
  Org,
  OrgSettings,
  Paginated,
  ServiceAccount,
  SystemStatus
} from './types.js'

export type Shape<T> = v.GenericSchema<unknown, T>

function opt<T>(schema: Shape<T>): Shape<T | undefined> {
  return v.pipe(
    v.nullish(schema),
    v.transform(x => x ?? undefined)
  )
}

/** valibot's `object` also takes an array: Atlas objects are never arrays, so one is refused first. */
function record<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(
      x => typeof x === 'object' && x !== null && !Array.isArray(x),
      'an object'
    ),
    v.object(entries)
  )
}

/** The page shape of each item shape (page() below; used by shapes defined before it). */
const PAGES = new WeakMap<object, Shape<Paginated<unknown>>>()
const str = v.string()
const optStr = opt(str)
/** A count: a non-negative safe integer (1e400 and -1 are not counts). */
const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0))

const roleAssignment = record({ orgId: optStr, groupId: optStr, roleName: str })
export const accessEntry: Shape<AccessEntry> = record({
  cidrBlock: optStr,
  ipAddress: optStr,
  lastUsedAddress: optStr,
  lastUsedAt: optStr
})

export const systemStatus: Shape<SystemStatus> = record({
  apiKey: opt(
    record({
      id: str,
      publicKey: optStr,
      roles: v.array(roleAssignment),
      accessList: v.pipe(
        opt(v.array(accessEntry)),
        v.transform(x => x ?? [])
      )
    })
  ),
  appName: optStr,
  build: optStr,
  throttling: opt(v.boolean())
})

export const org: Shape<Org> = record({ id: str, name: optStr })
export const group: Shape<Group> = record({ id: str, name: optStr, orgId: optStr })
export const orgSettings: Shape<OrgSettings> = record({
  apiAccessListRequired: opt(v.boolean()),
  maxServiceAccountSecretValidityInHours: opt(count)
})

export const networkPermissionEntry: Shape<NetworkPermissionEntry> = record({
  ipAddress: optStr,
  cidrBlock: optStr,
  awsSecurityGroup: optStr,
  comment: optStr,
  deleteAfterDate: optStr,
  groupId: optStr
})

export const accessListStatus: Shape<AccessListStatus> = record({ STATUS: str })

/** The answer to POST …/accessList: the project's list (a page), which may or may not show the written entry. */
export const accessListWrite: Shape<Paginated<NetworkPermissionEntry>> = page(networkPermissionEntry)

export const serviceAccount: Shape<ServiceAccount> = record({
  clientId: str,
  name: optStr,
  roles: opt(v.array(str)),
  secrets: opt(
    v.array(
      record({
        id: str,
        createdAt: str,
        expiresAt: str,
        lastUsedAt: optStr,
        maskedSecretValue: optStr
      })
    )
  )
})

export const ipInfo: Shape<IpInfo> = record({ currentIpv4Address: optStr })

/** A dedicated or flex cluster: its state and connection strings (private-endpoint variants are not read). */
export const cluster: Shape<Cluster> = record({
  name: str,
  stateName: optStr,
  paused: opt(v.boolean()),
  mongoDBVersion: optStr,
  connectionStrings: opt(record({ standard: optStr, standardSrv: optStr }))
})

export const databaseUser: Shape<DatabaseUser> = record({
  username: str,
  databaseName: str,
  roles: opt(v.array(record({ roleName: str, databaseName: optStr, collectionName: optStr }))),
  scopes: opt(v.array(record({ name: str, type: optStr }))),
  deleteAfterDate: optStr
})

export const aiModelApiKey: Shape<AiModelApiKey> = record({
  apiKeyId: optStr,
  name: optStr,
  status: optStr,
  maskedSecret: optStr,
  endpoint: optStr,
  lastUsedAt: optStr,
  groupId: optStr
})
export const aiModelRateLimit: Shape<AiModelRateLimit> = record({
  modelGroupName: optStr,
  modelNames: opt(v.array(str)),
  requestsPerMinuteLimit: opt(count),
  tokensPerMinuteLimit: opt(count),
  endpoint: optStr
})

/** A page of `item`s: one shape per item shape (the client's memo tells reads apart by shape). */
export function page<T>(item: Shape<T>): Shape<Paginated<T>> {
  let shape = PAGES.get(item) as Shape<Paginated<T>> | undefined
  if (!shape) {
    shape = record({
      results: v.array(item),
      totalCount: opt(count),
      links: opt(v.array(record({ href: str, rel: str })))
    })
    PAGES.set(item, shape as Shape<Paginated<unknown>>)
  }
  return shape
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string }

/** Check an answer against a shape; the problem names the first field that does not fit, in the API's terms. */
export function check<T>(shape: Shape<T>, value: unknown): Checked<T> {
  const r = v.safeParse(shape, value, { abortEarly: true })
  if (r.success) return { ok: true, value: r.output }
  const issue = r.issues[0]
  const path = issue ? v.getDotPath(issue) : null
  const got = issue ? describe(issue.input) : 'nothing'
  return {
    ok: false,
    problem: path
      ? `the field \`${path}\` was ${got}, not ${expectedOf(issue)}`
      : `the answer was ${got}, not the object Atlas sends`
  }
}

function expectedOf(issue: v.BaseIssue<unknown> | undefined): string {
  if (!issue || issue.type === 'custom') return 'an object'
  const words: Record<string, string> = {
    Object: 'an object',
    Array: 'a list',
    string: 'a string',
    number: 'a number',
    boolean: 'true or false'
  }
  if (issue.type === 'safe_integer' || issue.type === 'min_value') return 'a whole number of 0 or more'
  return words[issue.expected ?? ''] ?? 'what Atlas sends'
}

function describe(input: unknown): string {
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'a list'
  if (typeof input === 'string') return 'a string'
  if (typeof input === 'number') return Number.isFinite(input) ? `the number ${input}` : 'not a finite number'
  if (input === undefined) return 'missing'
  return `a ${typeof input}`
}

/** An organization API key as the org's key list gives it (the masked private key is never kept). */
export const apiKeyUser: Shape<ApiKeyUser> = record({
  id: str,
  desc: optStr,
  publicKey: optStr,
  roles: v.pipe(
    opt(v.array(roleAssignment)),
    v.transform(x => x ?? [])
  )
})

/** A credential's own API access list entry, API key and service account spellings alike. */
export const credentialAccessEntry: Shape<CredentialAccessEntry> = record({
  cidrBlock: optStr,
  ipAddress: optStr,
  created: optStr,
  createdAt: optStr,
  lastUsed: optStr,
  lastUsedAt: optStr,
  lastUsedAddress: optStr,
  count: opt(v.number()),
  requestCount: opt(v.number())
})
