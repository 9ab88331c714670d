import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { AppError, ValidationError, isAppError } from '../../shared/errors.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { parseInput } from '../../web/validation.ts';
import { MessagePage } from './member-access.views.tsx';
import { type MemberRequest, clearMemberCookie, signedInMember } from './member-access.routes.tsx';
import { eraseMember, exportMemberData, leaveNetwork, memberOverview } from './member-data.usecases.ts';
import { dayOf, formatTimeOfDay, lastPausedDay } from './member-preferences.models.ts';
import { addContact, pauseGreenMessages, removeContact, resumeGreenMessages, updateAddress, updatePreferences, updateProfile } from './member-profile.usecases.ts';
import type { Person } from './members.models.ts';
import { addressSchema, eraseSchema, leaveSchema, newContactSchema, pauseSchema, preferencesSchemaFor, profileSchema } from './self-service.schemas.ts';
import { AddressPage, DeletePage, LeavePage, MePage, NewContactPage, PreferencesPage, ProfilePage } from './self-service.views.tsx';

type KindParams = { Params: { kind: string } };
type IdParams = { Params: { id: string } };

const NOTICES = { saved: 'me.saved', removed: 'me.contacts.removed', left: 'me.leave.done' } as const;

function preferenceValues(person: Person, timeZone: string) {
  return {
    red: person.redChannels,
    green: person.greenChannels,
    quietFrom: person.quietFrom === null ? '' : formatTimeOfDay(person.quietFrom),
    quietUntil: person.quietUntil === null ? '' : formatTimeOfDay(person.quietUntil),
    pauseFrom: person.pauseFrom === null ? '' : dayOf(person.pauseFrom, timeZone),
    pauseUntil: person.pauseUntil === null ? '' : lastPausedDay(person.pauseUntil, timeZone),
  };
}

/**
 * The member's own pages under /me, reached with a member session (access `member`, checked by the
 * server before the handler): a member acts on their own record only, the person id always comes
 * from the session.
 */
