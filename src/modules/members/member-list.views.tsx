import { LOCALES, LOCALE_NAMES, isLocale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { Network } from '../networks/networks.models.ts';
import { isListedReachable, showContact } from './member-list.models.ts';
import { MEMBER_LIST_CHANNELS, type MemberAddress, type MemberListRow } from './member-list.repository.ts';
import type { MemberListQuery } from './member-list.schemas.ts';
import { type MemberListPage, type UnreachableList, unreachableReason } from './member-list.usecases.ts';
import { MEMBERSHIP_STATUSES } from './members.models.ts';

/** The coordinator tools of one network, as a row of links under its name. */
export function CoordinatorNav({ c, network, canManage, current }: { c: ViewContext; network: Network; canManage: boolean; current: 'members' | 'unreachable' | 'import' }) {
  const base = `/networks/${network.id}`;
  const links = [
    { href: `${base}/members`, label: c.t('coordinator.nav.members'), key: 'members' },
    { href: `${base}/unreachable`, label: c.t('coordinator.nav.unreachable'), key: 'unreachable' },
    ...(canManage ? [{ href: `${base}/import`, label: c.t('coordinator.nav.import'), key: 'import' }] : []),
  ];
  return (
    <nav aria-label={c.t('coordinator.nav.label')}>
      <ul class="pager">
        <li>
          <a href={base}>{c.t('coordinator.nav.network', { network: network.name })}</a>
        </li>
        {links.map((link) => (
          <li>
            <a href={link.href} aria-current={link.key === current ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function addressLine(c: ViewContext, address: MemberAddress | null): string {
  if (!address) return '';
  const box = address.box ? ` ${c.t('coordinator.boxWord')} ${address.box}` : '';
  return `${address.street} ${address.houseNumber}${box}, ${address.postcode} ${address.municipality}`.trim();
}

function ContactList({ c, row, visible }: { c: ViewContext; row: MemberListRow; visible: boolean }) {
  if (row.contacts.length === 0) return <span class="muted">{c.t('coordinator.list.noContact')}</span>;
  return (
    <ul>
      {row.contacts.map((contact) => (
        <li>
          {`${c.t(`coordinator.contactKind.${contact.kind}`)}: `}
          <span class={visible ? undefined : 'muted'}>{showContact(contact, visible)}</span>
          {` (${contact.verifiedAt !== null ? c.t('coordinator.verified') : c.t('coordinator.unverified')})`}
        </li>
      ))}
    </ul>
  );
}

function languageName(language: string): string {
  return isLocale(language) ? LOCALE_NAMES[language] : language;
}

function Select({ c, name, label, value, options }: { c: ViewContext; name: string; label: string; value: string | undefined; options: ReadonlyArray<{ value: string; label: string }> }) {
  return (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        <option value="">{c.t('coordinator.filter.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function queryString(query: MemberListQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ q: query.q, status: query.status, channel: query.channel, verified: query.verified, language: query.language, ...extra })) {
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function MemberListView({ c, page, query, notice }: { c: ViewContext; page: MemberListPage; query: MemberListQuery; notice?: string | undefined }) {
  const { network } = page;
  const base = `/networks/${network.id}`;
  return (
    <Layout c={c} title={c.t('coordinator.list.title', { network: network.name })}>
      <h1>{c.t('coordinator.list.title', { network: network.name })}</h1>
      <CoordinatorNav c={c} network={network} canManage={page.canManage} current="members" />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {!page.seesContacts && <p class="muted">{c.t('coordinator.list.masked')}</p>}
      <form method="get" action={`${base}/members`} role="search" aria-label={c.t('coordinator.filter.label')}>
        <div class="field">
          <label for="filter-q">{c.t('coordinator.filter.search')}</label>
          <p class="hint" id="filter-q-hint">
            {c.t('coordinator.filter.searchHint')}
          </p>
          <input id="filter-q" name="q" type="search" value={query.q ?? ''} maxLength={100} aria-describedby="filter-q-hint" />
        </div>
        <Select c={c} name="status" label={c.t('coordinator.filter.status')} value={query.status} options={MEMBERSHIP_STATUSES.map((s) => ({ value: s, label: c.t(`coordinator.status.${s}`) }))} />
        <Select c={c} name="channel" label={c.t('coordinator.filter.channel')} value={query.channel} options={MEMBER_LIST_CHANNELS.map((ch) => ({ value: ch, label: c.t(`coordinator.channel.${ch}`) }))} />
        <Select
          c={c}
          name="verified"
          label={c.t('coordinator.filter.verified')}
          value={query.verified}
          options={[
            { value: 'yes', label: c.t('coordinator.filter.verifiedYes') },
            { value: 'no', label: c.t('coordinator.filter.verifiedNo') },
          ]}
        />
        <Select c={c} name="language" label={c.t('coordinator.filter.language')} value={query.language} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))} />
        <button type="submit">{c.t('coordinator.filter.submit')}</button>
      </form>
      <p>
        <a href={`${base}/export.csv${queryString(query)}`} download>
          {c.t('coordinator.export.link')}
        </a>
      </p>
      <p role="status">{c.t('coordinator.list.count', { count: page.total })}</p>
      {page.rows.length > 0 && (
        <table>
          <caption class="visually-hidden">{c.t('coordinator.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('coordinator.column.name')}</th>
              <th scope="col">{c.t('coordinator.column.address')}</th>
              <th scope="col">{c.t('coordinator.column.contacts')}</th>
              <th scope="col">{c.t('coordinator.column.status')}</th>
              <th scope="col">{c.t('coordinator.column.language')}</th>
              <th scope="col">{c.t('coordinator.column.reachable')}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr>
                <th scope="row">{`${row.lastName}, ${row.firstName}`}</th>
                <td>{addressLine(c, row.address)}</td>
                <td>
                  <ContactList c={c} row={row} visible={page.seesContacts} />
                </td>
                <td>{c.t(`coordinator.status.${row.status}`)}</td>
                <td>{languageName(row.language)}</td>
                <td>{isListedReachable(row) ? c.t('coordinator.yes') : c.t('coordinator.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul class="pager">
        {query.after && (
          <li>
            <a href={`${base}/members${queryString(query)}`}>{c.t('coordinator.list.firstPage')}</a>
          </li>
        )}
        {page.next && (
          <li>
            <a href={`${base}/members${queryString(query, { after: page.next })}`} rel="next">
              {c.t('coordinator.list.nextPage')}
            </a>
          </li>
        )}
      </ul>
    </Layout>
  );
}

export function UnreachableView({ c, list, notice }: { c: ViewContext; list: UnreachableList; notice?: string | undefined }) {
  const { network } = list;
  const base = `/networks/${network.id}`;
  return (
    <Layout c={c} title={c.t('coordinator.unreachable.title', { network: network.name })}>
      <h1>{c.t('coordinator.unreachable.title', { network: network.name })}</h1>
      <CoordinatorNav c={c} network={network} canManage={list.canManage} current="unreachable" />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>{c.t('coordinator.unreachable.intro')}</p>
      <p>
        <a href={`${base}/unreachable.csv`} download>
          {c.t('coordinator.unreachable.csv')}
        </a>
      </p>
      {list.canManage && list.rows.some((row) => unreachableReason(row) === 'coordinator.unreachable.reason.notInvited') && (
        <form method="post" action={`${base}/invitations`}>
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {c.t('coordinator.unreachable.sendInvitations')}
          </button>
        </form>
      )}
      <p role="status">{c.t('coordinator.unreachable.count', { count: list.rows.length })}</p>
      {list.rows.length > 0 && (
        <table>
          <caption class="visually-hidden">{c.t('coordinator.unreachable.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('coordinator.column.address')}</th>
              <th scope="col">{c.t('coordinator.column.name')}</th>
              <th scope="col">{c.t('coordinator.column.contacts')}</th>
              <th scope="col">{c.t('coordinator.unreachable.why')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr>
                <td>{addressLine(c, row.address)}</td>
                <th scope="row">{`${row.lastName}, ${row.firstName}`}</th>
                <td>
                  <ContactList c={c} row={row} visible={list.seesContacts} />
                </td>
                <td>{c.t(unreachableReason(row))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
