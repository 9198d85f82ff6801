/**
 * Nutshell API ids are `{integer}-{entityType}` (for example `12-accounts`).
 * The link fields of a lead each accept exactly one entity type, so the form checks the suffix
 * before anything is sent: a `12-contacts` typed into the company field is a user mistake,
 * and the API would otherwise answer with a generic 400.
 */
export const LINK_ENTITY_TYPES = {
  owner: 'users',
  accounts: 'accounts',
  contacts: 'contacts',
  sources: 'sources',
  tags: 'tags',
  products: 'products',
  competitors: 'competitors',
} as const;

export type LinkField = keyof typeof LINK_ENTITY_TYPES;
export type EntityType = (typeof LINK_ENTITY_TYPES)[LinkField];

const ID_PATTERN = /^(\d{1,15})-([a-z]+)$/;

export interface ParsedNutshellId {
  number: number;
  entityType: string;
}

export function parseNutshellId(raw: string): ParsedNutshellId | undefined {
  const match = ID_PATTERN.exec(raw.trim());
  if (!match?.[1] || !match[2]) {
    return undefined;
  }
  return { number: Number(match[1]), entityType: match[2] };
}

export function isIdOfType(raw: string, entityType: EntityType): boolean {
  return parseNutshellId(raw)?.entityType === entityType;
}
