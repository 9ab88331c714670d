import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { TextArea } from '../networks/network-form.views.tsx';
import type { AlertRating } from './alert-ratings.repository.ts';
import { RATING_COMMENT_MAX } from './reports.models.ts';

/** The rating part of the member's alert page. */
export type RatingSectionProps = {
  /** Where the form posts (the member's link + `/rating`). */
  action: string;
  current?: AlertRating | undefined;
  /** True right after a rating was stored (the page the form redirects to). */
  justSaved?: boolean;
  form?: { useful?: string | undefined; comment?: string | undefined; errors: readonly FieldError[]; message?: string | undefined } | undefined;
};

/**
 * "Was this message useful?": useful / not useful and an optional comment. A second rating
 * replaces the first; the current one is said in words and preselected. Works without JavaScript.
 */
export function RatingSection({ c, action, current, justSaved, form }: RatingSectionProps & { c: ViewContext }) {
  const errors = form?.errors ?? [];
  const chosen = form?.useful ?? (current ? (current.useful ? 'yes' : 'no') : undefined);
  const choiceError = errors.find((e) => e.field === 'useful');
  return (
    <section id="rating" aria-labelledby="rating-title">
      <h2 id="rating-title">{c.t('ratings.title')}</h2>
      {justSaved && (
        <p class="notice" role="status">
          {c.t('ratings.saved')}
        </p>
      )}
      {current && !justSaved && <p>{c.t('ratings.current', { choice: c.t(current.useful ? 'ratings.useful' : 'ratings.notUseful') })}</p>}
      <form method="post" action={action} novalidate>
        <ErrorSummary c={c} errors={errors} message={form?.message} />
        <CsrfField c={c} />
        <fieldset id="field-useful" class={choiceError ? 'field-error' : undefined} aria-describedby={choiceError ? 'field-useful-error' : undefined}>
          <legend>{c.t('ratings.title')}</legend>
          {choiceError && (
            <p class="error" id="field-useful-error">
              {c.tDynamic(choiceError.messageKey, choiceError.values, 'form.invalid')}
            </p>
          )}
          <div class="radio">
            <input type="radio" id="rating-yes" name="useful" value="yes" checked={chosen === 'yes'} />
            <label for="rating-yes">{c.t('ratings.useful')}</label>
          </div>
          <div class="radio">
            <input type="radio" id="rating-no" name="useful" value="no" checked={chosen === 'no'} />
            <label for="rating-no">{c.t('ratings.notUseful')}</label>
          </div>
        </fieldset>
        <TextArea c={c} name="comment" label={c.t('ratings.comment')} hint={c.t('ratings.commentHint', { max: RATING_COMMENT_MAX })} value={form?.comment ?? current?.comment ?? ''} errors={errors} rows={3} maxLength={RATING_COMMENT_MAX} />
        <button type="submit">{c.t('ratings.submit')}</button>
      </form>
    </section>
  );
}
