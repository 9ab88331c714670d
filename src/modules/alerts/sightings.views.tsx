import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { TextArea } from '../networks/network-form.views.tsx';
import { SIGHTING_TEXT_MAX, SIGHTINGS_PER_MEMBER } from './sightings.models.ts';
import type { SightingSummary } from './sightings.repository.ts';
import type { SightingPageState } from './sightings.usecases.ts';

/** The sighting part of the member's alert page: its state, and the form as last submitted. */
export type SightingSectionProps = {
  state: SightingPageState;
  /** Where the form posts (the member's link + `/sightings`). */
  action: string;
  form?: { text?: string; errors: readonly FieldError[]; message?: string | undefined } | undefined;
  /** True right after a sighting was received (the page the form redirects to). */
  justSent?: boolean;
};

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * "What did you see?": a text and an optional photo, while the incident is open; otherwise the
 * sentence that says why not. Works without JavaScript (a plain multipart form).
 */
export function SightingSection({ c, state, action, form, justSent }: SightingSectionProps & { c: ViewContext }) {
  const errors = form?.errors ?? [];
  const photoError = errors.find((error) => error.field === 'photo');
  const closedKey = state.closed === 'alert_cancelled' ? 'sightings.alertCancelled' : state.closed ? 'sightings.closed' : state.limitReached ? 'sightings.limitReached' : undefined;
  return (
    <section id="sighting" aria-labelledby="sighting-title">
      <h2 id="sighting-title">{c.t('sightings.title')}</h2>
      {justSent && (
        <p class="notice" role="status">
          {c.t('sightings.sent')}
        </p>
      )}
      {closedKey ? (
        // A refused form lands here too: this sentence is its reason.
        <p>{c.tDynamic(closedKey, { max: SIGHTINGS_PER_MEMBER })}</p>
      ) : (
        <form method="post" action={action} enctype="multipart/form-data" novalidate>
          <p>{c.t('sightings.intro')}</p>
          <ErrorSummary c={c} errors={errors} message={form?.message} />
          <CsrfField c={c} />
          <TextArea c={c} name="text" label={c.t('sightings.text')} hint={c.t('sightings.textHint', { max: SIGHTING_TEXT_MAX })} value={form?.text} errors={errors} rows={5} maxLength={SIGHTING_TEXT_MAX} />
          <div class={photoError ? 'field field-error' : 'field'}>
            <label for="field-photo">{c.t('sightings.photo')}</label>
            <p class="hint" id="field-photo-hint">
              {c.t('sightings.photoHint', { max: megabytes(state.maxPhotoBytes) })}
            </p>
            {photoError && (
              <p class="error" id="field-photo-error">
                {c.tDynamic(photoError.messageKey, photoError.values, 'form.invalid')}
              </p>
            )}
            <input
              type="file"
              id="field-photo"
              name="photo"
              accept="image/jpeg,image/png"
              aria-invalid={photoError ? 'true' : undefined}
              aria-describedby={photoError ? 'field-photo-hint field-photo-error' : 'field-photo-hint'}
            />
          </div>
          <button type="submit">{c.t('sightings.send')}</button>
        </form>
      )}
    </section>
  );
}

/** One sighting's head line: when, and from which network. */
export function sightingHead(c: ViewContext, sighting: SightingSummary): string {
  return `${c.formatDateTime(sighting.createdAt)} · ${sighting.networkName ?? c.t('sightings.console.noNetwork')}`;
}

export const sightingPhotoUrl = (sighting: { id: string }) => `/sightings/${encodeURIComponent(sighting.id)}/photo`;

/**
 * Sightings as the police see them (incident timeline, live view of an alert). The list carries
 * what /assets/alert-live.js needs to add new ones without a reload.
 */
export function SightingList({ c, sightings, id }: { c: ViewContext; sightings: readonly SightingSummary[]; id?: string }) {
  return (
    <>
      <p id={id ? `${id}-none` : undefined} hidden={sightings.length > 0}>
        {c.t('sightings.console.none')}
      </p>
      <ol class="timeline sightings" id={id} data-photo-label={c.t('sightings.console.photo')}>
        {sightings.map((sighting) => (
          <li data-sighting={sighting.id}>
            <span class="muted">{sightingHead(c, sighting)}</span>
            <p class="note-body">{sighting.text}</p>
            {sighting.hasPhoto && <a href={sightingPhotoUrl(sighting)}>{c.t('sightings.console.photo')}</a>}
          </li>
        ))}
      </ol>
    </>
  );
}
