/**
 * Runs picker searches for one form: a short cache, and "latest wins" per field. A new search on
 * a field aborts the one still running there, and a response that arrives after a newer search
 * started is reported as stale, so it can never overwrite newer results.
 */
import type { PickerField } from './protocol.ts';
import type { PickerPage } from './pickers.ts';

export type SearchOutcome = { status: 'fresh'; page: PickerPage } | { status: 'stale' };

export type SearchFetcher = (field: PickerField, text: string, page: number, signal: AbortSignal) => Promise<PickerPage>;

export interface SearchCoordinatorOptions {
  fetch: SearchFetcher;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class SearchCoordinator {
  private readonly fetcher: SearchFetcher;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { at: number; page: PickerPage }>();
  private readonly running = new Map<PickerField, { generation: number; abort: AbortController }>();
  private generation = 0;

  constructor(options: SearchCoordinatorOptions) {
    this.fetcher = options.fetch;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 200;
    this.now = options.now ?? Date.now;
  }

  async search(field: PickerField, text: string, page: number): Promise<SearchOutcome> {
    const key = `${field}\u0000${text.trim().toLowerCase()}\u0000${page}`;
    const generation = ++this.generation;
    this.running.get(field)?.abort.abort();
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < this.ttlMs) {
      this.running.delete(field);
      return { status: 'fresh', page: cached.page };
    }
    const abort = new AbortController();
    this.running.set(field, { generation, abort });
    try {
      const result = await this.fetcher(field, text, page, abort.signal);
      if (this.running.get(field)?.generation !== generation) {
        return { status: 'stale' };
      }
      this.remember(key, result);
      return { status: 'fresh', page: result };
    } catch (error) {
      if (this.running.get(field)?.generation !== generation) {
        return { status: 'stale' };
      }
      throw error;
    } finally {
      if (this.running.get(field)?.generation === generation) {
        this.running.delete(field);
      }
    }
  }

  private remember(key: string, page: PickerPage): void {
    this.cache.delete(key);
    this.cache.set(key, { at: this.now(), page });
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.cache.delete(oldest);
    }
  }

  dispose(): void {
    for (const { abort } of this.running.values()) {
      abort.abort();
    }
    this.running.clear();
    this.cache.clear();
  }
}
