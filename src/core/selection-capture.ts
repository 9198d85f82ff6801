/**
 * "Create Lead from Selection": turns selected text (an email signature, meeting notes) into a
 * description and suggestions for the people and company pickers. Suggestions are only offered;
 * nothing is linked until the user picks it.
 *
 * `POST /leads` has no note or free-text field besides `description` (which is also the lead's
 * name), so the rest of the selection is not sent.
 */
import { DESCRIPTION_MAX_LENGTH } from './lead-schema.ts';

export interface SuggestedPerson {
  name?: string;
  email?: string;
  phone?: string;
}

export interface SelectionCapture {
  description: string;
  people: SuggestedPerson[];
  companies: string[];
  urls: string[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>()"']+[^\s<>()"'.,;:!?]/gi;
const PHONE = /(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]?\d{2,4}[\s.-]?\d{2,6}(?:\s*(?:x|ext\.?)\s*\d{1,6})?/gi;
const COMPANY_SUFFIX =
  /\b(Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|GmbH|AG|S\.A\.|SAS|B\.V\.|Corp\.?|Corporation|Co\.|Company|Group|Holdings|Labs|Technologies|Solutions|Systems|Partners|Consulting|Studio|Studios|Software|Agency)$/;
const PERSON_NAME = /^(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof)\.?\s+)?[A-Z][a-zA-Z'’-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][a-zA-Z'’-]+){1,2}$/;
/** Webmail domains say nothing about the sender's company. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'fastmail.com',
  'hey.com',
  'example.com',
]);
const SIGN_OFF = /^(best|regards|kind regards|best regards|thanks|thank you|cheers|sincerely|--|—)[,!.\s]*$/i;

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function companyFromDomain(email: string): string | undefined {
  const domain = email.split('@')[1]?.toLowerCase();
  if (!domain || FREE_MAIL.has(domain)) {
    return undefined;
  }
  const labels = domain.split('.');
  const main = labels.length >= 3 && labels.at(-2)!.length <= 3 ? labels.at(-3) : labels.at(-2);
  if (!main) {
    return undefined;
  }
  return main.charAt(0).toUpperCase() + main.slice(1);
}

export function captureSelection(selection: string): SelectionCapture {
  const lines = selection
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const first = lines[0] ?? '';
  const description = first.length > DESCRIPTION_MAX_LENGTH ? first.slice(0, DESCRIPTION_MAX_LENGTH) : first;

  const emails = unique(selection.match(EMAIL) ?? [], (email) => email.toLowerCase());
  const urls = unique(
    (selection.match(URL) ?? []).filter((url) => !url.includes('@')),
    (url) => url.toLowerCase(),
  );
  const withoutUrlsAndEmails = selection.replace(URL, ' ').replace(EMAIL, ' ');
  const phones = unique(
    (withoutUrlsAndEmails.match(PHONE) ?? [])
      .map((phone) => phone.trim())
      .filter((phone) => {
        const digits = digitsOf(phone).length;
        // Dates and plain numbers are not phone numbers.
        return digits >= 7 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(phone);
      }),
    digitsOf,
  );

  const companyLines = lines.filter((line) => line.length <= 80 && COMPANY_SUFFIX.test(line.replace(/[,.]$/, '')));
  const companies = unique(
    [...companyLines.map((line) => line.replace(/,$/, '')), ...emails.map(companyFromDomain).filter((c): c is string => !!c)],
    (company) => company.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/(inc|llc|ltd|gmbh|corp|co)$/, ''),
  );

  // A person's name: a short capitalised line, preferring the one right after a sign-off.
  const nameCandidates = lines.filter(
    (line, index) =>
      PERSON_NAME.test(line) &&
      !companyLines.includes(line) &&
      (index > 0 || lines.length === 1 || SIGN_OFF.test(lines[index - 1] ?? '') || emails.length > 0),
  );
  const afterSignOff = lines.find((line, index) => index > 0 && SIGN_OFF.test(lines[index - 1] ?? '') && PERSON_NAME.test(line));
  const name = afterSignOff ?? nameCandidates.find((line) => line !== first) ?? nameCandidates[0];

  const people: SuggestedPerson[] = [];
  if (emails.length > 0) {
    emails.forEach((email, index) => {
      const person: SuggestedPerson = { email };
      if (index === 0 && name) {
        person.name = name;
      }
      if (index === 0 && phones[0]) {
        person.phone = phones[0];
      }
      people.push(person);
    });
  } else if (name) {
    people.push(phones[0] ? { name, phone: phones[0] } : { name });
  }

  return { description, people, companies, urls };
}

/** A company name without its legal suffix: "Acme Widgets Inc." → "Acme Widgets", for searching. */
export function companySearchText(name: string): string {
  const core = name.replace(/[,.]$/, '').replace(COMPANY_SUFFIX, '').replace(/[\s,]+$/, '');
  return core.length >= 2 ? core : name;
}

/** A display name for a suggested person who has no name: the email's local part, capitalised. */
export function nameForSuggestedPerson(person: SuggestedPerson): string {
  if (person.name) {
    return person.name;
  }
  const local = person.email?.split('@')[0] ?? person.phone ?? '';
  return local
    .split(/[._-]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}
