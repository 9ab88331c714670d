/**
 * A dispatcher as a process of its own, for tests that kill it midway (the crash test):
 *
 *   node --import tsx test/support/dispatcher-process.ts --database <sqlite file | postgres URL>
 *        --smtp smtp://127.0.0.1:PORT [--lease-ms 2000] [--concurrency 10] [--from sender@domain]
 *
 * Sends the e-mail steps of the queue through the real SMTP driver with a simple renderer. Prints
 * one JSON line `{"owner":"…"}` once dispatching, and exits with 0 when no step is left unfinished.
 */
import { parseArgs } from 'node:util';
import { createSmtpEmailDriver } from '../../src/channels/email/smtp.email-driver.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Delivery } from '../../src/modules/deliveries/deliveries.repository.ts';
import { createDispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import { systemClock } from '../../src/shared/clock.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    smtp: { type: 'string' },
    'lease-ms': { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '10' },
    from: { type: 'string', default: 'bin@pz-test.example' },
  },
});
if (!values.database || !values.smtp) throw new Error('--database and --smtp are required');

const database = values.database.startsWith('postgres')
  ? openDatabase({ dialect: 'postgres', url: values.database, poolSize: 6 })
  : openDatabase({ dialect: 'sqlite', file: values.database });
const driver = createSmtpEmailDriver({ url: values.smtp, requireTls: false, from: { name: 'BIN PZ Test', address: values.from }, poolSize: 5 });
const problem = (entry: Record<string, unknown>, message: string) => process.stderr.write(`${message} ${JSON.stringify(entry, (_k, v: unknown) => (v instanceof Error ? v.message : v))}\n`);

const dispatcher = createDispatcher({
  database,
  clock: systemClock,
  logger: { debug: () => {}, info: () => {}, warn: problem, error: problem },
  channels: { email: { driver, concurrency: Number(values.concurrency) } },
  render: { email: (delivery: Delivery) => ({ to: delivery.destination, subject: 'BIN-bericht', text: `Wees waakzaam (${delivery.personId}).` }) },
  options: { leaseMs: Number(values['lease-ms']), pollMs: 250 },
  listen: database.dialect === 'postgres' ? { connectionString: values.database } : undefined,
});
dispatcher.start();
process.stdout.write(`${JSON.stringify({ owner: dispatcher.owner })}\n`);

// Done when nothing is planned, retrying or being sent, by this process or any other.
for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const left = await database.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', 'in', ['planned', 'retrying', 'sending'])
    .executeTakeFirstOrThrow();
  if (Number(left.count) === 0) break;
}
await dispatcher.stop();
await driver.close?.();
await database.close();
