// The names of the language-model tools, as package.json contributes them. Light on purpose: the entry bundle
// registers the tools at activation, before the engine (and zod) is loaded.
export const toolNames = {
  animate: 'animate_image',
  listModels: 'list_video_models',
  check: 'check_video_provider',
} as const;
export type ToolName = (typeof toolNames)[keyof typeof toolNames];
