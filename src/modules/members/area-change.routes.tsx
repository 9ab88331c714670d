import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { type AreaChangePerson, peopleOfAreaChange } from './area-change.usecases.ts';

function PeopleTable({ c, people, caption }: { c: ViewContext; people: readonly AreaChangePerson[]; caption: string }) {
  if (people.length === 0) {
    return (
      <>
        <h2>{caption}</h2>
        <p>{c.t('areaChange.none')}</p>
      </>
    );
  }
  return (
    <table>
      <caption>
        <h2>{caption}</h2>
      </caption>
      <thead>
        <tr>
          <th scope="col">{c.t('areaChange.name')}</th>
          <th scope="col">{c.t('areaChange.address')}</th>
          <th scope="col">{c.t('areaChange.kind')}</th>
          <th scope="col">{c.t('areaChange.membership')}</th>
        </tr>
      </thead>
      <tbody>
        {people.map((person) => (
          <tr>
            <td>{`${person.firstName} ${person.lastName}`}</td>
            <td>{`${person.street} ${person.houseNumber}${person.box ? ` bus ${person.box}` : ''}, ${person.postcode} ${person.municipality}`}</td>
            <td>{c.tDynamic(`members.address.${person.addressKind}`)}</td>
            <td>{person.membership ? c.tDynamic(`members.status.${person.membership}`) : c.t('areaChange.noMembership')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The people at the addresses one area change brought into or took out of a network. */
export function registerAreaChangeRoutes(server: FastifyInstance, app: App) {
  server.get<{ Params: { id: string; changeId: string } }>('/networks/:id/area-changes/:changeId', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const result = await peopleOfAreaChange({ app, by, networkId: request.params.id, changeId: request.params.changeId });
    const title = c.t('areaChange.title', { network: result.network.name });
    return reply.page(
      <Layout c={c} title={title}>
        <h1>{title}</h1>
        <p>{c.t('areaChange.intro', { date: c.formatDateTime(result.at) })}</p>
        <PeopleTable c={c} people={result.entered} caption={c.t('areaChange.entered')} />
        <PeopleTable c={c} people={result.left} caption={c.t('areaChange.left')} />
        <p>
          <a href={`/networks/${result.network.id}`}>{result.network.name}</a>
        </p>
      </Layout>,
    );
  });
}
