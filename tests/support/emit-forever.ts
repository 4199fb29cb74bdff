// Emits events until killed; the crash-recovery test SIGKILLs it mid-stream.
import { emitEvent } from '../../lib/events/emit';

const organizationId = process.argv[2];
for (let i = 0; ; i += 1) {
  await emitEvent({ organizationId, type: 'person.created', data: { signup: { id: i } } });
}
