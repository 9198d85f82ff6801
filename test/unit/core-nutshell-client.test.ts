import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCreatedLead } from '../../src/core/nutshell-client.ts';

const fullLead = {
  id: '1001-leads',
  type: 'leads',
  name: 'Website redesign',
  description: 'Website redesign',
  number: 1001,
  status: 'open',
  htmlUrl: 'https://app.nutshell.com/lead/1001',
  htmlUrlPath: '/lead/1001',
  value: { amount: '1234.50', currency: 'USD', formatted: '$1,234.50' },
  links: { accounts: ['12-accounts'] },
  avatarUrl: 'https://app.nutshell.com/avatar/1001',
};

describe('parseCreatedLead', () => {
  it('reads a bare FullLead and ignores the fields it does not use', () => {
    assert.deepEqual(parseCreatedLead(fullLead), {
      id: '1001-leads',
      name: 'Website redesign',
      number: 1001,
      htmlUrl: 'https://app.nutshell.com/lead/1001',
      htmlUrlPath: '/lead/1001',
    });
  });

  it('reads the first lead of a {leads: [...]} envelope', () => {
    assert.deepEqual(parseCreatedLead({ meta: { instanceId: 'x' }, leads: [{ id: '7-leads', name: 'Seven', number: 7 }, { id: '8-leads' }] }), {
      id: '7-leads',
      name: 'Seven',
      number: 7,
    });
  });

  it('accepts the number as a digit string', () => {
    assert.deepEqual(parseCreatedLead({ id: '42-leads', name: 'N', number: '42' }), { id: '42-leads', name: 'N', number: 42 });
  });

  it('drops a number that is not an integer', () => {
    assert.deepEqual(parseCreatedLead({ id: '42-leads', name: 'N', number: '42a' }), { id: '42-leads', name: 'N' });
    assert.deepEqual(parseCreatedLead({ id: '42-leads', name: 'N', number: 4.2 }), { id: '42-leads', name: 'N' });
    assert.deepEqual(parseCreatedLead({ id: '42-leads', name: 'N', number: null }), { id: '42-leads', name: 'N' });
  });

  it('falls back to the description, then the id, for the name', () => {
    assert.deepEqual(parseCreatedLead({ id: '5-leads', description: 'From description' }), { id: '5-leads', name: 'From description' });
    assert.deepEqual(parseCreatedLead({ id: '5-leads', name: '' }), { id: '5-leads', name: '5-leads' });
  });

  it('drops empty or non-string link fields', () => {
    assert.deepEqual(parseCreatedLead({ id: '5-leads', name: 'x', htmlUrl: '', htmlUrlPath: 17 }), { id: '5-leads', name: 'x' });
  });

  it('returns undefined without an id', () => {
    assert.equal(parseCreatedLead({ name: 'No id', number: 3 }), undefined);
    assert.equal(parseCreatedLead({ id: '', name: 'Empty id' }), undefined);
    assert.equal(parseCreatedLead({ id: 1001, name: 'Numeric id' }), undefined);
    assert.equal(parseCreatedLead({ leads: [] }), undefined);
    assert.equal(parseCreatedLead({ leads: [{ name: 'no id' }] }), undefined);
  });

  it('returns undefined for garbage', () => {
    for (const garbage of [null, undefined, 'lead', 42, true, [], ['1-leads'], { leads: 'x' }, { leads: [null] }]) {
      assert.equal(parseCreatedLead(garbage), undefined, JSON.stringify(garbage));
    }
  });
});
