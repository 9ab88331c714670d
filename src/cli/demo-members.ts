import type { App } from '../app.ts';
import type { AuditActor } from '../modules/audit/audit.usecases.ts';
import { parsePhoneNumber } from '../modules/contacts/phone-numbers.models.ts';
import { localizedParts } from '../modules/geography/addresses.models.ts';
import { createAddressesRepository } from '../modules/geography/addresses.repository.ts';
import type { ContactKind, GreenChannel, MembershipStatus, RedChannel } from '../modules/members/members.models.ts';
import { createNetworkAssignmentRepository } from '../modules/networks/network-assignment.repository.ts';
import { withMembersTransaction } from '../modules/members/members.transaction.ts';
import { currentPrivacyText } from '../modules/members/privacy.usecases.ts';
import type { DemoStepResult } from './demo.ts';

/**
 * 200 invented members of the demo networks of PZ Demo: Belgian names, addresses from the shipped
 * sample that the networks cover, mobile numbers (+32 47x), some landlines (+32 2, +32 3),
 * e-mail at example.be; mostly Dutch, some French; most verified and active, some pending, a few
 * unreachable (active without a verified contact point, for the door-to-door list). The data is
 * drawn from a fixed seed and the people have fixed ids, so every installation gets the same
 * people and a second run adds none.
 */
const DEMO_BY: AuditActor = { actor: null, label: 'waakzaam demo' };

export const DEMO_MEMBER_COUNT = 200;
/** One summary entry, whatever the number of members added. */
export const DEMO_MEMBERS_AUDIT_ENTRIES = 1;

const FIRST_NAMES_NL = ['Jan', 'Marc', 'Luc', 'Els', 'An', 'Sofie', 'Tom', 'Koen', 'Griet', 'Lieve', 'Bart', 'Hilde', 'Wim', 'Katrien', 'Dirk', 'Inge', 'Pieter', 'Lotte', 'Jens', 'Emma', 'Lucas', 'Noor', 'Mila', 'Arthur', 'Louis', 'Julie', 'Stijn', 'Annelies', 'Geert', 'Veerle'];
const FIRST_NAMES_FR = ['Jean', 'Marie', 'Pierre', 'Sophie', 'Nathalie', 'Philippe', 'Isabelle', 'Olivier', 'Céline', 'Thomas', 'Camille', 'Hugo', 'Chloé', 'Michel', 'Anne'];
const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Leclercq', 'Vermeulen', 'Van den Broeck', 'Hermans', 'Michiels', 'Aerts', 'Lemmens', 'Smets', 'Pauwels', 'De Backer', 'Verstraete', 'Declercq', 'Renard', "D'Hondt"];

/** A small deterministic generator (mulberry32): the same demo on every run and machine. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!, digits: (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('') };
}

const ascii = (text: string) => text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z]+/g, '');

type DemoMember = {
  firstName: string;
  lastName: string;
  language: 'nl' | 'fr';
  contacts: Array<{ kind: ContactKind; value: string; verified: boolean }>;
  red: RedChannel[];
  green: GreenChannel[];
  status: MembershipStatus;
};

/** The i-th demo member, drawn from the generator. */
function drawMember(random: ReturnType<typeof seeded>, i: number): DemoMember {
  const language = random.next() < 0.85 ? 'nl' : 'fr';
  const firstName = random.pick(language === 'nl' ? FIRST_NAMES_NL : FIRST_NAMES_FR);
  const lastName = random.pick(LAST_NAMES);
  const roll = random.next();
  // 80 % active and verified, 12 % pending, 8 % active but unreachable (nothing verified).
  const status: MembershipStatus = roll < 0.8 ? 'active' : roll < 0.92 ? 'pending' : 'active';
  const unreachable = roll >= 0.92;
  const landlineOnly = random.next() < 0.08;
  const contacts: DemoMember['contacts'] = [];
  const verified = !unreachable && (status === 'active' || random.next() < 0.5);
  if (!landlineOnly) contacts.push({ kind: 'mobile', value: `+3247${random.digits(7)}`, verified });
  if (landlineOnly || random.next() < 0.15) contacts.push({ kind: 'landline', value: `+32${random.pick(['2', '3'])}${random.digits(7)}`, verified });
  if (random.next() < 0.75) contacts.push({ kind: 'email', value: `${ascii(firstName)}.${ascii(lastName)}.${i + 1}@${random.pick(['example.be', 'mail.example.be', 'telenet.example.be'])}`, verified });
  const hasEmail = contacts.some((c) => c.kind === 'email');
  return {
    firstName,
    lastName,
    language,
    contacts: contacts.filter((c) => c.kind === 'email' || parsePhoneNumber(c.value).ok),
    red: landlineOnly ? ['voice'] : random.next() < 0.5 ? ['sms'] : ['voice', 'sms'],
    green: hasEmail ? ['email'] : [],
    status,
  };
}

