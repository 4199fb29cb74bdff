import { describe, expect, it } from 'vitest';
import { EVENT_TYPE_SUMMARIES, SUBSCRIBABLE_EVENT_TYPES } from '../events/catalog/names';
import { eventScopeAlternatives, expandSubscription, missingEventScopes } from './event-scopes';
import type { Scope } from './scopes';

// Written from the scope tables, not from the code:
// - docs/security-model.md#scopes-and-least-privilege: donations/subscriptions/commerce → view:transactions; people/contacts →
//   view:contacts; forms/registrations/inventory/coupons/sms → view:forms.
// - Kajabi's webhook document (seed 002), "Required API Scopes":
//     purchase        view:purchases
//     payment_succeeded  view:transactions
//     order_created   view:transactions , view:orders   (both)
//     form_submission view:form_submissions
//     tag_added / tag_removed  view:contacts

const reachable = (held: Scope[], events: string[]) => missingEventScopes(held, events).length === 0;

describe('event scopes (docs/security-model.md and Kajabi table)', () => {
  it('each group needs its own scope and no other', () => {
    const groups: [string, Scope][] = [
      ['donation.created', 'view:transactions'],
      ['subscription.processed', 'view:transactions'],
      ['payment.succeeded', 'view:transactions'],
      ['person.created', 'view:contacts'],
      ['contact.updated', 'view:contacts'],
      ['registration.created', 'view:forms'],
      ['form.published', 'view:forms'],
      ['inventory.threshold_reached', 'view:forms'],
      ['coupon.redeemed', 'view:forms'],
      ['sms_donation.created', 'view:forms'],
    ];
    for (const [event, scope] of groups) {
      expect(reachable([scope], [event]), event).toBe(true);
      expect(missingEventScopes([], [event]), event).toEqual([scope]);
      const others = (['view:transactions', 'view:contacts', 'view:forms'] as Scope[]).filter((other) => other !== scope);
      expect(reachable(others, [event]), `${event} without ${scope}`).toBe(false);
    }
  });

  it('order.created needs view:transactions AND view:orders', () => {
    expect(reachable(['view:transactions'], ['order.created'])).toBe(false);
    expect(missingEventScopes(['view:transactions'], ['order.created'])).toEqual(['view:orders']);
    expect(reachable(['view:orders'], ['order.created'])).toBe(false);
    expect(missingEventScopes(['view:orders'], ['order.created'])).toEqual(['view:transactions']);
    expect(missingEventScopes([], ['order.created'])).toEqual(['view:orders', 'view:transactions']);
    expect(reachable(['view:transactions', 'view:orders'], ['order.created'])).toBe(true);
  });

  it('purchase.created is reachable with view:purchases or with view:transactions', () => {
    expect(reachable(['view:purchases'], ['purchase.created'])).toBe(true);
    expect(reachable(['view:transactions'], ['purchase.created'])).toBe(true);
    expect(reachable(['view:orders', 'view:contacts', 'view:forms'], ['purchase.created'])).toBe(false);
    // view:purchases is Kajabi's name for purchases only: no donations with it.
    expect(reachable(['view:purchases'], ['donation.created'])).toBe(false);
    expect(reachable(['view:purchases'], ['payment.succeeded'])).toBe(false);
  });

  it('form.submitted with view:form_submissions or view:forms; tags with view:contacts', () => {
    expect(reachable(['view:form_submissions'], ['form.submitted'])).toBe(true);
    expect(reachable(['view:forms'], ['form.submitted'])).toBe(true);
    expect(reachable(['view:form_submissions'], ['form.created'])).toBe(false);
    expect(reachable(['view:contacts'], ['contact.tag_added', 'contact.tag_removed'])).toBe(true);
    expect(missingEventScopes(['view:transactions'], ['contact.tag_added'])).toEqual(['view:contacts']);
  });

  it('"*" needs every event scope', () => {
    const all: Scope[] = ['view:transactions', 'view:orders', 'view:contacts', 'view:forms'];
    expect(reachable(all, ['*'])).toBe(true);
    for (const scope of all) {
      const without = all.filter((held) => held !== scope);
      expect(missingEventScopes(without, ['*']), `* without ${scope}`).toEqual([scope]);
    }
    expect(missingEventScopes([], ['*'])).toEqual(['view:contacts', 'view:forms', 'view:orders', 'view:transactions']);
    // Kajabi's narrower names do not add up to "*": no donations, people or registrations.
    expect(reachable(['view:purchases', 'view:orders', 'view:form_submissions', 'view:contacts'], ['*'])).toBe(false);
    expect(expandSubscription(['*']).sort()).toEqual([...SUBSCRIBABLE_EVENT_TYPES].sort());
  });

  it('a list needs the union; system events need nothing', () => {
    expect(missingEventScopes([], ['donation.created', 'person.created'])).toEqual(['view:contacts', 'view:transactions']);
    expect(missingEventScopes(['view:contacts'], ['donation.created', 'person.created'])).toEqual(['view:transactions']);
    expect(missingEventScopes([], ['ping', 'webhook.disabled'])).toEqual([]);
    expect(eventScopeAlternatives('no.such_event')).toEqual([]);
  });

  it('every catalog event that carries data needs at least one scope', () => {
    for (const definition of EVENT_TYPE_SUMMARIES) {
      if (definition.group === 'system') continue;
      expect(missingEventScopes([], [definition.name]).length, definition.name).toBeGreaterThan(0);
    }
  });

  // SPEC §7/§11: a group pattern needs the group's scope, even where other scopes reach today's types.
  it('a group pattern needs its group\'s own scope and covers the group\'s types', () => {
    expect(missingEventScopes([], ['donation.*'])).toEqual(['view:transactions']);
    expect(missingEventScopes(['view:transactions'], ['donation.*'])).toEqual([]);
    // Kajabi's view:purchases reaches purchase.created, not the commerce group as a whole.
    expect(missingEventScopes(['view:purchases'], ['purchase.created'])).toEqual([]);
    expect(missingEventScopes(['view:purchases'], ['commerce.*'])).toContain('view:transactions');
    expect(missingEventScopes([], ['system.*'])).toEqual([]);
    expect(expandSubscription(['registration.*']).sort()).toEqual(['registrant.cancelled', 'registrant.updated', 'registration.cancelled', 'registration.created', 'ticket.cancelled', 'ticket.updated']);
  });
});