export function registerSelfServiceRoutes(server: FastifyInstance, app: App) {
  const zoneOf = async (person: Person) => (await app.zones.findById(person.zoneId))!;
  const self = (request: FastifyRequest, member: MemberRequest) => ({ app, person: member.person, ip: request.ip });

  /** The overview again, with the reason a change from it was refused. */
  async function meWithProblem(request: FastifyRequest, reply: FastifyReply, member: MemberRequest, error: unknown) {
    const { c } = request.state;
    if (!(error instanceof ValidationError) && !(isAppError(error) && error.kind === 'invalid')) throw error;
    const text = error instanceof ValidationError ? error.fields.map((f) => c.tDynamic(f.messageKey, f.values, 'form.invalid')).join(' ') : c.tDynamic(error.messageKey, error.values);
    return reply.status(400).page(<MePage c={c} overview={await memberOverview({ app, person: member.person })} problem={text} />);
  }

  server.get<{ Querystring: { done?: string } }>('/me', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const done = request.query.done as keyof typeof NOTICES | undefined;
    const notice = done && done in NOTICES ? c.t(NOTICES[done]) : undefined;
    return reply.page(<MePage c={c} overview={await memberOverview({ app, person: member.person })} notice={notice} />);
  });

  server.get('/me/profile', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { person } = member;
    const zone = await zoneOf(person);
    return reply.page(<ProfilePage c={request.state.c} languages={zone.languages} form={{ values: { firstName: person.firstName, lastName: person.lastName, language: person.language }, errors: [] }} />);
  });

  server.post('/me/profile', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const zone = await zoneOf(member.person);
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        const input = parseInput(profileSchema, body);
        if (!zone.languages.includes(input.language as Locale)) throw new ValidationError([{ field: 'language', messageKey: 'form.invalid' }]);
        await updateProfile({ ...self(request, member), input });
        reply.redirect('/me?done=saved', 303);
      },
      (failure) => <ProfilePage c={c} languages={zone.languages} form={{ values: body, ...failure }} />,
    );
  });

  const addressKind = (kind: string): 'home' | 'work' => {
    if (kind !== 'home' && kind !== 'work') throw new AppError({ code: 'members.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    return kind;
  };

  server.get<KindParams>('/me/address/:kind', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const kind = addressKind(request.params.kind);
    const current = (await app.people.listAddresses(member.person.id)).find((a) => a.kind === kind);
    const values = current ? { addressStreet: current.street, addressNumber: current.houseNumber, addressBox: current.box ?? '', addressPostcode: current.postcode, addressMunicipality: current.municipality } : {};
    return reply.page(<AddressPage c={request.state.c} kind={kind} canRemove={kind === 'work' && current !== undefined} form={{ values, errors: [] }} />);
  });

  server.post<KindParams>('/me/address/:kind', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const kind = addressKind(request.params.kind);
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        await updateAddress({ ...self(request, member), kind, address: parseInput(addressSchema, body) });
        reply.redirect('/me?done=saved', 303);
      },
      (failure) => <AddressPage c={c} kind={kind} canRemove={false} form={{ values: body, ...failure }} />,
    );
  });

  server.post('/me/address/work/remove', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    await updateAddress({ ...self(request, member), kind: 'work', address: null });
    return reply.redirect('/me?done=saved', 303);
  });

  server.get('/me/preferences', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const zone = await zoneOf(member.person);
    return reply.page(<PreferencesPage c={request.state.c} form={{ values: preferenceValues(member.person, zone.timeZone), errors: [] }} />);
  });

  server.post('/me/preferences', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const zone = await zoneOf(member.person);
    const kinds = new Set((await app.contactPoints.listForPerson(member.person.id)).map((k) => k.kind));
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        await updatePreferences({ ...self(request, member), input: parseInput(preferencesSchemaFor(kinds), body), timeZone: zone.timeZone });
        reply.redirect('/me?done=saved', 303);
      },
      (failure) => <PreferencesPage c={c} form={{ values: body, ...failure }} />,
    );
  });

  server.get('/me/contacts/new', { config: { access: 'member' } }, async (request, reply) => {
    return reply.page(<NewContactPage c={request.state.c} form={{ values: {}, errors: [] }} />);
  });

  server.post('/me/contacts', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        await addContact({ ...self(request, member), input: parseInput(newContactSchema, body) });
        reply.redirect('/me/verify?sent=1', 303);
      },
      (failure) => <NewContactPage c={c} form={{ values: body, ...failure }} />,
    );
  });

  server.post<IdParams>('/me/contacts/:id/remove', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    try {
      await removeContact({ ...self(request, member), contactId: request.params.id });
    } catch (error) {
      return meWithProblem(request, reply, member, error);
    }
    return reply.redirect('/me?done=removed', 303);
  });

  server.post('/me/pause', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const zone = await zoneOf(member.person);
    try {
      const { until } = parseInput(pauseSchema, formBody(request.body));
      await pauseGreenMessages({ ...self(request, member), until, timeZone: zone.timeZone });
    } catch (error) {
      return meWithProblem(request, reply, member, error);
    }
    return reply.redirect('/me?done=saved#pause', 303);
  });

  server.post('/me/pause/resume', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    await resumeGreenMessages(self(request, member));
    return reply.redirect('/me?done=saved#pause', 303);
  });

  const ownMembership = async (member: MemberRequest, id: string) => {
    const membership = (await app.memberships.listForPerson(member.person.id)).find((m) => m.id === id);
    if (!membership) throw new AppError({ code: 'members.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    return membership;
  };

  server.get<IdParams>('/me/memberships/:id/leave', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    return reply.page(<LeavePage c={request.state.c} membership={await ownMembership(member, request.params.id)} form={{ values: {}, errors: [] }} />);
  });

  server.post<IdParams>('/me/memberships/:id/leave', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const membership = await ownMembership(member, request.params.id);
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        const { reason } = parseInput(leaveSchema, body);
        await leaveNetwork({ app, person: member.person, membershipId: membership.id, reason, ip: request.ip });
        reply.redirect('/me?done=left', 303);
      },
      (failure) => <LeavePage c={c} membership={membership} form={{ values: body, ...failure }} />,
    );
  });

  // A download of everything about the member, and nothing about anyone else.
  server.get('/me/export', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const data = await exportMemberData({ app, person: member.person, ip: request.ip });
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="waakzaam-my-data.json"')
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  server.get('/me/delete', { config: { access: 'member' } }, async (request, reply) => {
    return reply.page(<DeletePage c={request.state.c} form={{ values: {}, errors: [] }} />);
  });

  server.post('/me/delete', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        parseInput(eraseSchema, body);
        await eraseMember({ app, person: member.person });
        clearMemberCookie(app, reply);
        reply.redirect('/me/deleted', 303);
      },
      (failure) => <DeletePage c={c} form={{ values: body, ...failure }} />,
    );
  });

  server.get('/me/deleted', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    return reply.page(<MessagePage c={c} title={c.t('me.delete.doneTitle')} text={c.t('me.delete.doneText')} link={{ href: '/', label: c.t('errors.back') }} />);
  });
}
