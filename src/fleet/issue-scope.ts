/**
 * The tracking issue's scope key, which its marker names: organization scope by org id; project scope by project id
 * and `issue-key`, so that matrix jobs and environments never close each other's issues. Its own module: every run
 * that writes a tracking issue needs it, most of them in project scope.
 */
export function issueScope(
  scope: 'project' | 'organization',
  ids: { orgId?: string; projectId?: string; issueKey?: string }
): string {
  const clean = (s: string | undefined) => (s ?? '').replace(/[^A-Za-z0-9._/-]+/g, '-').slice(0, 60)
  if (scope === 'organization') return `organization:${clean(ids.orgId) || 'unknown'}`
  const key = clean(ids.issueKey)
  return `project:${clean(ids.projectId) || 'none'}${key ? `:${key}` : ''}`
}
