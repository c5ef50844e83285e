/** The OAuth client-credentials token request, as Atlas takes it (Basic client id and secret, a form body). */
export function requestToken(atlasUrl: string, clientId: string, secret: string): Promise<Response> {
  return fetch(`${atlasUrl}/api/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded'
    },
    body: 'grant_type=client_credentials'
  })
}

/** A token for the sandbox's service account (the request above, its `access_token`). */
export async function mintToken(atlasUrl: string, clientId: string, secret: string): Promise<string> {
  const res = await requestToken(atlasUrl, clientId, secret)
  return ((await res.json()) as { access_token: string }).access_token
}
