// An emitting process for fault tests: emits `count` events into an organization, about
// `rate` a second, and reports each outcome on stdout as it happens:
//   accepted <eventId>   emitEvent returned: the event is durable (docs/delivery-semantics.md#durability)
//   failed <message>     it threw (e.g. the database is restarting); the outcome is unknown
// It keeps going through failures and exits 0 once `count` events were accepted.
import { emitEvent } from '../../lib/events/emit';

const [organizationId, countText = '100', rateText = '50'] = process.argv.slice(2);
const count = Number(countText);
const pauseMs = 1_000 / Number(rateText);

let accepted = 0;
for (let i = 0; accepted < count; i += 1) {
  const started = Date.now();
  try {
    const { eventId } = await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: i } } });
    accepted += 1;
    process.stdout.write(`accepted ${eventId}\n`);
  } catch (error) {
    process.stdout.write(`failed ${(error as Error).message.replaceAll('\n', ' ').slice(0, 200)}\n`);
  }
  const wait = pauseMs - (Date.now() - started);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
process.stdout.write('done\n');
process.exit(0);
