/**
 * Every input, once. action.yml, the CLI's flags and environment variables, and the README table are generated
 * from or checked against this list (see scripts/generate-docs.js and __tests__/docs-sync.test.ts).
 */

export interface InputSpec {
  name: string
  description: string
  default?: string
  /** Masked before anything runs and redacted from every writer. */
  secret?: boolean
  /** Conventional environment variables the CLI also reads (after ATLAS_PREFLIGHT_<NAME>). */
  env?: string[]
}

export const INPUTS: readonly InputSpec[] = [
  {
    name: 'atlas-public-key',
    description:
      'Atlas API key pair: the public key (8 lowercase letters). Used as the HTTP Digest username.',
    secret: true,
    env: ['MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY']
  },
  {
    name: 'atlas-private-key',
    description: 'Atlas API key pair: the private key (a UUID). Used as the HTTP Digest password.',
    secret: true,
    env: ['MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY']
  },
  {
    name: 'atlas-client-id',
    description: 'Atlas service account client id (`mdb_sa_id_…`), for OAuth 2.0 client credentials.',
    secret: true,
    env: ['MONGODB_ATLAS_CLIENT_ID']
  },
  {
    name: 'atlas-client-secret',
    description: 'Atlas service account client secret (`mdb_sa_sk_…`).',
    secret: true,
    env: ['MONGODB_ATLAS_CLIENT_SECRET']
  },
  {
    name: 'atlas-org-id',
    description: 'Atlas organization id (24 hex). Optional: found from the credential when omitted.',
    env: ['MONGODB_ATLAS_ORG_ID']
  },
  {
    name: 'atlas-project-id',
    description:
      "Atlas project (group) id (24 hex). Enables the project read and the project's network access list check.",
    env: ['MONGODB_ATLAS_PROJECT_ID']
  },
  {
    name: 'atlas-base-url',
    description: 'Atlas Administration API base URL. Atlas for Government: https://cloud.mongodbgov.com.',
    default: 'https://cloud.mongodb.com',
    env: ['MONGODB_ATLAS_BASE_URL']
  },
  {
    name: 'ai-api-key',
    description: 'Atlas Cloud AI API key (`apikey-…`), sent as a Bearer token.',
    secret: true,
    env: ['ATLASCLOUD_API_KEY']
  },
  { name: 'ai-base-url', description: 'Atlas Cloud AI API base URL.', default: 'https://api.atlascloud.ai' },
  {
    name: 'ai-client-id',
    description:
      'Only to diagnose a mix-up: Atlas Cloud AI has no client id/secret exchange. Giving one yields a finding that says where it belongs.',
    secret: true
  },
  { name: 'ai-client-secret', description: 'Only to diagnose a mix-up, as `ai-client-id`.', secret: true },
  {
    name: 'ai-required-models',
    description: 'Model ids (newline or comma list) that must be in the Atlas Cloud model catalog.'
  },
  {
    name: 'min-credits',
    description:
      'Fail when the Atlas Cloud AI available balance (USD) is below this. Unset: fail only at or below zero.'
  },
  {
    name: 'warn-credits',
    description: 'Warn when the Atlas Cloud AI available balance (USD) is below this.'
  },
  {
    name: 'ip-echo-urls',
    description:
      'IP echo services (newline or comma list); each answers a plain-text address or JSON with an `ip` field. Default: checkip.amazonaws.com, api.ipify.org, icanhazip.com, and api64.ipify.org for IPv6.'
  },
  { name: 'egress-ip', description: "Skip detection and use this address as the runner's public address." },
  {
    name: 'checks',
    description: 'Check ids to run (newline or comma list). Default: every check the given inputs allow.'
  },
  {
    name: 'ignore',
    description: 'Check ids whose errors become warnings (or `all`), as kubeadm --ignore-preflight-errors.'
  },
  {
    name: 'fail-on',
    description: 'Exit status policy: `error` (fail on errors), `warning` (fail on warnings too) or `never`.',
    default: 'error'
  },
  {
    name: 'timeout-seconds',
    description: 'Global deadline for the whole preflight, in seconds (1 to 600).',
    default: '60'
  },
  { name: 'report-path', description: 'Write the JSON report to this file.' },
  {
    name: 'allowed-roles',
    description:
      'Atlas roles the credential may hold (newline or comma list). Default: anything but ORG_OWNER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN and GROUP_OWNER.'
  },
  {
    name: 'secret-expiry-days',
    description: 'Warn when the service account secret expires within this many days.',
    default: '14'
  },
  {
    name: 'revoke-token',
    description: 'Revoke the service account access token when the preflight ends.',
    default: 'false'
  },
  {
    name: 'export-token',
    description:
      'Expose the service account access token as the masked `access-token` output for later steps (see README for the risks).',
    default: 'false'
  },
  {
    name: 'allow-custom-endpoints',
    description:
      'Allow credentials to be sent to base URLs other than the official Atlas, Atlas for Government and Atlas Cloud hosts.',
    default: 'false'
  },
  {
    name: 'lease-network-access',
    description:
      "Add this runner's address to the project's network access list for this job only (needs `atlas-project-id` and a credential with Project Network Access Manager); the post step removes it. Off by default: the only input that writes to Atlas.",
    default: 'false'
  },
  {
    name: 'lease-minutes',
    description:
      "Minutes until Atlas itself deletes a leased entry (`deleteAfterDate`), the safety net for cancelled jobs: 1 to 10080 (a week). Match the job's `timeout-minutes`.",
    default: '360'
  },
  {
    name: 'cluster',
    description:
      'Atlas cluster name (with `atlas-project-id`): check its state and that this runner reaches its hosts (DNS, TCP, TLS; no database credential is sent).'
  },
  {
    name: 'database-user',
    description:
      'A database user to check on the project: exists, scoped to `cluster`, not expired, has a role. `admin` database unless written `$external/<name>`.'
  },
  {
    name: 'mongodb-uri',
    description:
      "A connection string the deploy uses (a secret): linted without any network call, and its hosts probed like `cluster`'s. Its password never leaves the runner.",
    secret: true,
    env: ['MONGODB_URI']
  },
  {
    name: 'warn-days-left',
    description:
      'Atlas Cloud AI: warn when the credit left lasts fewer days than this at the recent burn rate (from the last 14 full days of costs).'
  },
  {
    name: 'min-days-left',
    description:
      'Atlas Cloud AI: fail when the credit left lasts fewer days than this at the recent burn rate.'
  },
  {
    name: 'open-issue',
    description:
      'Scheduled health checks: open (or update) one tracking issue when the run fails, close it when it passes.',
    default: 'false'
  },
  {
    name: 'github-token',
    description: 'Token for the tracking issue (needs `issues: write`).',
    default: '${{ github.token }}',
    secret: true
  }
]

export const SECRET_INPUTS = INPUTS.filter(i => i.secret).map(i => i.name)
/**
 * Secret inputs that are identifiers (a public key, a client id): masked and redacted whole, but a piece of one is
 * not a secret (ObjectId-based ids share long prefixes with project and org ids created near the same time).
 */
export const IDENTIFIER_INPUTS: readonly string[] = ['atlas-public-key', 'atlas-client-id', 'ai-client-id']
