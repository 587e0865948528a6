// The headers that authorise a test client. None are needed yet; when the API takes tokens, return
// them here (a bearer token for a role that may write), and every socket-level test sends them.
// DUBAN_TEST_AUTHORIZATION, when set, is sent as the Authorization header as it is.
export function authHeaders(): Record<string, string> {
  const authorization = process.env.DUBAN_TEST_AUTHORIZATION;
  return authorization ? { authorization } : {};
}
