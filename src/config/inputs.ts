/**
 * Every input, once. action.yml, the CLI's flags and environment variables, and the README table are generated
 * from or checked against this list (see scripts/generate-docs.js and __tests__/repo/docs-sync.test.ts). Each input
 * declares its type: parsers.ts holds one parser per kind, and the README's "Accepts" column is rendered from it.
 */
import { CHECK_IDS, type CheckId } from '../core/check-ids.js'
import { AI_HOSTS, ATLAS_HOSTS, MODEL_HOSTS } from './endpoints.js'

/** What an input accepts. `secret` inputs are taken as given (untrimmed), masked, and redacted from every writer. */
export type InputType =
  | { kind: 'bool' }
  | { kind: 'int'; min: number; max: number }
  /** An optional whole number of days, 0 to `max`: absent means the threshold is off. */
  | { kind: 'days'; max: number }
  | { kind: 'decimal'; unit: string }
  | { kind: 'hex24' }
  | { kind: 'enum'; values: readonly string[] }
  /**
   * `other`: the hosts of the other service, named when a URL points at the wrong one. `withPath`: the URL is the
   * API's own base (e.g. `https://ai.mongodb.com/v1`), so a path is kept rather than refused.
   */
  | { kind: 'base-url'; official: readonly string[]; other: readonly string[]; withPath?: boolean }
  | { kind: 'url-list' }
  | { kind: 'check-ids'; ids: readonly CheckId[]; allowAll: boolean }
  | { kind: 'ip' }
  | { kind: 'list'; uppercase?: boolean }
  | { kind: 'text' }
  /** `name` (in `admin`: SCRAM, and OIDC groups as `<idp id>/<group>`) or `$external/name` (X.509, AWS IAM, LDAP, OIDC users). */
  | { kind: 'database-user' }
  | { kind: 'secret' }

export type InputKind = InputType['kind']

/** The inputs as the platform gives them: by name, untrimmed; unset or '' when not given. */
export type RawInputs = Readonly<Record<string, string | undefined>>

export interface InputSpec {
  name: string
  type: InputType
  description: string
  default?: string
  /** Conventional environment variables the CLI also reads (after ATLAS_PREFLIGHT_<NAME>). */
  env?: readonly string[]
}

