/** Mutable in-memory state of one sandbox instance. `resetState` re-seeds it in place. */
import { seed } from './seed.ts';
import type { SeedData } from './seed.ts';
import type { FullLead } from './wire.ts';

export type LeadEnvelope = 'bare' | 'leads';

export interface SandboxConfig {
  /**
   * Shape of the POST /leads and GET /leads/{id} success body: `'bare'` (a FullLead, as the
   * document shows; default) or `'leads'` (`{"leads":[FullLead]}`, like LeadResponse). A request
   * header `x-sandbox-envelope: leads|bare` overrides this per request.
   */
  leadEnvelope: LeadEnvelope;
}

export interface ProductMapRecord {
  id: number;
  leadId: number;
  productId: number;
  quantity: number;
  /** Unit price, decimal string with two decimals. */
  amount: string;
  currency: string;
  productType: string | null;
}

export interface CompetitorMapRecord {
  id: number;
  leadId: number;
  competitorId: number;
}

export interface SandboxState {
  data: SeedData;
  /** The same array object is kept across resets (Sandbox.leads points at it). */
  leads: FullLead[];
  /** Custom field values by lead number, keyed by custom field name. */
  leadCustomFieldValues: Map<number, Record<string, string | string[]>>;
  productMaps: ProductMapRecord[];
  competitorMaps: CompetitorMapRecord[];
  nextLeadNumber: number;
  config: SandboxConfig;
}

export const FIRST_LEAD_NUMBER = 1001;

export function defaultConfig(): SandboxConfig {
  return { leadEnvelope: 'bare' };
}

export function createState(): SandboxState {
  return {
    data: seed(),
    leads: [],
    leadCustomFieldValues: new Map(),
    productMaps: [],
    competitorMaps: [],
    nextLeadNumber: FIRST_LEAD_NUMBER,
    config: defaultConfig(),
  };
}

export function resetState(state: SandboxState): void {
  state.data = seed();
  state.leads.length = 0;
  state.leadCustomFieldValues.clear();
  state.productMaps.length = 0;
  state.competitorMaps.length = 0;
  state.nextLeadNumber = FIRST_LEAD_NUMBER;
  state.config = defaultConfig();
}

export function nextId(items: readonly { id: number }[]): number {
  let max = 0;
  for (const item of items) {
    if (item.id > max) {
      max = item.id;
    }
  }
  return max + 1;
}
