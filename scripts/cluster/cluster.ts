// `npm run cluster -- <command>`: the reference production layout in network namespaces on
// this machine (scripts/cluster/harness.ts, docs/deploying.md).
import { parseArgs } from 'node:util';
import { cut, down, heal, kill, restart, status, stop, up } from './harness';
import { member, type MemberName } from './topology';

const USAGE = `usage: npm run cluster -- <command>
  up [--direct-web]   start everything (idempotent); --direct-web: web without PgBouncer
  down                stop every process the harness started, remove its namespaces and state
  status [--json]     members, roles, replication lag; --json adds the URLs
  kill <member>       kill -9 every process of a member (db1: Patroni and PostgreSQL)
  cut <member>        take its network link down
  heal <member>       bring its network link up again
  stop <member>       stop it: SIGTERM, then SIGKILL after 20 s
  restart <member>    stop it (SIGTERM, then SIGKILL) if it runs, and start it again
members: dcs db1 db2 db3 lb web1 web2 worker1 worker2 rx`;

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' }, 'direct-web': { type: 'boolean' } } });
  const [command, target] = positionals;
  const needMember = (): MemberName => {
    if (!target) throw new Error(`${command} needs a member\n${USAGE}`);
    return member(target).name;
  };
  switch (command) {
    case 'up':
      await up({ webThroughPgBouncer: !values['direct-web'] });
      break;
    case 'down':
      await down();
      break;
    case 'status': {
      const report = await status();
      if (values.json) {
        console.log(JSON.stringify(report, null, 2));
        break;
      }
      console.log(`web ${report.webUrl}   machine's address for receivers ${report.hostAddress}   rx ${report.receiverUrl}`);
      console.log('\ndatabase   role           state       lag   timeline');
      for (const db of report.databases) {
        console.log(`${db.name.padEnd(10)} ${db.role.padEnd(14)} ${db.state.padEnd(11)} ${String(db.lag ?? '').padEnd(5)} ${db.timeline ?? ''}`);
      }
      console.log('\nmember     address         processes  link  load balancer');
      for (const m of report.members) {
        console.log(`${m.name.padEnd(10)} ${m.address.padEnd(15)} ${String(m.processes).padEnd(10)} ${m.link.padEnd(5)} ${m.loadBalancer ?? ''}`);
      }
      break;
    }
    case 'kill':
      await kill(needMember());
      break;
    case 'cut':
      cut(needMember());
      break;
    case 'heal':
      heal(needMember());
      break;
    case 'stop':
      await stop(needMember());
      break;
    case 'restart':
      await restart(needMember());
      break;
    default:
      console.log(USAGE);
      process.exit(command ? 1 : 0);
  }
}

main().catch((error: unknown) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
