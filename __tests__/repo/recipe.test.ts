/**
 * The recipe for adding a check (docs/ARCHITECTURE.md) holds: in a temporary copy of the repository, a new check's id,
 * its file, its test and its registry entry are all a person writes; `npm run docs` regenerates the rest, typecheck
 * passes, and the new check's test, plan.test.ts and docs-sync.test.ts pass there (scripts/recipe-check.js, also
 * `npm run recipe-check`). About 45 s on a quiet machine: two compiles and a typecheck of the whole copy.
 */
import { describe, expect, it } from '@jest/globals'
import { BY_HAND, GENERATED, NEW_ID, recipeCheck } from '../../scripts/recipe-check.js'

describe('adding a check by the recipe', () => {
  it('touches the id list, its own file, its test and the registry; npm run docs does the rest', () => {
    const { changed, readme } = recipeCheck()
    // Everything changed is by hand (the four files) or generated; every by-hand file did change.
    expect(changed.filter(f => !BY_HAND.includes(f) && !GENERATED.includes(f))).toEqual([])
    expect(changed).toEqual(expect.arrayContaining(BY_HAND))
    // The generator wrote the new check's row (title and summary from its file) and its troubleshooting entry.
    expect(readme).toContain(`| \`${NEW_ID}\` | Recipe probe | A trivial check that proves the recipe`)
    expect(readme).toContain(`| \`${NEW_ID}/not-ready\` |`)
    expect(changed).toEqual(expect.arrayContaining(['README.md', 'docs/report-schema.json']))
  }, 240_000)
})