const SPEC = [
  {
    name: 'atlas-public-key',
    type: { kind: 'secret' },
    description:
      'Atlas API key pair: the public key (8 lowercase letters). Used as the HTTP Digest username.',
    env: ['MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY']
  },
  {
    name: 'atlas-private-key',
    type: { kind: 'secret' },
    description: 'Atlas API key pair: the private key (a UUID). Used as the HTTP Digest password.',
    env: ['MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY']
  },
  {
    name: 'atlas-client-id',
    type: { kind: 'secret' },
    description: 'Atlas service account client id (`mdb_sa_id_…`), for OAuth 2.0 client credentials.',
    env: ['MONGODB_ATLAS_CLIENT_ID']
  },
  {
    name: 'atlas-client-secret',
    type: { kind: 'secret' },
    description: 'Atlas service account client secret (`mdb_sa_sk_…`).',
    env: ['MONGODB_ATLAS_CLIENT_SECRET']
  },
  {
    name: 'atlas-org-id',
    type: { kind: 'hex24' },
    description: 'Atlas organization id (24 hex). Optional: found from the credential when omitted.',
    env: ['MONGODB_ATLAS_ORG_ID']
  },
  {
    name: 'atlas-project-id',
    type: { kind: 'hex24' },
    description:
      "Atlas project (group) id (24 hex). Enables the project read and the project's network access list check.",
    env: ['MONGODB_ATLAS_PROJECT_ID']
  },
  {
    name: 'atlas-base-url',
    type: { kind: 'base-url', official: ATLAS_HOSTS, other: AI_HOSTS },
    description: 'Atlas Administration API base URL. Atlas for Government: https://cloud.mongodbgov.com.',
    default: 'https://cloud.mongodb.com',
    env: ['MONGODB_ATLAS_BASE_URL']
  },
  {
    name: 'ai-api-key',
    type: { kind: 'secret' },
    description: 'Atlas Cloud AI API key (`apikey-…`), sent as a Bearer token.',
    env: ['ATLASCLOUD_API_KEY']
  },
  {
    name: 'ai-base-url',
    type: { kind: 'base-url', official: AI_HOSTS, other: ATLAS_HOSTS },
    description: 'Atlas Cloud AI API base URL.',
    default: 'https://api.atlascloud.ai'
  },
  {
    name: 'ai-client-id',
    type: { kind: 'secret' },
    description:
      'Only to diagnose a mix-up: Atlas Cloud AI has no client id/secret exchange. Giving one yields a finding that says where it belongs.'
  },
  {
    name: 'ai-client-secret',
    type: { kind: 'secret' },
    description: 'Only to diagnose a mix-up, as `ai-client-id`.'
  },
  {
    name: 'ai-required-models',
    type: { kind: 'list' },
    description: 'Model ids (newline or comma list) that must be in the Atlas Cloud model catalog.'
  },
  {
    name: 'min-credits',
    type: { kind: 'decimal', unit: 'US dollars' },
    description:
      'Fail when the Atlas Cloud AI available balance (USD) is below this. Unset: fail only at or below zero.'
  },
  {
    name: 'warn-credits',
    type: { kind: 'decimal', unit: 'US dollars' },
    description: 'Warn when the Atlas Cloud AI available balance (USD) is below this.'
  },
  {
    name: 'model-api-key',
    type: { kind: 'secret' },
    description:
      'An Atlas model API key (`al-…`, Voyage AI embeddings and reranking, created in Atlas). Checked without a request: its shape, the host it is meant for, and (with an Atlas credential and `atlas-project-id`) its presence and rate limits in the project.',
    env: ['VOYAGE_API_KEY']
  },
  {
    name: 'model-base-url',
    type: {
      kind: 'base-url',
      official: MODEL_HOSTS,
      other: [...ATLAS_HOSTS],
      withPath: true
    },
    description:
      "The embeddings host the pipeline calls with `model-api-key`. Keys created in Atlas (`al-…`) work only on https://ai.mongodb.com; https://api.voyageai.com takes keys created on Voyage AI's own site.",
    default: 'https://ai.mongodb.com/v1'
  },
  {
    name: 'model-key-proof',
    type: { kind: 'bool' },
    description:
      '`true`: prove `model-api-key` live with one embeddings request of the smallest input (a few tokens; see the README for its cost). `false`: no request, and `model-key` stays `unproven`.',
    default: 'false'
  },
  {
    name: 'ai-management-key',
    type: { kind: 'secret' },
    description:
      "Optional Atlas Cloud Management API key (`mgmt-…`), used only to read the project's monthly budget and the usage of the project and `ai-key-id`. Read only: never sent anywhere but the Management API, and no write is ever called."
  },
  {
    name: 'ai-project-id',
    type: { kind: 'text' },
    description:
      "The Atlas Cloud project whose monthly budget applies to the pipeline's key (read with `ai-management-key`)."
  },
  {
    name: 'ai-key-id',
    type: { kind: 'text' },
    description:
      "The public id (`ak_…`, not a secret) of the Atlas Cloud key the pipeline spends with, to read its allowance and this month's usage (with `ai-management-key`)."
  },
  {
    name: 'ip-echo-urls',
    type: { kind: 'url-list' },
    description:
      'IP echo services (newline or comma list); each answers a plain-text address or JSON with an `ip` field. Default: checkip.amazonaws.com, api.ipify.org, icanhazip.com, and api64.ipify.org for IPv6.'
  },
  {
    name: 'egress-ip',
    type: { kind: 'ip' },
    description: "Skip detection and use this address as the runner's public address."
  },
  {
    name: 'checks',
    type: { kind: 'check-ids', ids: CHECK_IDS, allowAll: false },
    description: 'Check ids to run (newline or comma list). Default: every check the given inputs allow.'
  },
  {
    name: 'ignore',
    type: { kind: 'check-ids', ids: CHECK_IDS, allowAll: true },
    description: 'Check ids whose errors become warnings (or `all`), as kubeadm --ignore-preflight-errors.'
  },
  {
    name: 'fail-on',
    type: { kind: 'enum', values: ['error', 'warning', 'never'] },
    description: 'Exit status policy: `error` (fail on errors), `warning` (fail on warnings too) or `never`.',
    default: 'error'
  },
  {
    name: 'timeout-seconds',
    type: { kind: 'int', min: 1, max: 600 },
    description: 'Global deadline for the whole preflight, in seconds (1 to 600).',
    default: '60'
  },
  { name: 'report-path', type: { kind: 'text' }, description: 'Write the JSON report to this file.' },
  {
    name: 'allowed-roles',
    type: { kind: 'list', uppercase: true },
    description:
      'Atlas roles the credential may hold (newline or comma list). Default: anything but ORG_OWNER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN and GROUP_OWNER.'
  },
  {
    name: 'secret-expiry-days',
    type: { kind: 'int', min: 0, max: 3650 },
    description: 'Warn when the service account secret expires within this many days.',
    default: '14'
  },
  {
    name: 'revoke-token',
    type: { kind: 'bool' },
    description: 'Revoke the service account access token when the preflight ends.',
    default: 'false'
  },
  {
    name: 'export-token',
    type: { kind: 'bool' },
    description:
      'Expose the service account access token as the masked `access-token` output for later steps (see README for the risks).',
    default: 'false'
  },
  {
    name: 'allow-custom-endpoints',
    type: { kind: 'bool' },
    description:
      'Allow credentials to be sent to base URLs other than the official Atlas, Atlas for Government and Atlas Cloud hosts.',
    default: 'false'
  },
  {
    name: 'lease-network-access',
    type: { kind: 'bool' },
    description:
      "Add this runner's address to the project's network access list for this job only (needs `atlas-project-id` and a credential with Project Network Access Manager); the post step removes it. Off by default: the only input that writes to Atlas.",
    default: 'false'
  },
  {
    name: 'lease-minutes',
    type: { kind: 'int', min: 1, max: 10080 },
    description:
      "Minutes until Atlas itself deletes a leased entry (`deleteAfterDate`), the safety net for cancelled jobs: 1 to 10080 (a week). Match the job's `timeout-minutes`.",
    default: '360'
  },
  {
    name: 'lease-cleanup',
    type: { kind: 'enum', values: ['report', 'remove'] },
    description:
      "Scheduled runs: `report` this tool's leases whose own deleteAfterDate has passed (and entries that only look like leases, and other tools' permanent entries), or also `remove` those stale leases (one-host entries with the tool's marker and a deleteAfterDate only, each re-read first and confirmed gone; nothing else is ever removed).",
    default: 'report'
  },
  {
    name: 'cluster',
    type: { kind: 'text' },
    description:
      'Atlas cluster name (with `atlas-project-id`): check its state and that this runner reaches its hosts (DNS, TCP, TLS; no database credential is sent).'
  },
  {
    name: 'database-user',
    type: { kind: 'database-user' },
    description:
      'A database user to check on the project: exists, scoped to `cluster`, not expired, has a role. `admin` database (SCRAM users, and OIDC group users written `<identity provider id>/<group>`) unless written `$external/<name>` (X.509, AWS IAM, LDAP and OIDC single-user identities).'
  },
  {
    name: 'mongodb-uri',
    type: { kind: 'secret' },
    description:
      "A connection string the deploy uses (a secret): linted without any network call, and its hosts probed like `cluster`'s. Its password never leaves the runner.",
    env: ['MONGODB_URI']
  },
  {
    name: 'warn-days-left',
    type: { kind: 'days', max: 3650 },
    description:
      'Atlas Cloud AI: warn when the credit left lasts fewer days than this at the recent burn rate (from the last 14 full days of costs).'
  },
  {
    name: 'min-days-left',
    type: { kind: 'days', max: 3650 },
    description:
      'Atlas Cloud AI: fail when the credit left lasts fewer days than this at the recent burn rate.'
  },
  {
    name: 'scope',
    type: { kind: 'enum', values: ['project', 'organization'] },
    description:
      "`project`: check the credential's view of one project (today's behaviour). `organization`: read the whole organization (`atlas-org-id`, else the credential's own) — every project's network access list, every API key and service account with its access list, the org settings — with Organization Read Only; reads only.",
    default: 'project'
  },
  {
    name: 'targets',
    type: { kind: 'list' },
    description:
      'Organization scope: the subset to check (comma or newline list of `project:<24-hex id>`, `api-key:<24-hex id>`, `service-account:<client id>`, `service-account:self` for the scanning account); empty means every target. `fleet plan` writes these per chunk.'
  },
  {
    name: 'previous-report',
    type: { kind: 'text' },
    description:
      "Organization scope: the path of the last run's JSON report, to compare its snapshot of every list with this run's (`fleet/entry-added`, `fleet/entry-removed`) when there is no tracking issue to keep it."
  },
  {
    name: 'merge-reports',
    type: { kind: 'text' },
    description:
      "Fleet merge job: a glob of the chunks' JSON report files (e.g. `reports/**/*.json`) to merge into one report, one job summary and one tracking issue, offline (no Atlas credential). Needs `fleet-plan`."
  },
  {
    name: 'fleet-plan',
    type: { kind: 'text' },
    description:
      "Fleet merge job: the JSON matrix `atlas-preflight fleet plan` printed (the plan job's output); a chunk with no or a damaged report is named as unread."
  },
  {
    name: 'issue-key',
    type: { kind: 'text' },
    description:
      "Project scope: a key that tells matrix jobs' tracking issues apart (e.g. `${{ matrix.environment }}`); the issue marker names the project id and this key, so one job never closes another's issue."
  },
  {
    name: 'open-issue',
    type: { kind: 'bool' },
    description:
      'Scheduled health checks: open (or update) one tracking issue when the run fails, close it when it passes.',
    default: 'false'
  },
  {
    name: 'github-token',
    type: { kind: 'secret' },
    description: 'Token for the tracking issue (needs `issues: write`).',
    default: '${{ github.token }}'
  }
] as const satisfies readonly InputSpec[]

