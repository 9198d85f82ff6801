import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { captureSelection, nameForSuggestedPerson } from '../../src/core/selection-capture.ts';

describe('captureSelection', () => {
  it('reads an email signature', () => {
    assert.deepEqual(
      captureSelection('Follow up on the renewal\n\nBest regards,\nJane Doe\nAcme Corp\njane.doe@acme.io\n+1 (555) 010-0123\nhttps://acme.io/pricing.'),
      {
        description: 'Follow up on the renewal',
        people: [{ email: 'jane.doe@acme.io', name: 'Jane Doe', phone: '+1 (555) 010-0123' }],
        companies: ['Acme Corp'],
        urls: ['https://acme.io/pricing'],
      },
    );
  });

  it('uses the first non-empty line as the description, cut to 500 characters', () => {
    assert.equal(captureSelection('\n\n  Call Bob  \nmore').description, 'Call Bob');
    assert.equal(captureSelection('x'.repeat(600)).description, 'x'.repeat(500));
    assert.equal(captureSelection('').description, '');
  });

  it('does not guess a company from a webmail domain', () => {
    const capture = captureSelection('Lunch next week?\nsam.lee@gmail.com');
    assert.deepEqual(capture.companies, []);
    assert.deepEqual(capture.people, [{ email: 'sam.lee@gmail.com' }]);
  });

  it('guesses the company from a business email domain', () => {
    assert.deepEqual(captureSelection('Quote request\nkim@globex.co.uk').companies, ['Globex']);
  });

  it('lists each email once, the first with the name and phone', () => {
    const capture = captureSelection('Intro\nthanks,\nAna Ruiz\nana@initech.com, ANA@initech.com, ops@initech.com\nTel 734-555-0100');
    assert.deepEqual(capture.people, [{ email: 'ana@initech.com', name: 'Ana Ruiz', phone: '734-555-0100' }, { email: 'ops@initech.com' }]);
  });

  it('does not take dates or short numbers for phone numbers', () => {
    const capture = captureSelection('Meeting on 2026-03-14 about 12 seats\nthanks\nLee Park');
    assert.deepEqual(capture.people, [{ name: 'Lee Park' }]);
  });

  it('finds nothing in plain prose', () => {
    assert.deepEqual(captureSelection('please remember to water the plants'), {
      description: 'please remember to water the plants',
      people: [],
      companies: [],
      urls: [],
    });
  });
});

describe('nameForSuggestedPerson', () => {
  it('uses the name, else the capitalised email local part', () => {
    assert.equal(nameForSuggestedPerson({ name: 'Jane Doe', email: 'x@y.com' }), 'Jane Doe');
    assert.equal(nameForSuggestedPerson({ email: 'john.smith@x.com' }), 'John Smith');
    assert.equal(nameForSuggestedPerson({ email: 'mary-ann_lee@x.com' }), 'Mary Ann Lee');
    assert.equal(nameForSuggestedPerson({}), '');
  });
});
