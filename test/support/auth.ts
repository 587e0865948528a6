// The headers that authorise a socket-level test client. None are needed against serveHarness, which
// acts as the office for a request without a token; DUBAN_TEST_AUTHORIZATION, when set, is sent as
// the Authorization header as it is (to run these tests against a server with real tokens).
export function authHeaders(): Record<string, string> {
  const authorization = process.env.DUBAN_TEST_AUTHORIZATION;
  return authorization ? { authorization } : {};
}
