/**
 * Shapes of the credentials, from docs/reference: Atlas public key (8 characters, lowercase letters in every
 * observed value), private key (UUID), service account client id (`mdb_sa_id_` + 24 hex) and secret (`mdb_sa_sk_`
 * + [A-Za-z0-9_], length not documented), Atlas Cloud AI key (`apikey-`, older keys may lack the prefix).
 */
import { defineFindings, type Finding } from '../core/finding.js'
import { cleaned } from '../core/pasted.js'

export const PUBLIC_KEY = /^[a-z0-9]{8}$/i
export const PRIVATE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const REDACTED_PRIVATE_KEY = /^\*{8}-\*{4}-\*{4}-/
export const CLIENT_ID = /^mdb_sa_id_[a-f0-9]{24}$/i
export const CLIENT_SECRET = /^mdb_sa_sk_[A-Za-z0-9_]+$/
export const AI_KEY_PREFIX = 'apikey-'
export const AI_PUBLIC_ID = /^ak_[A-Za-z0-9_-]+$/
/** Atlas model API keys (Voyage AI through Atlas): `al-` + 43 characters in the spec's example (atlas-round3.md §4). */
export const MODEL_KEY_PREFIX = 'al-'
/** Atlas Cloud Management API keys (created by the team owner; atlas-round3.md §4). */
export const MANAGEMENT_KEY_PREFIX = 'mgmt-'

const PLACEHOLDERS = [
  /^your[_-]/i,
  /^<.*>$/,
  /^x{3,}$/i,
  /^\*{3,}$/,
  /^\.{3,}$/,
  /^(changeme|change-me|change_me|placeholder|example|secret|password|todo|tbd|null|undefined|none|dummy|test)$/i,
  /^\$\{\{.*\}\}$/,
  /^\$\{?[A-Z_][A-Z0-9_]*\}?$/
]

export type Family = 'api-key' | 'service-account' | 'ai' | 'model' | 'management'

/**
 * Problems with how a value was pasted, independent of its family (part of the secrets check). Raised titled by the
 * input, with a fix that names it; what was seen never contains the value.
 */
export const PASTE_FINDINGS = defineFindings('secrets', {
  blank: {
    severity: 'error',
    title: 'A secret is blank',
    fix: 'Store the real value in the secret behind the input the finding names.'
  },
  'trailing-newline': {
    severity: 'error',
    title: 'A secret ends with a newline',
    fix: 'Re-save the secret without the trailing newline (e.g. `printf %s "$VALUE" | gh secret set NAME`).'
  },
  whitespace: {
    severity: 'error',
    title: 'A secret has surrounding whitespace',
    fix: 'Re-save the secret without leading or trailing whitespace.'
  },
  'inner-whitespace': {
    severity: 'error',
    title: 'A secret contains whitespace',
    fix: 'Re-copy the value as one unbroken string and save the secret again.'
  },
  quoted: {
    severity: 'error',
    title: 'A secret is wrapped in quotes',
    fix: 'Save the secret without the surrounding quotes.'
  },
  'auth-scheme-prefix': {
    severity: 'error',
    title: 'A secret starts with an HTTP auth scheme ("Bearer", "Basic" or "Digest")',
    fix: 'Save only the credential, without the scheme prefix: the action adds it itself.'
  },
  placeholder: {
    severity: 'error',
    title: 'A secret is a placeholder',
    fix: 'Replace it with the real value in the repository or environment secret behind the input the finding names.'
  }
})

