import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { LOCALE_NAMES, type Locale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { PROMPT_KINDS } from './voice-prompts.models.ts';
import type { PromptOverview } from './voice-prompts.usecases.ts';

export type PromptFormValues = { language?: string; kind?: string };
type FormState = { values: PromptFormValues; errors: readonly FieldError[]; message?: string | undefined };

function FieldErrorText({ c, errors, field }: { c: ViewContext; errors: readonly FieldError[]; field: string }) {
  const error = errors.find((e) => e.field === field);
  return error ? (
    <p class="error" id={`field-${field}-error`}>
      {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
    </p>
  ) : null;
}

/** `/zones/:id/voice-prompts`: which parts of a call are recorded per language, upload and removal. */
export function VoicePromptsPage({ c, overview, form, notice }: { c: ViewContext; overview: PromptOverview; form: FormState; notice?: string | undefined }) {
  const { zone, recorded } = overview;
  const action = `/zones/${encodeURIComponent(zone.id)}/voice-prompts`;
  const invalid = (field: string) => (form.errors.some((e) => e.field === field) ? 'true' : undefined);
  return (
    <Layout c={c} title={`${c.t('voicePrompts.title')} · ${zone.name}`}>
      <h1>{`${c.t('voicePrompts.title')} · ${zone.name}`}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>{c.t('voicePrompts.explanation')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{c.t('voicePrompts.language')}</th>
            <th scope="col">{c.t('voicePrompts.kind')}</th>
            <th scope="col">{c.t('voicePrompts.status')}</th>
            <th scope="col">
              <span class="visually-hidden">{c.t('voicePrompts.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {recorded.map((entry) => (
            <tr>
              <td>{LOCALE_NAMES[entry.language as Locale] ?? entry.language}</td>
              <td>{c.t(`voicePrompts.kind.${entry.kind}`)}</td>
              <td>{c.t(entry.recorded ? 'voicePrompts.recorded' : 'voicePrompts.synthetic')}</td>
              <td>
                {entry.recorded && (
                  <form method="post" action={`${action}/remove`}>
                    <CsrfField c={c} />
                    <input type="hidden" name="language" value={entry.language} />
                    <input type="hidden" name="kind" value={entry.kind} />
                    <button type="submit">{c.t('voicePrompts.remove')}</button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{c.t('voicePrompts.upload')}</h2>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <CsrfField c={c} />
        <div class="field">
          <label for="field-language">{c.t('voicePrompts.language')}</label>
          <FieldErrorText c={c} errors={form.errors} field="language" />
          <select id="field-language" name="language" aria-invalid={invalid('language')}>
            {zone.languages.map((language) => (
              <option value={language} selected={form.values.language === language}>
                {LOCALE_NAMES[language]}
              </option>
            ))}
          </select>
        </div>
        <fieldset id="field-kind">
          <legend>{c.t('voicePrompts.kind')}</legend>
          <FieldErrorText c={c} errors={form.errors} field="kind" />
          {PROMPT_KINDS.map((kind, i) => (
            <div class="radio">
              <input type="radio" id={`kind-${kind}`} name="kind" value={kind} checked={form.values.kind === kind || (form.values.kind === undefined && i === 0)} />
              <label for={`kind-${kind}`}>{c.t(`voicePrompts.kind.${kind}`)}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="field-file">{c.t('voicePrompts.file')}</label>
          <p class="hint" id="field-file-hint">
            {c.t('voicePrompts.fileHint')}
          </p>
          <FieldErrorText c={c} errors={form.errors} field="file" />
          <input type="file" id="field-file" name="file" accept=".wav,.ogg,.oga,.flac,audio/wav,audio/ogg,audio/flac" aria-describedby="field-file-hint" aria-invalid={invalid('file')} />
        </div>
        <button type="submit">{c.t('voicePrompts.upload')}</button>
      </form>
    </Layout>
  );
}
