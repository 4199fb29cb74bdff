import { describe, expect, it } from 'vitest';
import { createId } from '../ids';
import { idFloorAt } from './id-floor';

describe('idFloorAt', () => {
  it('sorts at or before every id created at or after the moment, and after older ones', () => {
    const before = new Date(Date.now() - 1);
    const id = createId('msg');
    const floor = idFloorAt('msg', before);
    expect(floor < id).toBe(true);
    expect(idFloorAt('msg', new Date(Date.now() + 60_000)) > id).toBe(true);
    expect(floor).toMatch(/^msg_[0-9a-z]{10}$/);
  });

  it('encodes the same time characters as createId', () => {
    const id = createId('msg');
    const time = id.slice(4, 14);
    const floor = idFloorAt('msg', new Date());
    // Same leading characters (the last ones may differ by the milliseconds between the calls).
    expect(floor.slice(4, 11)).toBe(time.slice(0, 7));
  });
});
