import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { App } from '../../app.ts';
import { randomIds } from '../../shared/ids.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { ANONYMOUS_COOKIE } from '../../web/server.ts';
import { postMultipart } from '../networks/networks.test-support.ts';
import { DISPATCHER, FIELDS, publishAndPlan, publishFollowUpAndPlan, publishInput } from './alerts.test-support.ts';
import { alertLinkPath } from './alert-links.models.ts';

/** A browser without a session, as a member opening the link from an e-mail is. */
export function memberBrowser(app: App): { cookie: string; csrf: string } {
  const anonymous = randomIds.token(18);
  return { cookie: `${ANONYMOUS_COOKIE}=${anonymous}`, csrf: csrfTokenFor(app.config.security.sessionSecret, `anonymous:${anonymous}`) };
}

export type PhotoPart = { filename: string; contentType: string; data: Buffer };

/** Sends the "What did you see?" form as a browser does (multipart, the CSRF token as a field). */
export function postSighting(server: FastifyInstance, browser: { cookie: string; csrf: string }, linkPath: string, fields: { text?: string; photo?: PhotoPart }): Promise<LightMyRequestResponse> {
  return postMultipart(server, browser, `${linkPath}/sightings`, [
    { name: '_csrf', value: browser.csrf },
    ...(fields.text === undefined ? [] : [{ name: 'text', value: fields.text }]),
    { name: 'photo', filename: fields.photo?.filename ?? '', contentType: fields.photo?.contentType ?? 'application/octet-stream', data: fields.photo?.data ?? Buffer.alloc(0) },
  ]);
}

/** A green alert to network A (by the test dispatcher); returns it and the links of the given people. */
export async function sendAlertToNetworkA(app: App, people: readonly string[]): Promise<{ alertId: string; incidentId: string; links: Record<string, string> }> {
  const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'green' }), target: { kind: 'networks', networkIds: ['net-a'] } });
  const links = Object.fromEntries(people.map((personId) => [personId, alertLinkPath(app.config.security.sessionSecret, alert.id, personId)]));
  return { alertId: alert.id, incidentId: alert.incidentId, links };
}

/** The result message of an incident: from then on it takes no sightings. */
export async function sendResult(app: App, incidentId: string): Promise<void> {
  await publishFollowUpAndPlan({ app, by: DISPATCHER, incidentId, kind: 'result', input: { requestKey: randomIds.id(), severity: 'green', fields: { ...FIELDS, what: 'De verdachten zijn opgepakt.' } } });
}
