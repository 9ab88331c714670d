import type { App } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import { createNetworkAssignmentRepository } from '../networks/network-assignment.repository.ts';
import { networkFor } from './member-list.usecases.ts';

/** A person living or working at an address that entered or left a network's area. */
export type AreaChangePerson = {
  firstName: string;
  lastName: string;
  addressKind: string;
  street: string;
  houseNumber: string;
  box: string | null;
  postcode: string;
  municipality: string;
  /** Their membership of this network, if any. */
  membership: string | null;
};

export type AreaChangePeople = { network: Network; at: number; entered: AreaChangePerson[]; left: AreaChangePerson[] };

const CHUNK = 500;

async function peopleAt(database: Database, networkId: string, addressIds: readonly string[]): Promise<AreaChangePerson[]> {
  const people: AreaChangePerson[] = [];
  for (let i = 0; i < addressIds.length; i += CHUNK) {
    const rows = await database.db
      .selectFrom('person_addresses as pa')
      .innerJoin('people as p', 'p.id', 'pa.person_id')
      .leftJoin('memberships as m', (join) => join.onRef('m.person_id', '=', 'p.id').on('m.network_id', '=', networkId))
      .select(['p.first_name', 'p.last_name', 'pa.kind', 'pa.street', 'pa.house_number', 'pa.box', 'pa.postcode', 'pa.municipality', 'm.status'])
      .where('pa.address_id', 'in', addressIds.slice(i, i + CHUNK))
      .where('p.erased_at', 'is', null)
      .execute();
    for (const row of rows) {
      people.push({
        firstName: row.first_name,
        lastName: row.last_name,
        addressKind: row.kind,
        street: row.street,
        houseNumber: row.house_number,
        box: row.box,
        postcode: row.postcode,
        municipality: row.municipality,
        membership: row.status,
      });
    }
  }
  return people.sort((a, b) => a.street.localeCompare(b.street) || a.houseNumber.localeCompare(b.houseNumber, undefined, { numeric: true }) || a.lastName.localeCompare(b.lastName));
}

/**
 * Who lives or works at the addresses that entered or left a network's area in one change, so
 * the coordinator can welcome newcomers and tell those now outside. A staff read of member data:
 * audited.
 */
export async function peopleOfAreaChange({ app, by, networkId, changeId }: { app: Pick<App, 'database' | 'networks' | 'auditLog'>; by: AuditActor; networkId: string; changeId: string }): Promise<AreaChangePeople> {
  const network = await networkFor(app, by.actor, networkId, 'members.read');
  const change = await createNetworkAssignmentRepository({ database: app.database }).findAreaChange(changeId);
  if (!change || change.networkId !== network.id) throw new AppError({ code: 'networks.area_change_not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  const [entered, left] = await Promise.all([peopleAt(app.database, network.id, change.entered), peopleAt(app.database, network.id, change.left)]);
  await app.auditLog.record(by, { action: 'members.area_change_read', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { changeId } });
  return { network, at: change.at, entered, left };
}
