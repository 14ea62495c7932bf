import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveAzureEndpoint } from '../../../src/core/providers/azureSoraJobs';
import { azureV1BaseUrl } from '../../../src/core/providers/endpoints';

// What users paste into animateImage.azureOpenai.endpoint / AZURE_OPENAI_ENDPOINT, for either resource shape
// (a classic Azure OpenAI resource and an AI Foundry one) and behind a proxy with a path prefix.
const roots = [
  'https://res.openai.azure.com',
  'https://res.cognitiveservices.azure.com',
  'https://proxy.example/azure',
] as const;
const pastedForms = (root: string): string[] => [
  root,
  `${root}/`,
  `  ${root}  `,
  `${root}/openai`,
  `${root}/openai/v1`,
  `${root}/OpenAI/V1/`,
  `${root}/openai/v1/video/generations/jobs?api-version=2025-02-15-preview`,
];

describe('the Azure endpoint, read once for both Azure providers', () => {
  for (const root of roots) {
    it(`finds the resource ${root} in every pasted form`, () => {
      for (const pasted of pastedForms(root)) {
        assert.equal(resolveAzureEndpoint(pasted).root, root, pasted);
        const v1 = azureV1BaseUrl(pasted);
        assert.equal(new URL(v1).pathname, `${new URL(root).pathname.replace(/\/$/, '')}/openai/v1/`, pasted);
        assert.ok(v1.startsWith(`${root}/openai/v1/`), `${pasted} → ${v1}`);
      }
    });
  }

  it('keeps a query the user gave on the v1 route, after the path', () => {
    assert.equal(
      azureV1BaseUrl('https://res.openai.azure.com/openai/v1/?api-version=preview'),
      'https://res.openai.azure.com/openai/v1/?api-version=preview',
    );
    assert.equal(
      resolveAzureEndpoint(
        'https://res.openai.azure.com/openai/v1/video/generations/jobs?api-version=2025-02-15-preview',
      ).apiVersion,
      '2025-02-15-preview',
    );
  });

  it('leaves what is not a URL for the provider to refuse', () => {
    assert.equal(azureV1BaseUrl('  res.openai.azure.com '), 'res.openai.azure.com');
  });
});
