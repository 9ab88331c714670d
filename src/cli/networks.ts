import { assignAllAddresses } from '../modules/networks/network-assignment.usecases.ts';
import { bootApp } from '../main.ts';
import { type Command, CliError } from './cli.ts';

/**
 * `waakzaam networks assign`: after an address import, assigns every address to the networks
 * whose area or street list covers it, and records what entered and left each network.
 */
export const networksCommand: Command = {
  summary: 'Assign every address to the networks that cover it (run after an address import).',
  usage: 'waakzaam networks assign',
  positionals: true,
  run: async ({ positionals, out, config }) => {
    if (positionals.length !== 1 || positionals[0] !== 'assign') throw new CliError(`usage: ${networksCommand.usage}`);
    const app = await bootApp(config());
    try {
      const report = await assignAllAddresses({ database: app.database, clock: app.clock, ids: app.ids });
      out(`${report.addresses} addresses checked: ${report.entered} entered and ${report.left} left a network, ${report.networksChanged} networks changed.`);
      return 0;
    } finally {
      await app.database.close();
    }
  },
};
