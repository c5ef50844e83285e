/**
 * Every `inputs/*` finding, declared once: what the parsers (parsers.ts) and the cross-input rules (rules.ts) can
 * raise, and the source of the README's troubleshooting rows for the inputs. The titles and fixes here are the
 * general ones; a parser raises its finding titled by the input, with a fix that names it and its accepted values.
 */
import { defineFindings, type Raise } from '../core/finding.js'

export const INPUT_FINDINGS = defineFindings('inputs', {
  // One per kind of input (parsers.ts).
  'not-boolean': {
    severity: 'error',
    title: 'Invalid input: not `true` or `false`',
    fix: 'Set the input to `true` or `false`.'
  },
  'out-of-range': {
    severity: 'error',
    title: 'Invalid input: not a whole number in range',
    fix: 'Set the input to a whole number in the range the Inputs table states, or leave it out for the default.'
  },
  'not-a-number': {
    severity: 'error',
    title: 'Invalid input: not a number',
    fix: 'Set the input to a plain decimal number such as `10` or `2.5`.'
  },
  'not-an-id': {
    severity: 'error',
    title: 'Invalid input: not a 24-character hexadecimal id',
    fix: 'Copy the id from the Atlas UI (Organization or Project Settings) or `atlas projects list`.'
  },
  // The enum kind's id, named after `fail-on` (its only input when the id was published).
  'fail-on': {
    severity: 'error',
    title: 'Invalid input: not one of the accepted values',
    fix: 'Set the input to one of the values the Inputs table lists.'
  },
  'not-one-of': {
    severity: 'error',
    title: 'Invalid input: not one of the accepted values',
    fix: 'Set the input to one of the values the Inputs table lists, or leave it out for the default.'
  },
  'base-url-invalid': {
    severity: 'error',
    title: 'Invalid input: base URL is not an http(s) URL',
    fix: 'Set the base URL to an origin such as `https://cloud.mongodb.com`, or remove it for the default.'
  },
  'base-url-credentials': {
    severity: 'error',
    title: 'Invalid input: base URL carries a user name or password',
    fix: 'Remove the credentials from the URL; pass them in their own inputs.'
  },
  'base-url-insecure': {
    severity: 'error',
    title: 'Invalid input: plain HTTP to a host that is not loopback',
    fix: 'Use https://.'
  },
  'base-url-wrong-service': {
    severity: 'error',
    title: 'Invalid input: base URL of the other service',
    fix: 'Atlas Administration API and Atlas Cloud AI are unrelated services: give each its own base URL, or remove it for the default.'
  },
  'base-url-untrusted': {
    severity: 'error',
    title: 'Invalid input: base URL is not an official host',
    fix: 'Use an official host, or set `allow-custom-endpoints: true` if this endpoint is yours (a proxy or a test server).'
  },
  'base-url-path': {
    severity: 'error',
    title: 'Invalid input: base URL includes an API path',
    fix: 'Give only the origin; the action adds the API paths.'
  },
  'echo-url': {
    severity: 'error',
    title: 'Invalid input: an entry is not an http(s) URL',
    fix: 'List full URLs such as `https://checkip.amazonaws.com`, one per line or comma separated.'
  },
  'echo-url-credentials': {
    severity: 'error',
    title: 'Invalid input: an entry carries a user name or password',
    fix: 'Remove the `user:password@` part, or list a public echo service that needs no credentials.'
  },
  'unknown-check': {
    severity: 'error',
    title: 'Invalid input: unknown check id',
    fix: 'Use the check ids the Inputs table lists.'
  },
  // The IP kind's id, named after `egress-ip` (its only input).
  'egress-ip': {
    severity: 'error',
    title: 'Invalid input: not an IPv4 or IPv6 address',
    fix: 'Set an address such as `203.0.113.10`, or remove the input.'
  },
  // The cross-input rules (rules.ts).
  'warn-below-min': {
    severity: 'warning',
    title: '`warn-credits` is below `min-credits`',
    fix: 'Set `warn-credits` above `min-credits` (e.g. twice as high).'
  },
  'warn-days-below-min': {
    severity: 'warning',
    title: '`warn-days-left` is below `min-days-left`',
    fix: 'Set `warn-days-left` above `min-days-left` (e.g. twice as high).'
  },
  'project-role-names': {
    severity: 'error',
    title: '`allowed-roles` spells project roles PROJECT_*',
    fix: 'Write project roles as the Atlas API spells them: GROUP_* (e.g. GROUP_READ_ONLY), not PROJECT_*.'
  },
  'revoke-and-export': {
    severity: 'warning',
    title: '`revoke-token` is ignored with `export-token`',
    fix: 'Keep `export-token: true` and let the token expire (at most one hour), or drop `export-token` to revoke it at the end.'
  },
  'lease-needs-project': {
    severity: 'error',
    title: '`lease-network-access` needs `atlas-project-id`',
    fix: 'Set `atlas-project-id` to the project whose network access list the runner must be on, or drop `lease-network-access`.'
  },
  'cluster-needs-project': {
    severity: 'error',
    title: '`cluster` and `database-user` need `atlas-project-id`',
    fix: 'Set `atlas-project-id` to the project the cluster or user belongs to (for `cluster`, `mongodb-uri` alone also works).'
  },
  'target-invalid': {
    severity: 'error',
    title: 'Invalid input `targets`',
    fix: 'Write each target as `project:<24-hex project id>`, `api-key:<24-hex key id>` or `service-account:<client id>` (`mdb_sa_id_…`), comma or newline separated; `atlas-preflight fleet plan` writes them for you.'
  },
  'targets-need-organization': {
    severity: 'error',
    title: '`targets` needs `scope: organization`',
    fix: 'Set `scope: organization`, or drop `targets` (a project-scope run checks `atlas-project-id`).'
  },
  // Where values came from (environment.ts): a notice, never a problem.
  'from-environment': {
    severity: 'notice',
    title: 'Inputs read from environment variables',
    fix: 'Nothing to do: an input given to the step always wins over the variable.'
  }
})

/** How a parser raises a finding about one input: titled by it, with a fix that names it, the input in the data. */
export function about(input: string, fix: string): Raise {
  return { title: `Invalid input \`${input}\``, fix, data: { input } }
}