export const INPUTS: readonly InputSpec[] = SPEC

export type InputName = (typeof SPEC)[number]['name']

/** The parsed value of an input of a given type. */
export type ValueOf<T extends InputType> = T extends { kind: 'bool' }
  ? boolean
  : T extends { kind: 'int' }
    ? number
    : T extends { kind: 'days' | 'decimal' }
      ? number | undefined
      : T extends { kind: 'hex24' | 'ip' | 'text' | 'secret' }
        ? string | undefined
        : T extends { kind: 'enum'; values: readonly (infer V)[] }
          ? V
          : T extends { kind: 'base-url' }
            ? string
            : T extends { kind: 'url-list' | 'list' }
              ? string[]
              : T extends { kind: 'check-ids'; allowAll: false }
                ? Set<CheckId>
                : T extends { kind: 'check-ids' }
                  ? Set<CheckId | 'all'>
                  : T extends { kind: 'database-user' }
                    ? { database: string; username: string } | undefined
                    : never

/** Every input's parsed value, by name (what the rules read and adjust, and `Config` is built from). */
export type Values = { [S in (typeof SPEC)[number] as S['name']]: ValueOf<S['type']> }

export const SECRET_INPUTS = INPUTS.filter(i => i.type.kind === 'secret').map(i => i.name)

/** The credentials a run checks: at least one is needed (secrets/no-credentials). */
const CREDENTIAL_INPUTS: readonly string[] = [
  'atlas-public-key',
  'atlas-private-key',
  'atlas-client-id',
  'atlas-client-secret',
  'ai-api-key',
  'model-api-key'
]
/** The environment variables those are also read from (the Atlas CLI's and Terraform's, VOYAGE_API_KEY, …). */
export const CREDENTIAL_VARIABLES: readonly string[] = INPUTS.filter(i =>
  CREDENTIAL_INPUTS.includes(i.name)
).flatMap(i => i.env ?? [])
/**
 * Secret inputs that are identifiers (a public key, a client id): masked and redacted whole, but a piece of one is
 * not a secret (ObjectId-based ids share long prefixes with project and org ids created near the same time; a
 * connection string's host names are quoted in findings, its password is registered on its own).
 */
export const IDENTIFIER_INPUTS: readonly string[] = [
  'atlas-public-key',
  'atlas-client-id',
  'ai-client-id',
  'mongodb-uri'
]
