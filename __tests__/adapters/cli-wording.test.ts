import { describe, expect, it } from '@jest/globals'
import { cliWording } from '../../src/adapters/cli-wording.js'

describe('advice in the CLI’s words', () => {
  it('names flags, not inputs', () => {
    expect(cliWording('Set `atlas-project-id` to the project id.')).toBe(
      'Set `--atlas-project-id` to the project id.'
    )
  })

  it('turns a `with:` line into a flag and secrets into variables', () => {
    expect(cliWording('e.g. `atlas-client-id: ${{ secrets.ATLAS_CLIENT_ID }}`.')).toBe(
      'e.g. `--atlas-client-id $ATLAS_CLIENT_ID`.'
    )
  })

  it('leaves other code spans alone', () => {
    expect(cliWording('Run `atlas accessLists create` and check `0.0.0.0/0`.')).toBe(
      'Run `atlas accessLists create` and check `0.0.0.0/0`.'
    )
  })

  it('replaces what only GitHub says: forks, Dependabot, workflows', () => {
    const out = cliWording(
      'Set the missing input (if it is set in the workflow, the secret behind it is empty or not available to this workflow: secrets are not passed to workflows from forks or to Dependabot runs).'
    )
    expect(out).not.toMatch(/workflow|Dependabot|fork/)
    expect(out).toContain('variable is empty or not available to this job')
  })
})
