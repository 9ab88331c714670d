import { LOCALE_NAMES, isLocale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { SharedNumberHolder } from './households.usecases.ts';
import { MERGE_FIELDS, type MergeField, type MergePair, type MergeRecord } from './member-merge.usecases.ts';
import { CoordinatorNav } from './member-list.views.tsx';
import { shownValue } from './member-access.views.tsx';

/** After a shared number was proved: "is one of these you?", and the plain answer "no, we share it". */
export function SharedNumberPage({ c, contactId, holders }: { c: ViewContext; contactId: string; holders: SharedNumberHolder[] }) {
  const action = `/me/contacts/${encodeURIComponent(contactId)}/shared`;
  return (
    <Layout c={c} title={c.t('households.shared.title')}>
      <h1>{c.t('households.shared.title')}</h1>
      <p>{c.t('households.shared.intro', { count: holders.length })}</p>
      <ul>
        {holders.map((h) => (
          <li>
            <form method="post" action={action}>
              <CsrfField c={c} />
              <input type="hidden" name="person" value={h.personId} />
              <button type="submit">{c.t('households.shared.thisIsMe', { name: `${h.firstName} ${h.initial}.` })}</button>
            </form>
          </li>
        ))}
      </ul>
      <p>
        <a href={`/me/verify?verified=${encodeURIComponent(contactId)}`}>{c.t('households.shared.household')}</a>
      </p>
    </Layout>
  );
}

function fieldValue(c: ViewContext, record: MergeRecord, field: MergeField): string {
  const p = record.person;
  switch (field) {
    case 'name':
      return `${p.firstName} ${p.lastName}`;
    case 'language':
      return isLocale(p.language) ? LOCALE_NAMES[p.language] : p.language;
    case 'redChannels':
      return p.redChannels.map((ch) => c.t(`coordinator.channel.${ch}`)).join(', ');
    case 'greenChannels':
      return p.greenChannels.map((ch) => c.t(`coordinator.channel.${ch}`)).join(', ');
  }
}

function Together({ record }: { record: MergeRecord }) {
  return (
    <ul>
      {record.addresses.map((a) => (
        <li>{`${a.street} ${a.houseNumber}${a.box ? ` ${a.box}` : ''}, ${a.postcode} ${a.municipality}`}</li>
      ))}
      {record.contacts.map((k) => (
        <li>{shownValue(k)}</li>
      ))}
    </ul>
  );
}

/** Two records side by side; per field a choice of which to keep; addresses and numbers of both are kept. */
export function MergePage({ c, pair, canManage }: { c: ViewContext; pair: MergePair; canManage: boolean }) {
  const { network, kept, merged } = pair;
  return (
    <Layout c={c} title={c.t('households.merge.title')}>
      <CoordinatorNav c={c} network={network} canManage={canManage} current="members" />
      <h1>{c.t('households.merge.title')}</h1>
      <p>{c.t('households.merge.intro')}</p>
      <form method="post" action={`/networks/${network.id}/members/merge?kept=${encodeURIComponent(kept.person.id)}&merged=${encodeURIComponent(merged.person.id)}`}>
        <CsrfField c={c} />
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('households.merge.field')}</th>
              <th scope="col">{c.t('households.merge.kept')}</th>
              <th scope="col">{c.t('households.merge.merged')}</th>
            </tr>
          </thead>
          <tbody>
            {MERGE_FIELDS.map((field) => (
              <tr>
                <th scope="row">{c.t(`households.merge.fields.${field}`)}</th>
                {(['kept', 'merged'] as const).map((side) => (
                  <td>
                    <label>
                      <input type="radio" name={field} value={side} checked={side === 'kept'} /> {fieldValue(c, side === 'kept' ? kept : merged, field)}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{c.t('households.merge.together')}</th>
              <td>
                <Together record={kept} />
              </td>
              <td>
                <Together record={merged} />
              </td>
            </tr>
          </tbody>
        </table>
        <button type="submit">{c.t('households.merge.submit')}</button>
      </form>
    </Layout>
  );
}
