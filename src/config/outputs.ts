/** Every output, once: action.yml and the README are checked against this list. */
import type { FindingSource } from '../core/check-ids.js'

export const OUTPUTS = {
  status: '`pass`, `warn` or `fail`.',
  'egress-ip': "The runner's public address (IPv4 where there is one), as Atlas sees it where it could tell.",
  'egress-ipv6': "The runner's public IPv6 address, when it has one.",
  'auth-method': '`api-key`, `service-account` or `none`.',
  'api-access-list':
    "Is the runner on the credential's Atlas API access list: `allowed`, `denied`, `unknown` or `skipped`.",
  'network-access-list':
    "Is the runner on the project's network access list: `allowed`, `denied`, `open-to-world`, `unknown` or `skipped`.",
  'projects-visible': 'How many Atlas projects the credential can read.',
  'credit-balance': 'Atlas Cloud AI available balance, as the API states it (e.g. `125.500000`).',
  'credit-currency': 'Currency of `credit-balance` (`usd`).',
  'network-lease':
    'With `lease-network-access`: `created` (this job added the entry), `existing` (an entry already covered the address), `shared` (another job holds the same entry), `failed`; empty when not asked.',
  'network-lease-entry': 'The access-list entry the lease relies on, e.g. `203.0.113.7/32`.',
  'cluster-state': "The cluster's `stateName` (`IDLE`, `CREATING`, …), or `PAUSED`.",
  'cluster-reachable':
    "Whether this runner reaches the cluster's hosts: `yes`, `no`, `partial`, `unknown` or `skipped`.",
  'credit-days-left':
    'Atlas Cloud AI: days the available credit lasts at the recent burn rate (empty when unknown).',
  'model-key':
    'The Atlas model API key: `valid` (proved by `model-key-proof`), `rejected`, `unproven` (not proved: no request was made, or the host does not match the key), or empty when `model-api-key` is not given.',
  'credit-headroom':
    "Atlas Cloud AI: the smallest of the spending caps that could be read (balance, the project's budget left this month, the key's allowance left), in the account's currency; at most this when `credit-binding-cap` is `unknown`.",
  'credit-binding-cap':
    'Which cap is the tightest: `balance`, `project-budget`, `key-allowance`, `coding-plan`, or `unknown` (a cap that applies could not be read).',
  'fleet-targets':
    'Organization scope: how many targets were to be read (projects, API keys and service accounts; the organization itself not counted).',
  'fleet-unread':
    'Organization scope: how many of those targets could not be read (named in `fleet/incomplete`); `0` only when all were read.',
  'failed-checks': 'Comma list of the ids of checks that failed.',
  'access-token': 'The service account access token, masked; only with `export-token: true`.',
  'issue-number': 'The tracking issue opened or updated (with `open-issue: true`).',
  report: 'The JSON report (schema in docs/report-schema.json).'
} as const

export type OutputName = keyof typeof OUTPUTS
export const OUTPUT_NAMES = Object.keys(OUTPUTS) as OutputName[]

/**
 * Who sets each output: exactly one check (or the organization scan, `fleet`), or the run itself (`run`). The report
 * takes an output only from its owner (report/outputs.ts), so no output depends on the order checks run or are
 * listed in; a value derived from several checks is derived there, in one named rule.
 */
export const OUTPUT_OWNERS = {
  status: 'run',
  'egress-ip': 'egress-ip',
  'egress-ipv6': 'egress-ip',
  'auth-method': 'secrets',
  'api-access-list': 'atlas-api-access-list',
  'network-access-list': 'atlas-network-access-list',
  'projects-visible': 'atlas-read',
  'credit-balance': 'ai-credits',
  'credit-currency': 'ai-credits',
  'network-lease': 'atlas-network-lease',
  'network-lease-entry': 'atlas-network-lease',
  'cluster-state': 'atlas-cluster',
  'cluster-reachable': 'cluster-reachability',
  'credit-days-left': 'ai-credits',
  'model-key': 'model-api-key',
  'credit-headroom': 'ai-credits',
  'credit-binding-cap': 'ai-credits',
  'fleet-targets': 'fleet',
  'fleet-unread': 'fleet',
  'failed-checks': 'run',
  'access-token': 'run',
  'issue-number': 'run',
  report: 'run'
} as const satisfies Record<OutputName, FindingSource | 'run'>
