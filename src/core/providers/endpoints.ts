/** `https://res.openai.azure.com/` → `https://res.openai.azure.com/openai/v1/` (the Videos API's v1 route). */
export function azureV1BaseUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/openai/v1') ? `${trimmed}/` : `${trimmed}/openai/v1/`;
}
