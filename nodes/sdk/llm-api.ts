/** Chat models as nodes use them; main/adapters/llm implements it. Grown by the LLM layer. */
export interface LlmApi {
  /** Lists the models an OpenAI-compatible endpoint serves (GET /models). */
  models(endpoint: { baseUrl: string; apiKeySecret?: string }): Promise<string[]>;
}
