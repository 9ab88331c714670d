import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, isLocale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { createOneTimeTokensRepository } from '../accounts/one-time-tokens.repository.ts';
import { INVITATION_TTL_MS } from '../accounts/password-reset.usecases.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { type Network, type NetworkRole, CITIZEN_ROLES, isCitizenRole } from './networks.models.ts';
import type { AppointmentInput } from './networks.schemas.ts';
import { type NetworkRepos, loadManagedNetwork, withNetworkTransaction } from './networks.usecases.ts';

export type PeopleDeps = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'email' | 'logger'>;

const invalid = (code: string, messageKey: string) => new AppError({ code, kind: 'invalid', messageKey });

/** What to tell the appointed person once the change is committed. */
type Notice = { accountId: string; email: string; name: string; locale: Locale; network: Network; role: NetworkRole; link: string; invitation: boolean };

/** Gives a citizen's account the `coordinator` grant on the network, once. */
async function ensureCoordinatorGrant(app: PeopleDeps, repos: NetworkRepos, accountId: string, networkId: string, grantedBy: string | null): Promise<void> {
  if (await repos.networks.findCoordinatorGrant(accountId, networkId)) return;
  await repos.accounts.insertGrant({ id: app.ids.id(), account_id: accountId, role: 'coordinator', zone_id: null, dispatch_centre_id: null, network_id: networkId, granted_by: grantedBy, now: app.clock.now() });
}

async function appointCitizen(app: PeopleDeps, repos: NetworkRepos, by: AuditActor, network: Network, input: Extract<AppointmentInput, { email: string }>): Promise<Notice> {
  const now = app.clock.now();
  let account = await repos.accounts.findByEmail(input.email);
  let created = false;
  const zone = await createZonesRepository({ database: repos.trx }).findById(network.zoneId);
  const locale: Locale = input.locale ?? zone?.defaultLanguage ?? app.config.locale.default;
  if (!account) {
    if (input.firstName === '') throw invalid('networks.name_required', 'networks.firstNameRequired');
    const id = app.ids.id();
    await repos.accounts.insert({ id, email: input.email, name: `${input.firstName} ${input.lastName}`.trim(), locale, now });
    await repos.audit.record(by, { action: 'account.created', objectType: 'account', objectId: id, zoneId: network.zoneId, details: { email: input.email, for: 'network', networkId: network.id } });
    account = (await repos.accounts.findById(id))!;
    created = true;
  }
  if (account.disabledAt !== null) throw invalid('networks.account_disabled', 'networks.accountDisabled');
  const roles = (await repos.networks.listPeople([network.id])).filter((p) => p.accountId === account.id && isCitizenRole(p.role));
  if (roles.length > 0) throw new AppError({ code: 'networks.already_appointed', kind: 'conflict', messageKey: 'networks.alreadyAppointed' });
  await repos.networks.addPerson({ networkId: network.id, accountId: account.id, role: input.role, now });
  await ensureCoordinatorGrant(app, repos, account.id, network.id, by.actor?.accountId ?? null);
  await repos.audit.record(by, { action: 'network.person_appointed', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { role: input.role, accountId: account.id, accountCreated: created } });
  let link = `${app.config.server.publicUrl}/sign-in`;
  if (created) {
    // The same single-use link a new staff member gets: choose a password, then sign in.
    const token = app.ids.token();
    await createOneTimeTokensRepository({ database: repos.trx }).issue({ token, purpose: 'password_reset', accountId: account.id, now, ttlMs: INVITATION_TTL_MS });
    link = `${app.config.server.publicUrl}/password/reset/${token}`;
  }
  return { accountId: account.id, email: account.email, name: account.name, locale: isLocale(account.locale) ? account.locale : locale, network, role: input.role, link, invitation: created };
}

