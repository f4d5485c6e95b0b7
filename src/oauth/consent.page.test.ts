import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { renderAuthorizeError, renderConsentPage } from './consent.page.ts';
import { joinScopes, splitScopes } from './oauth.model.ts';

const knownTags =
  /<!doctype html>|<\/?(html|head|meta|title|link|body|main|h1|p|ul|li|strong|code|form|input|fieldset|legend|label|span|button)(\s[^<>]*)?>/g;

/** What is left of the page once its own tags are taken out: text, in which no `<` or `>` may remain. */
function textOf(html: string): string {
  return html.replace(knownTags, '');
}
/<(?!\/?(html|head|meta|title|link|body|main|h1|p|ul|li|strong|code|form|input|fieldset|legend|label|span|button)\b)/;

describe('the consent page', () => {
  it('never lets a name, site or ticket add markup, whatever they hold', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (name, site, ticket, person) => {
        const app = {
          clientId: 'c',
          name,
          callbackUrl: 'https://a.example',
          scopes: [],
          ownerAccountId: null,
          createdAt: new Date(0),
        };
        const html = renderConsentPage({
          app,
          scopes: ['read:me', name],
          sites: [{ id: site, url: site }],
          ticket,
          personName: person,
        });
        assert.doesNotMatch(textOf(html), /[<>]/);
        assert.doesNotMatch(textOf(renderAuthorizeError(name)), /[<>]/);
        for (const value of html.matchAll(/value="([^"]*)"/g)) assert.doesNotMatch(value[1] ?? '', /["<>]/);
      }),
    );
  });
});

describe('scopes as OAuth writes them', () => {
  it('reads back what it writes, without repeats or empty parts', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z:._-]{1,20}$/)), (scopes) => {
        assert.deepEqual(splitScopes(joinScopes(scopes)), [...new Set(scopes)]);
      }),
    );
  });
});
