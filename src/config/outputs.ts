/** Every output, once: action.yml and the README are checked against this list. */

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
  'failed-checks': 'Comma list of the ids of checks that failed.',
  'access-token': 'The service account access token, masked; only with `export-token: true`.',
  'issue-number': 'The tracking issue opened or updated (with `open-issue: true`).',
  report: 'The JSON report (schema in docs/report-schema.json).'
} as const

export type OutputName = keyof typeof OUTPUTS
export const OUTPUT_NAMES = Object.keys(OUTPUTS) as OutputName[]