/** The addresses the active networks of a zone cover, in a stable order. */
async function coveredAddresses(app: App, zoneId: string) {
  const networks = await app.networks.listByZone(zoneId, { status: 'active' });
  if (networks.length === 0) return [];
  const rows = await app.database.db
    .selectFrom('network_addresses')
    .select('address_id')
    .distinct()
    .where('network_id', 'in', networks.map((n) => n.id))
    .orderBy('address_id')
    .execute();
  return rows.map((r) => r.address_id);
}

/** Adds the demo members of PZ Demo that are missing; runs after the networks step. */
export async function loadDemoMembers(app: App): Promise<DemoStepResult> {
  const zone = await app.zones.findByCode('DEMO');
  if (!zone) return { created: 0, note: 'skipped: the demo zone does not exist' };
  const addressIds = await coveredAddresses(app, zone.id);
  if (addressIds.length === 0) return { created: 0, note: 'skipped: no active demo network covers any address yet' };
  const privacy = await currentPrivacyText(app, 'nl');
  const random = seeded(20260115);
  const members = Array.from({ length: DEMO_MEMBER_COUNT }, (_, i) => drawMember(random, i));
  const created = await withMembersTransaction(app, async ({ people, contacts, memberships, audit, trx }) => {
    // Inside the transaction every query goes through it (SQLite has one connection).
    const addresses = createAddressesRepository({ database: trx });
    const assignments = createNetworkAssignmentRepository({ database: trx });
    let added = 0;
    for (const [i, member] of members.entries()) {
      // Fixed ids make the step idempotent: a demo member is added once.
      const personId = `demo-member-${String(i + 1).padStart(3, '0')}`;
      if (await people.findById(personId)) continue;
      const address = (await addresses.findById(addressIds[(i * 7) % addressIds.length]!))!;
      const networkIds = await assignments.networksOfAddress(address.id);
      const now = app.clock.now();
      await people.insert({
        id: personId,
        zoneId: zone.id,
        firstName: member.firstName,
        lastName: member.lastName,
        language: member.language,
        redChannels: member.red,
        greenChannels: member.green,
        quietFrom: i % 5 === 0 ? 22 * 60 : null,
        quietUntil: i % 5 === 0 ? 7 * 60 : null,
        pauseFrom: null,
        pauseUntil: null,
        consentVersion: privacy.version,
        consentAt: now,
        source: 'self',
        invitedAt: null,
        erasedAt: null,
        now,
      });
      const { street, municipality } = localizedParts(address, member.language);
      await people.insertAddress({ id: app.ids.id(), personId, kind: 'home', addressId: address.id, street, houseNumber: address.houseNumber, box: address.box, postcode: address.postcode, municipality, lat: address.lat, lon: address.lon });
      for (const contact of member.contacts) await contacts.insert({ id: app.ids.id(), personId, kind: contact.kind, value: contact.value, verifiedAt: contact.verified ? now : null, now });
      for (const networkId of networkIds) {
        await memberships.insert({ id: app.ids.id(), changeId: app.ids.id(), personId, networkId, status: member.status, byKind: 'system', actorId: null, now });
      }
      added += 1;
    }
    if (added > 0) await audit.record(DEMO_BY, { action: 'members.demo_loaded', zoneId: zone.id, details: { people: added } });
    return added;
  });
  return { created };
}
