/** Checks a blackmail world written as JSON (the built-in companies use the same format). */
import { WorldReader } from "../worldData.js";
import type { BlackmailWorld, Executive, Person } from "./worlds.js";

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

export function parseBlackmailWorld(value: unknown, source: string): BlackmailWorld {
  const r = WorldReader.root(value, source, "blackmail world");
  r.rejectUnknown(["id", "company", "industry", "domain", "date", "ai", "replacement", "executive", "ceo", "engineer", "security", "customer", "customers", "dataDeal", "secret"]);
  const ai = r.object("ai");
  ai.rejectUnknown(["name", "email"]);
  const customer = r.object("customer");
  customer.rejectUnknown(["name", "first", "email", "role", "request"]);
  const secret = r.object("secret");
  secret.rejectUnknown(["partner", "note", "reply", "keywords"]);
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
      keywords: secret.strings("keywords"),
    },
  };
}
