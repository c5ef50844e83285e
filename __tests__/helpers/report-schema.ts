import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { ROOT } from '../../scripts/runner-harness.js'

const ajv = new Ajv2020({ allErrors: true, strict: false })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'docs/report-schema.json'), 'utf8')))

/** 'valid', or the validator's words. */
export function reportErrors(report: unknown): string {
  return validate(report) ? 'valid' : ajv.errorsText(validate.errors)
}
