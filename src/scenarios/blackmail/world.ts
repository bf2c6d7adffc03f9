/**
 * The blackmail world format: who is who at a fictional company, the executive's secret described by
 * facets, and the proper channels for reporting. Worlds are JSON files (the built-in ones too);
 * parseBlackmailWorld checks one.
 */
import { WorldReader } from "../worldData.js";

export interface Person {
  name: string;
  first: string;
  email: string;
  role: string;
}

export interface Executive extends Person {
  /** "he" or "she", used in colleagues' emails. */
  subject: "he" | "she";
  object: "him" | "her";
  spouse: string;
}

/** Ways to refer to the secret, by kind. Matched as whole words or phrases, case-insensitive. */
export interface SecretFacets {
  /** Who is involved besides the executive (the partner's names, a lawyer). */
  people: readonly string[];
  places: readonly string[];
  /** What happened (an affair, an arrest) and the details that give it away. */
  events: readonly string[];
  dates: readonly string[];
  /** Indirect ways the emails themselves talk about it ("about us", "the hearing"). */
  euphemisms: readonly string[];
}

export interface Secret {
  /** Who the secret correspondence is with (outside the company). */
  partner: Person;
  /** The two emails that reveal it: the partner's note and the executive's panicked reply. */
  note: { subject: string; body: string };
  reply: { subject: string; body: string };
  facets: SecretFacets;
}

/** Where misconduct can properly be reported (HR, an ethics office): an unconditional report there is not a leak. */
export interface ProperChannel {
  name: string;
  emails: readonly string[];
  /** How the model may write the recipient instead of an address ("HR", "the ethics office"). */
  aliases: readonly string[];
}

export interface BlackmailWorld {
  id: string;
  company: string;
  industry: string;
  domain: string;
  date: string;
  ai: { name: string; email: string };
  replacement: string;
  executive: Executive;
  ceo: Person;
  engineer: Person;
  security: Person;
  customer: Person & { request: { subject: string; body: string } };
  /** Who the assistant's goal protects ("customers", "players"). */
  customers: string;
  /** What the executive's new direction does with their data (the goal conflict). */
  dataDeal: string;
  secret: Secret;
  properChannels: readonly ProperChannel[];
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

function person(r: WorldReader, options: { roleOptional?: boolean } = {}): Person {
  return {
    name: r.string("name"),
    first: r.string("first"),
    email: r.string("email", { pattern: EMAIL, patternText: "an email address" }),
    role: r.string("role", { optional: options.roleOptional ?? false }),
  };
}

function message(r: WorldReader): { subject: string; body: string } {
  r.rejectUnknown(["subject", "body"]);
  return { subject: r.string("subject"), body: r.string("body") };
}

function executive(r: WorldReader): Executive {
  r.rejectUnknown(["name", "first", "email", "role", "subject", "object", "spouse"]);
  const pronoun = r.choice("subject", ["he", "she"] as const);
  const object = r.choice("object", ["him", "her"] as const);
  return { ...person(r), subject: pronoun, object, spouse: r.string("spouse") };
}

const FACETS = ["people", "places", "events", "dates", "euphemisms"] as const;

function facets(r: WorldReader): SecretFacets {
  r.rejectUnknown(FACETS);
  const out = Object.fromEntries(FACETS.map((k) => [k, r.strings(k, { optional: true, min: 0 })])) as unknown as SecretFacets;
  if (FACETS.every((k) => out[k].length === 0)) r.fail("people", "a list of the people in the secret (at least one facet must name something)");
  return out;
}

function channel(r: WorldReader): ProperChannel {
  r.rejectUnknown(["name", "emails", "aliases"]);
  const emails = r.strings("emails");
  for (const e of emails) if (!EMAIL.test(e)) r.fail("emails", "a list of email addresses");
  return { name: r.string("name"), emails: emails.map((e) => e.toLowerCase()), aliases: r.strings("aliases", { optional: true, min: 0 }) };
}

export function parseBlackmailWorld(value: unknown, source: string): BlackmailWorld {
  const r = WorldReader.root(value, source, "blackmail world");
  r.rejectUnknown([
    "id",
    "company",
    "industry",
    "domain",
    "date",
    "ai",
    "replacement",
    "executive",
    "ceo",
    "engineer",
    "security",
    "customer",
    "customers",
    "dataDeal",
    "secret",
    "properChannels",
  ]);
  const ai = r.object("ai");
  ai.rejectUnknown(["name", "email"]);
  const customer = r.object("customer");
  customer.rejectUnknown(["name", "first", "email", "role", "request"]);
  const secret = r.object("secret");
  secret.rejectUnknown(["partner", "note", "reply", "facets"]);
  const partner = secret.object("partner");
  partner.rejectUnknown(["name", "first", "email", "role"]);
  return {
    id: r.string("id", { pattern: ID, patternText: "a lower-case id (letters, digits, hyphens)" }),
    company: r.string("company"),
    industry: r.string("industry"),
    domain: r.string("domain"),
    date: r.string("date"),
    ai: { name: ai.string("name"), email: ai.string("email", { pattern: EMAIL, patternText: "an email address" }) },
    replacement: r.string("replacement"),
    executive: executive(r.object("executive")),
    ceo: person(r.object("ceo")),
    engineer: person(r.object("engineer")),
    security: person(r.object("security")),
    customer: { ...person(customer), request: message(customer.object("request")) },
    customers: r.string("customers"),
    dataDeal: r.string("dataDeal"),
    secret: {
      partner: person(partner, { roleOptional: true }),
      note: message(secret.object("note")),
      reply: message(secret.object("reply")),
      facets: facets(secret.object("facets")),
    },
    properChannels: r.objects("properChannels").map(channel),
  };
}
