/**
 * atlas-api-access-list: is the runner's address on the credential's own API access list, and does the
 * organization require one? A 403 with an *ACCESS_LIST* (or older *WHITELIST*) code is definitive and names the
 * address Atlas saw. Otherwise the list is read where the credential may (the identity call carries it for API
 * keys; service accounts' own list in the project's view with Project Read Only, else the organization's with
 * Organization Read Only), and `orgs/{id}/settings` (a bucket of 10) at most once. A service account's entries
 * carry `lastUsedAddress`: one more view of the address Atlas sees, and on a scheduled run an address the deploys
 * last came from that no entry covers any more is a warning.
 */
import { defineFindings } from '../core/finding.js'
import { startEarly, type CheckDeclaration } from '../check-support/check.js'

/** Where a credential's API access list is edited, and why not from the runner it blocks. */
const ADD_ENTRY =
  "Add the runner's address as the `/32` entry the finding names to the credential's API access list: Organization Access Manager → Applications → API Keys (or Service Accounts) → the credential → Access List. It cannot be added from the runner the list blocks: use the Atlas UI, or the CLI or API from a machine that may already call the API (`atlas organizations apiKeys accessLists create --apiKey <id> --ip <address>`; for a service account `POST /api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList`). GitHub-hosted runners change address every run: list a static egress address instead."

export const FINDINGS = defineFindings('atlas-api-access-list', {
  'not-on-list': {
    severity: 'error',
    title: "The runner's address is not on the API access list",
    fix: ADD_ENTRY
  },
  'org-requires-list': {
    severity: 'error',
    title: 'The organization requires an API access list entry for this runner',
    fix: ADD_ENTRY
  },
  'open-to-world': {
    severity: 'warning',
    title: 'The API access list allows every address',
    fix: "Replace 0.0.0.0/0 with the runner's egress address or range (x.x.x.x/32)."
  },
  'no-list': {
    severity: 'warning',
    title: 'The credential has no API access list',
    fix: 'Add the runner\'s egress address or range to the credential\'s API access list, and turn on "Require IP Access List for the Atlas Administration API" in Organization Settings.'
  },
  'last-used-not-on-list': {
    severity: 'warning',
    title: 'The credential was last used from an address no longer on its list',
    fix: "Calls from that address now fail with 403: if the deploys still run there, add its `/32` entry back to the service account's access list (Organization Access Manager → Applications → Service Accounts → the account → Access List); if it moved, nothing is lost."
  },
  'on-list': { severity: 'notice', title: 'The runner is on the API access list', fix: 'Nothing to do.' },
  'allowed-unmatched': {
    severity: 'notice',
    title: 'Allowed, though no entry matches the detected address',
    fix: 'Nothing to do now; if calls start failing, compare the address in the 403 error with the list.'
  },
  allowed: { severity: 'notice', title: 'The runner may call the Atlas API', fix: 'Nothing to do.' },
  'org-does-not-require': {
    severity: 'notice',
    title: 'The organization does not require API access lists',
    fix: 'Consider turning it on.'
  }
})

export interface ApiAccessListData extends Record<string, unknown> {
  verdict: 'allowed' | 'denied' | 'unknown'
  ip?: string
  entries?: string[]
  apiAccessListRequired?: boolean
}

export const atlasApiAccessListDeclaration: CheckDeclaration<ApiAccessListData> = {
  id: 'atlas-api-access-list',
  title: 'Atlas API access list',
  summary:
    "Is the runner on the credential's own **API** access list, does the organization require one; the exact `x.x.x.x/32` entry to add and where. A service account's list is read in the project's view with `atlas-project-id` (Project Read Only suffices, so `no-list` and `open-to-world` fire with the least-privilege role), else in the organization's; its entries' `lastUsedAddress` is one more view of the address Atlas sees, and on a `schedule:` run an address the account was last used from that no entry covers any more is a warning (`last-used-not-on-list`).",
  needs: ['atlas-auth'],
  after: ['egress-ip'],
  findings: FINDINGS,
  applies: () => true,
  prefetch({ config, services }) {
    const { orgId, clientId, projectId } = config.atlas
    if (!services.atlas) return
    // The project's view of the account's list first (Project Read Only); the org's is the fallback.
    if (services.atlas.method === 'service-account' && clientId && projectId)
      startEarly(services.atlas.groupServiceAccountAccessList(projectId, clientId))
    if (!orgId) return
    if (services.atlas.method === 'service-account' && clientId && !projectId)
      startEarly(services.atlas.serviceAccountAccessList(orgId, clientId))
    startEarly(services.atlas.orgSettings(orgId))
  }
}
