import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditLog, createAuditLog } from '../audit/audit.usecases.ts';
import { type ContactPointsRepository, createContactPointsRepository } from './contact-points.repository.ts';
import { type MemberAccessRepository, createMemberAccessRepository } from './member-access.repository.ts';
import { type MembershipsRepository, createMembershipsRepository } from './memberships.repository.ts';
import { type PeopleRepository, createPeopleRepository } from './people.repository.ts';

export type MembersRepos = {
  trx: Database;
  people: PeopleRepository;
  contacts: ContactPointsRepository;
  memberships: MembershipsRepository;
  access: MemberAccessRepository;
  audit: AuditLog;
};

export function membersRepositories(database: Database, clock: Clock): MembersRepos {
  return {
    trx: database,
    people: createPeopleRepository({ database }),
    contacts: createContactPointsRepository({ database }),
    memberships: createMembershipsRepository({ database }),
    access: createMemberAccessRepository({ database }),
    audit: createAuditLog({ audit: createAuditRepository({ database }), clock }),
  };
}

/**
 * Runs `work` in one transaction with the repositories a change of member data needs, its audit
 * entry included: the change and its record commit together, or neither does.
 */
export function withMembersTransaction<T>(app: { database: Database; clock: Clock }, work: (repos: MembersRepos) => Promise<T>): Promise<T> {
  return inTransaction(app.database, (trx) => work(membersRepositories(trx, app.clock)));
}
