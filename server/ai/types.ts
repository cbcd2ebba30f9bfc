/** Every vector Pio stores has this many dimensions (the pgvector columns are vector(384)). */
export const EMBEDDING_DIMENSIONS = 384;

export interface EmbeddingProvider {
  /** Recorded with every vector, so a provider switch re-embeds instead of mixing spaces. */
  readonly model: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}
