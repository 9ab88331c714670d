import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, ROLE_PERMISSIONS, assertCan, zonesFor } from '../accounts/authorization.models.ts';
import { createAlertSettingsRepository } from '../alert-settings/alert-settings.repository.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import { type PublishResult, publishAlert } from './alert-planning.usecases.ts';
import { alreadyDecided, assertGreenRequestTransition, mayApproveGreen } from './green-messages.models.ts';
import { type GreenRequest, createGreenMessagesRepository } from './green-messages.repository.ts';
import { type GreenMessageInput, greenFields } from './green-messages.schemas.ts';

type GreenApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'auditLog'>;

const SHOWN = 50;
const notFound = () => new AppError({ code: 'green_messages.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
const notAllowed = () => new AppError({ code: 'green_messages.zone_does_not_allow', kind: 'forbidden', messageKey: 'greenMessages.notAllowed' });

/** A network the coordinator may write to, and whether its zone holds the message for approval. */
export type GreenOption = { network: Network; needsApproval: boolean };

/** The networks on which the actor's own grants (a coordinator's) hold `alerts.publishGreen`. */
function ownNetworkIds(actor: Actor): string[] {
  return [...new Set(actor.grants.filter((grant) => ROLE_PERMISSIONS[grant.role].includes('alerts.publishGreen')).flatMap((grant) => grant.networkId ?? []))];
}

/**
 * The coordinator's composer choices: their own active networks whose zone allows green messages by
 * coordinators (`allowed`), and those whose zone does not (`refused`, to say why they are missing).
 */
export async function greenComposeOptions({ app, actor }: { app: GreenApp; actor: Actor }): Promise<{ allowed: GreenOption[]; refused: Network[] }> {
  assertCan(actor, 'alerts.publishGreen');
  const ids = ownNetworkIds(actor);
  const networks = ids.length === 0 ? [] : (await app.networks.list({ zoneIds: [], networkIds: ids })).filter((network) => network.status === 'active');
  const settings = createAlertSettingsRepository({ database: app.database });
  const allowed: GreenOption[] = [];
  const refused: Network[] = [];
  for (const network of networks) {
    const zone = await settings.findSettings(network.zoneId);
    if (zone.coordinatorsMaySendGreen) allowed.push({ network, needsApproval: zone.greenNeedsApproval });
    else refused.push(network);
  }
  return { allowed, refused };
}

/**
 * A coordinator sends a green message to their own networks (one zone). The zone must allow it;
 * when it requires approval the message is held for a BIN officer, else it is planned at once.
 * Idempotent per request key. Audited (and the alert itself as `alerts.send`).
 */
export async function submitGreenMessage({ app, by, input }: { app: GreenApp; by: AuditActor; input: GreenMessageInput }): Promise<{ request: GreenRequest; publish?: PublishResult }> {
  const actor = by.actor;
  assertCan(actor, 'alerts.publishGreen');
  const repository = createGreenMessagesRepository({ database: app.database });
  const earlier = await repository.findByRequestKey(input.requestKey);
  if (earlier) return { request: earlier };
  const networkIds = [...new Set(input.networkIds)];
  const networks: Network[] = [];
  for (const id of networkIds) {
    assertCan(actor, 'alerts.publishGreen', { networkId: id });
    const network = await app.networks.findById(id);
    if (!network || network.status !== 'active') throw notFound();
    networks.push(network);
  }
  const zoneId = networks[0]!.zoneId;
  if (networks.some((network) => network.zoneId !== zoneId)) throw new AppError({ code: 'green_messages.several_zones', kind: 'invalid', messageKey: 'greenMessages.oneZone' });
  const settings = await createAlertSettingsRepository({ database: app.database }).findSettings(zoneId);
  if (!settings.coordinatorsMaySendGreen) throw notAllowed();

  const now = app.clock.now();
  const fields = greenFields(input);
  const base = { id: app.ids.id(), zoneId, networkIds, fields, exercise: input.exercise, requestKey: input.requestKey, requestedBy: actor.accountId, requestedByName: actor.name, requestedAt: now };
  let publish: PublishResult | undefined;
  if (!settings.greenNeedsApproval) {
    publish = await publishAlert({ app, by, target: { kind: 'networks', networkIds }, input: { requestKey: `green.${input.requestKey}`, zoneId, severity: 'green', exercise: input.exercise, fields, checklist: null } });
  }
  try {
    await repository.insert({ ...base, status: publish ? 'sent' : 'awaiting', alertId: publish?.alert.id ?? null });
  } catch (error) {
    // Two submits at the same instant: the unique request key let one of them in.
    const winner = await repository.findByRequestKey(input.requestKey);
    if (winner) return { request: winner };
    throw error;
  }
  await app.auditLog.record(by, { action: 'green_message.submitted', objectType: 'green_message', objectId: base.id, zoneId, details: { networkIds, held: settings.greenNeedsApproval, alertId: publish?.alert.id ?? null } });
  return { request: (await repository.findById(base.id))!, ...(publish ? { publish } : {}) };
}

/** The coordinator's own messages with their outcome (awaiting, sent, rejected with the reason). */
export async function myGreenMessages({ app, actor }: { app: GreenApp; actor: Actor }): Promise<GreenRequest[]> {
  assertCan(actor, 'alerts.publishGreen');
  return createGreenMessagesRepository({ database: app.database }).listByRequester(actor.accountId, SHOWN);
}

async function mayDecide(app: GreenApp, actor: Actor | null, request: GreenRequest): Promise<boolean> {
  const officerAccountIds = await createGreenMessagesRepository({ database: app.database }).officersOf(request.networkIds);
  return mayApproveGreen(actor, { zoneId: request.zoneId, officerAccountIds });
}

/** Held messages the actor may decide on: of their zones, as zone admin or mandated officer of a network. */
export async function listApprovals({ app, actor }: { app: GreenApp; actor: Actor }): Promise<GreenRequest[]> {
  assertCan(actor, 'alerts.publish');
  const awaiting = await createGreenMessagesRepository({ database: app.database }).listAwaiting(zonesFor(actor, 'alerts.publish'), SHOWN);
  const shown: GreenRequest[] = [];
  for (const request of awaiting) if (await mayDecide(app, actor, request)) shown.push(request);
  return shown;
}

async function decidable(app: GreenApp, actor: Actor | null, requestId: string): Promise<GreenRequest> {
  const request = await createGreenMessagesRepository({ database: app.database }).findById(requestId);
  if (!request) throw notFound();
  // Neither zone admin nor mandated officer of its networks: refused (as unauthenticated or forbidden).
  if (!(await mayDecide(app, actor, request))) assertCan(actor, 'alerts.approveGreen', { zoneId: request.zoneId });
  return request;
}

/**
 * Approves a held green message: it is planned now (quiet hours as of now), sent by the approver.
 * Audited. The decision is written in the alert's own transaction, on the condition that the
 * message still awaits one: a rejection at the same instant either comes first (nothing is sent,
 * this approval is refused) or finds it decided. A second approval changes nothing (same request key).
 */
export async function approveGreenMessage({ app, by, requestId }: { app: GreenApp; by: AuditActor; requestId: string }): Promise<PublishResult> {
  const request = await decidable(app, by.actor, requestId);
  assertGreenRequestTransition(request.status, 'sent');
  const publish = await publishAlert({
    app,
    by,
    target: { kind: 'networks', networkIds: request.networkIds },
    input: { requestKey: `green.${request.requestKey}`, zoneId: request.zoneId, severity: 'green', exercise: request.exercise, fields: request.fields, checklist: null },
    withinPlan: async (trx, alert) => {
      const decision = { status: 'sent' as const, by: by.actor?.accountId ?? null, byName: by.actor?.name ?? by.label ?? '', at: app.clock.now(), reason: null, alertId: alert.id };
      if (!(await createGreenMessagesRepository({ database: trx }).decide(request.id, decision))) throw alreadyDecided();
    },
  });
  if (publish.created) await app.auditLog.record(by, { action: 'green_message.approved', objectType: 'green_message', objectId: request.id, zoneId: request.zoneId, details: { alertId: publish.alert.id, requestedBy: request.requestedBy } });
  return publish;
}

/** Turns a held green message down with a reason the coordinator sees. Nothing is planned. Audited. */
export async function rejectGreenMessage({ app, by, requestId, reason }: { app: GreenApp; by: AuditActor; requestId: string; reason: string }): Promise<void> {
  const request = await decidable(app, by.actor, requestId);
  assertGreenRequestTransition(request.status, 'rejected');
  const decided = await createGreenMessagesRepository({ database: app.database }).decide(request.id, { status: 'rejected', by: by.actor?.accountId ?? null, byName: by.actor?.name ?? by.label ?? '', at: app.clock.now(), reason, alertId: null });
  if (!decided) throw alreadyDecided();
  await app.auditLog.record(by, { action: 'green_message.rejected', objectType: 'green_message', objectId: request.id, zoneId: request.zoneId, details: { reason, requestedBy: request.requestedBy } });
}

/** Names of networks, for the lists. */
export async function networkNames(app: GreenApp, requests: readonly GreenRequest[]): Promise<Map<string, string>> {
  const ids = [...new Set(requests.flatMap((request) => request.networkIds))];
  const networks = ids.length === 0 ? [] : await app.networks.list({ zoneIds: [], networkIds: ids });
  return new Map(networks.map((network) => [network.id, network.name]));
}