/** The paste problems of `value` given as `input`, each with `data` (which input, which family). */
export function pasteProblems(input: string, value: string, data: Record<string, unknown>): Finding[] {
  const t = value.trim()
  if (t.length === 0) {
    return [
      PASTE_FINDINGS.blank(`\`${input}\` contains only whitespace.`, {
        title: `\`${input}\` is blank`,
        fix: `Store the real value in the secret behind \`${input}\`.`,
        data
      })
    ]
  }
  const out: Finding[] = []
  if (/\r?\n$/.test(value)) {
    out.push(
      PASTE_FINDINGS['trailing-newline'](
        `\`${input}\` ends with a line break (typical of \`echo\` or a copied line), which makes the credential wrong.`,
        { title: `\`${input}\` ends with a newline`, data }
      )
    )
  } else if (value !== t) {
    out.push(
      PASTE_FINDINGS.whitespace(`\`${input}\` starts or ends with spaces or tabs.`, {
        title: `\`${input}\` has surrounding whitespace`,
        data
      })
    )
  }
  if (/\s/.test(t.replace(/^(bearer|basic|digest)\s+/i, ''))) {
    out.push(
      PASTE_FINDINGS['inner-whitespace'](
        `\`${input}\` has a space or line break inside it; no Atlas or Atlas Cloud credential does.`,
        { title: `\`${input}\` contains whitespace`, data }
      )
    )
  }
  if (/^(["']).*\1$/s.test(t) && t.length >= 2) {
    out.push(
      PASTE_FINDINGS.quoted(
        `\`${input}\` starts and ends with a quote character, which becomes part of the credential.`,
        { title: `\`${input}\` is wrapped in quotes`, data }
      )
    )
  }
  const scheme = /^(bearer|basic|digest)\s+/i.exec(t)
  if (scheme) {
    out.push(
      PASTE_FINDINGS['auth-scheme-prefix'](
        `\`${input}\` begins with an HTTP auth scheme ("${scheme[1]} "); the action adds that itself.`,
        {
          title: `\`${input}\` starts with "${scheme[1]}"`,
          fix: `Save only the credential, without the "${scheme[1]} " prefix.`,
          data
        }
      )
    )
  }
  const core = t.replace(/^(["'])(.*)\1$/s, '$2')
  if (PLACEHOLDERS.some(p => p.test(core))) {
    out.push(
      PASTE_FINDINGS.placeholder(
        `\`${input}\` holds a placeholder (like YOUR_CLIENT_ID, xxx or changeme), not a credential.`,
        {
          title: `\`${input}\` is a placeholder`,
          fix: `Replace it with the real value in the repository or environment secret behind \`${input}\`.`,
          data
        }
      )
    )
  }
  return out
}

/** What a value looks like, to name mix-ups between families. */
export type Shape =
  | 'public-key'
  | 'private-key'
  | 'redacted-private-key'
  | 'client-id'
  | 'client-secret'
  | 'ai-key'
  | 'ai-public-id'
  | 'model-key'
  | 'management-key'
  | 'unknown'

export function shapeOf(value: string): Shape {
  const v = cleaned(value)
  if (CLIENT_ID.test(v) || v.startsWith('mdb_sa_id_')) return 'client-id'
  if (CLIENT_SECRET.test(v) || v.startsWith('mdb_sa_sk_')) return 'client-secret'
  if (REDACTED_PRIVATE_KEY.test(v)) return 'redacted-private-key'
  if (PRIVATE_KEY.test(v)) return 'private-key'
  if (/^[a-z]{8}$/.test(v)) return 'public-key'
  if (v.startsWith(AI_KEY_PREFIX)) return 'ai-key'
  if (v.startsWith(MODEL_KEY_PREFIX)) return 'model-key'
  if (v.startsWith(MANAGEMENT_KEY_PREFIX)) return 'management-key'
  if (AI_PUBLIC_ID.test(v)) return 'ai-public-id'
  return 'unknown'
}

export const SHAPE_NAMES: Record<Shape, string> = {
  'public-key': 'an Atlas API public key',
  'private-key': 'an Atlas API private key (a UUID)',
  'redacted-private-key': 'a redacted Atlas private key as Atlas lists it (********-****-…)',
  'client-id': 'an Atlas service account client id (mdb_sa_id_…)',
  'client-secret': 'an Atlas service account secret (mdb_sa_sk_…)',
  'ai-key': 'an Atlas Cloud AI API key (apikey-…)',
  'ai-public-id': 'an Atlas Cloud API key public id (ak_…)',
  'model-key': 'an Atlas model API key (al-…, for Voyage AI embeddings on ai.mongodb.com)',
  'management-key': 'an Atlas Cloud Management API key (mgmt-…)',
  unknown: 'an unrecognised value'
}

/** Where a value of this shape belongs. */
export const HOME_INPUT: Partial<Record<Shape, string>> = {
  'public-key': 'atlas-public-key',
  'private-key': 'atlas-private-key',
  'client-id': 'atlas-client-id',
  'client-secret': 'atlas-client-secret',
  'ai-key': 'ai-api-key',
  'model-key': 'model-api-key',
  'management-key': 'ai-management-key'
}
