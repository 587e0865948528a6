// The read model as the application reads it. The runner may hold a live catch-up's versions in
// memory for a few milliseconds before writing them (writeDelayMs); every read of the read model's
// own tables first has it write them, so a reading at the runner's position finds all it applied.
// Reads answered from the latest states in memory (StateCache) never come here and never wait.
import type { AuditIndexQuery, Checkpoint, ReadModel, ReadModelBatch, StoredVersion } from './read-model.ts';

export interface UnwrittenSource {
  /** Resolves once the read model holds everything applied when it was called. */
  writeUnwritten(): Promise<void>;
}

export class WrittenReadModel implements ReadModel {
  constructor(
    /** The read model itself. */
    readonly inner: ReadModel,
    private readonly runner: UnwrittenSource,
  ) {}

  get indexesEventsInPlace(): boolean | undefined {
    return this.inner.indexesEventsInPlace;
  }

  async checkpoint(): Promise<Checkpoint | null> {
    await this.runner.writeUnwritten();
    return this.inner.checkpoint();
  }

  async latest(projection: string, keys: readonly string[]): Promise<Map<string, StoredVersion>> {
    await this.runner.writeUnwritten();
    return this.inner.latest(projection, keys);
  }

  async at(projection: string, keys: readonly string[], position: number, validAt: string): Promise<Map<string, StoredVersion>> {
    await this.runner.writeUnwritten();
    return this.inner.at(projection, keys, position, validAt);
  }

  async first(projection: string, key: string): Promise<StoredVersion | null> {
    await this.runner.writeUnwritten();
    return this.inner.first(projection, key);
  }

  async keys(projection: string, position: number): Promise<string[]> {
    await this.runner.writeUnwritten();
    return this.inner.keys(projection, position);
  }

  async positionAt(instant: string): Promise<number> {
    await this.runner.writeUnwritten();
    return this.inner.positionAt(instant);
  }

  async auditPositions(query: AuditIndexQuery): Promise<number[]> {
    await this.runner.writeUnwritten();
    return this.inner.auditPositions(query);
  }

  // Writing and closing are the runner's and the application's, on the read model itself.
  reset(fingerprint: string): Promise<void> {
    return this.inner.reset(fingerprint);
  }

  apply(batch: ReadModelBatch): Promise<boolean> {
    return this.inner.apply(batch);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
