/**
 * The organization-scope findings (`fleet/*`), declared once: the troubleshooting entries and the report's ids.
 * Every one is raised with its `target` (the organization, a project, an API key, a service account).
 */
import { defineFindings } from '../core/finding.js'

const NETWORK_ACCESS = 'Atlas → the project → Network Access (or `atlas accessLists list --projectId <id>`)'
const API_ACCESS =
  'Organization Access Manager → Applications → API Keys (or Service Accounts) → the credential → Access List'

export const FLEET_FINDINGS = defineFindings('fleet', {
  'open-to-world': {
    severity: 'error',
    title: "A project's network access list is open to the whole internet",
    fix: `Delete \`0.0.0.0/0\` / \`::/0\` in ${NETWORK_ACCESS} and list the runners' egress addresses instead (for CI, lease one address per job with \`lease-network-access\`).`
  },
  'wide-entry': {
    severity: 'warning',
    title: 'A network access list entry is wider than one network',
    fix: `Narrow the entry in ${NETWORK_ACCESS} to the addresses that need the cluster (an IPv4 range of /24 or narrower, IPv6 /48 or narrower), or give it a deleteAfterDate if it is temporary.`
  },
  'uncommented-entry': {
    severity: 'notice',
    title: 'Network access list entries without a comment',
    fix: `Add a comment saying who needs each entry and why (${NETWORK_ACCESS} → Edit): an entry nobody can explain is never removed.`
  },
  'credential-owner': {
    severity: 'warning',
    title: 'A programmatic credential holds Organization Owner',
    fix: 'Give the credential the least role its job needs (Organization Read Only for audits, project roles for deploys): Organization Access Manager → Applications → the credential → Edit → roles.'
  },
  'credential-unrestricted': {
    severity: 'warning',
    title: 'A credential has no API access list and the organization does not require one',
    fix: `Add the addresses the credential is used from to its API access list (${API_ACCESS}), and turn on "Require IP Access List for the Atlas Administration API" in Organization Settings.`
  },
  'secret-expired': {
    severity: 'error',
    title: 'An expired service account secret still holds one of its two slots',
    fix: 'Delete the expired secret (Organization Access Manager → Applications → Service Accounts → the account → its secrets) so a new secret can be created when the live one must rotate: a service account holds at most two secrets, expired ones included.'
  },
  'secret-expiring': {
    severity: 'warning',
    title: "A service account's newest secret expires soon",
    fix: 'Create a new secret for the account, update the CI secrets that hold it, then delete the old one (Organization Access Manager → Applications → Service Accounts → the account).'
  },
  'credential-unused': {
    severity: 'notice',
    title: 'A credential shows no use in 90 days',
    fix: 'If nothing uses the credential any more, delete it (Organization Access Manager → Applications); an unused credential is a secret to leak and nothing to gain.'
  },
  incomplete: {
    severity: 'warning',
    title: 'Some targets of the organization could not be read',
    fix: "Give the scanning credential the role each unread target names (Organization Read Only covers projects, service accounts and settings; other API keys' access lists need a user administrator), raise `timeout-seconds`, or split the run with `atlas-preflight fleet plan` so each chunk reads fewer targets."
  },
  /** Declared a warning (what `0.0.0.0/0` appearing is); any other added entry is raised as a notice. */
  'entry-added': {
    severity: 'warning',
    title: 'An access list gained an entry since the last run',
    fix: 'Nothing to do if the change was intended; otherwise remove the entry and find who added it (Atlas → Organization → Activity Feed). `0.0.0.0/0` or `::/0` appearing is a warning: the list was opened to the whole internet.'
  },
  'entry-removed': {
    severity: 'notice',
    title: 'An access list lost an entry since the last run',
    fix: 'Nothing to do if the change was intended; if deploys or people relied on the entry, add it back (an infrastructure-as-code change that rewrote the list is the usual cause).'
  }
})