async function appointOfficer(app: PeopleDeps, repos: NetworkRepos, by: AuditActor, network: Network, input: Extract<AppointmentInput, { accountId: string }>): Promise<void> {
  const police = await repos.networks.listZonePolice(network.zoneId);
  if (!police.some((p) => p.id === input.accountId)) throw invalid('networks.officer_not_in_zone', 'networks.officerNotInZone');
  // One mandated officer and one deputy: naming a new one replaces the previous.
  const previous = (await repos.networks.listPeople([network.id])).filter((p) => p.role === input.role);
  if (previous.some((p) => p.accountId === input.accountId)) throw new AppError({ code: 'networks.already_appointed', kind: 'conflict', messageKey: 'networks.alreadyAppointed' });
  for (const person of previous) await repos.networks.removePerson({ networkId: network.id, accountId: person.accountId, role: person.role });
  await repos.networks.addPerson({ networkId: network.id, accountId: input.accountId, role: input.role, now: app.clock.now() });
  await repos.audit.record(by, {
    action: 'network.person_appointed',
    objectType: 'network',
    objectId: network.id,
    zoneId: network.zoneId,
    details: { role: input.role, accountId: input.accountId, replaced: previous.map((p) => p.accountId) },
  });
}

async function sendNotice(app: PeopleDeps, notice: Notice): Promise<void> {
  const { t } = createTranslator(notice.locale, app.config.locale.timeZone);
  const roleName = t(notice.role === 'coordinator' ? 'networks.role.coordinator' : 'networks.role.deputy_coordinator');
  // Mid-sentence the role is lower case, except in German where nouns keep their capital.
  const role = notice.locale === 'de' ? roleName : roleName.toLocaleLowerCase(notice.locale);
  const values = { name: notice.name, network: notice.network.name, role, link: notice.link, days: INVITATION_TTL_MS / 86_400_000 };
  try {
    await app.email.send({
      to: notice.email,
      from: app.config.email.from,
      subject: t('networks.appointEmail.subject', { network: notice.network.name }),
      text: notice.invitation ? t('networks.appointEmail.invitation', values) : t('networks.appointEmail.existing', values),
    });
  } catch (error) {
    app.logger.error({ err: error, accountId: notice.accountId }, 'appointment e-mail failed');
  }
}

/**
 * A zone administrator appoints someone to a network. A coordinator or deputy is named by
 * e-mail: an account is created when none exists (with an invitation link to choose a password)
 * and gets a `coordinator` grant on the network. A mandated officer or deputy is chosen among the
 * zone's police accounts and replaces the previous holder of that role.
 */
export async function appointPerson({ app, by, networkId, input }: { app: PeopleDeps; by: AuditActor; networkId: string; input: AppointmentInput }): Promise<void> {
  const notice = await withNetworkTransaction(app.database, app.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, by.actor, networkId);
    if ('email' in input) return appointCitizen(app, repos, by, network, input);
    await appointOfficer(app, repos, by, network, input);
    return undefined;
  });
  if (notice) await sendNotice(app, notice);
}

/**
 * Removes someone from a network's people. A citizen who no longer coordinates the network loses
 * its `coordinator` grant (and with it access to the network).
 */
export async function removePerson({ app, by, networkId, role, accountId }: { app: PeopleDeps; by: AuditActor; networkId: string; role: NetworkRole; accountId: string }): Promise<void> {
  await withNetworkTransaction(app.database, app.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, by.actor, networkId);
    if (!(await repos.networks.removePerson({ networkId: network.id, accountId, role }))) {
      throw new AppError({ code: 'networks.person_not_found', kind: 'not_found', messageKey: 'errors.not_found' });
    }
    let grantRemoved = false;
    if (isCitizenRole(role)) {
      const still = (await repos.networks.listPeople([network.id])).some((p) => p.accountId === accountId && CITIZEN_ROLES.includes(p.role));
      const grant = still ? undefined : await repos.networks.findCoordinatorGrant(accountId, network.id);
      if (grant) {
        await repos.accounts.deleteGrant(grant.id);
        grantRemoved = true;
      }
    }
    await repos.audit.record(by, { action: 'network.person_removed', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { role, accountId, grantRemoved } });
  });
}
