import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { PrivacyBody } from './member-form.views.tsx';
import type { AcceptOutcome, Invitation } from './member-invitations.usecases.ts';

export function InvitationPage({ c, token, invitation }: { c: ViewContext; token: string; invitation: Invitation }) {
  const { person, origin, privacy } = invitation;
  const network = origin?.networkName ?? '';
  return (
    <Layout c={c} title={c.t('invitation.title')}>
      <h1>{c.t('invitation.title')}</h1>
      <p class="lead">{c.t('invitation.greeting', { firstName: person.firstName })}</p>
      <p>{invitation.coordinatorFirstName ? c.t('invitation.byCoordinator', { coordinator: invitation.coordinatorFirstName, network }) : c.t('invitation.byNetwork', { network })}</p>
      <p>{c.t('invitation.explain')}</p>
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{c.t('invitation.privacyHeading', { version: privacy.version })}</h2>
        <PrivacyBody body={privacy.body} headingLevel={3} />
      </section>
      <form method="post" action={`/invitation/${token}`}>
        <CsrfField c={c} />
        <input type="hidden" name="decision" value="accept" />
        <button type="submit">{c.t('invitation.accept')}</button>
      </form>
      <form method="post" action={`/invitation/${token}`}>
        <CsrfField c={c} />
        <input type="hidden" name="decision" value="refuse" />
        <p>{c.t('invitation.refuseHint')}</p>
        <button type="submit" class="secondary">
          {c.t('invitation.refuse')}
        </button>
      </form>
    </Layout>
  );
}

export function InvitationAcceptedPage({ c, outcome }: { c: ViewContext; outcome: AcceptOutcome }) {
  return (
    <Layout c={c} title={c.t('invitation.acceptedTitle')}>
      <h1>{c.t('invitation.acceptedTitle')}</h1>
      <p class="notice" role="status">
        {c.t('invitation.accepted')}
      </p>
      {outcome.phonesToVerify > 0 && <p>{c.t('invitation.codesSent', { count: outcome.phonesToVerify })}</p>}
      <p>
        <a class="button" href="/me">
          {c.t('invitation.toMyPage')}
        </a>
      </p>
    </Layout>
  );
}

export function InvitationRefusedPage({ c }: { c: ViewContext }) {
  return (
    <Layout c={c} title={c.t('invitation.refusedTitle')}>
      <h1>{c.t('invitation.refusedTitle')}</h1>
      <p class="notice" role="status">
        {c.t('invitation.refused')}
      </p>
    </Layout>
  );
}

export function InvitationUnusablePage({ c }: { c: ViewContext }) {
  return (
    <Layout c={c} title={c.t('invitation.unusableTitle')}>
      <h1>{c.t('invitation.unusableTitle')}</h1>
      <p>{c.t('invitation.unusable')}</p>
    </Layout>
  );
}
