import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MemberFixtures, linkIn, seedMemberFixtures, smsCode } from '../../src/modules/members/members.test-support.ts';
import type { Locale } from '../../src/web/i18n/locales.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { navigation, pageLanguage, switchLanguage, useBrowserHarness } from './support/browser.ts';

const WORDS: Record<'nl' | 'fr', { submit: string; confirmCode: string; confirmEmail: string; approve: string; member: string; erase: string }> = {
  nl: { submit: 'Aanmelden', confirmCode: 'Bevestigen', confirmEmail: 'Bevestig mijn e-mailadres', approve: 'Goedkeuren', member: 'Lid', erase: 'Definitief wissen' },
  fr: { submit: 'S’inscrire', confirmCode: 'Confirmer', confirmEmail: 'Confirmer mon adresse e-mail', approve: 'Accepter', member: 'Membre', erase: 'Effacer définitivement' },
};

/** Clicks a submit button by its text and waits for the page it leads to. */
function press(page: Page, text: string) {
  return navigation(page, () => page.getByRole('button', { name: text, exact: true }).first().click());
}

describe('members in the browser', () => {
  const harness = useBrowserHarness();
  let fixtures: MemberFixtures;

  beforeAll(async () => {
    fixtures = await seedMemberFixtures(harness.platform.app);
  });

  /** A citizen registers through the form; returns their page, signed in as the new member. */
  async function register(locale: Locale, who: { first: string; last: string; mobile: string; email: string; number: string }): Promise<Page> {
    const page = await harness.newPage({ bypassCSP: true });
    await page.goto('/');
    await switchLanguage(page, locale);
    await page.goto(`/join/PZ-TEST/register?network=${fixtures.network.id}`);
    await page.fill('#field-firstName', who.first);
    await page.fill('#field-lastName', who.last);
    await page.selectOption('#field-language', locale);
    await page.fill('#field-homeStreet', 'Kerkstraat');
    await page.fill('#field-homeNumber', who.number);
    await page.fill('#field-homePostcode', '3079');
    await page.fill('#field-homeMunicipality', 'Heidebeek');
    await page.fill('#field-mobile1', who.mobile);
    await page.fill('#field-email1', who.email);
    await page.check('#consent');
    const landed = await press(page, WORDS[locale as 'nl' | 'fr'].submit);
    expect(new URL(landed.url()).pathname).toBe('/me/verify');
    return page;
  }

  describe.each(['nl', 'fr'] as const)('in %s', (locale) => {
    it('given a citizen, they register, verify e-mail and mobile, are approved, see the membership, export and erase their data', async () => {
      const app = harness.platform.app;
      const n = locale === 'nl' ? '20' : '22';
      const who = { first: locale === 'nl' ? 'Lotte' : 'Camille', last: `Test${locale}`, mobile: locale === 'nl' ? '0470 20 20 20' : '0470 22 22 22', email: `${locale}.member@example.be`, number: n };
      const words = WORDS[locale];
      const page = await register(locale, who);
      await expectNoAxeViolations(page);

      const e164 = locale === 'nl' ? '+32470202020' : '+32470222222';
      await page.getByLabel(/0470/).fill(smsCode(app, e164));
      await press(page, words.confirmCode);
      // The link is opened in a browser that speaks the member's language.
      const mail = await harness.newPage({ bypassCSP: true, locale: `${locale}-BE` });
      await mail.goto(linkIn(app, who.email, '/me/verify-email/'));
      await expectNoAxeViolations(mail);
      await press(mail, words.confirmEmail);
      const person = await app.database.db.selectFrom('people').select('id').where('last_name', '=', who.last).executeTakeFirstOrThrow();
      expect((await app.contactPoints.listForPerson(person.id)).every((c) => c.verifiedAt !== null)).toBe(true);

      const coordinator = await harness.newPage({ as: 'coordinator', scope: { networkId: fixtures.network.id }, bypassCSP: true });
      await coordinator.goto('/');
      await switchLanguage(coordinator, locale);
      await coordinator.goto(`/networks/${fixtures.network.id}/applications`);
      await expectNoAxeViolations(coordinator);
      const application = coordinator.locator('li.application', { hasText: who.last });
      await navigation(coordinator, () => application.getByRole('button', { name: words.approve }).click());

      await page.goto('/me');
      expect(await pageLanguage(page)).toBe(locale);
      await expect.poll(() => page.locator('#networks').textContent()).toContain(words.member);
      await expectNoAxeViolations(page);
      const exported = await page.evaluate(async () => (await fetch('/me/export')).json());
      expect(exported.person).toMatchObject({ firstName: who.first, lastName: who.last, language: locale });

      await page.goto('/me/delete');
      await page.check('#confirm');
      const erased = await press(page, words.erase);
      expect(new URL(erased.url()).pathname).toBe('/me/deleted');
      expect((await app.people.findById(person.id))!.erasedAt).not.toBeNull();
    });

    it('given each member page, axe-core finds no violation', async () => {
      const page = await register(locale, { first: 'Axe', last: `Axe${locale}`, mobile: locale === 'nl' ? '0470 30 30 30' : '0470 33 33 33', email: `axe.${locale}@example.be`, number: locale === 'nl' ? '30' : '32' });
      const membership = (await harness.platform.app.database.db.selectFrom('memberships as m').innerJoin('people as p', 'p.id', 'm.person_id').select('m.id').where('p.last_name', '=', `Axe${locale}`).executeTakeFirstOrThrow()).id;
      for (const path of ['/me/verify', '/me', '/me/profile', '/me/address/home', '/me/address/work', '/me/preferences', '/me/contacts/new', '/me/notifications', `/me/memberships/${membership}/leave`, '/me/delete', '/me/reports', '/me/reports/new', '/privacy']) {
        await page.goto(path);
        expect(await pageLanguage(page), path).toBe(locale);
        await expectNoAxeViolations(page);
      }
      // A form sent back with errors, and the pages of a visitor who is not signed in.
      await page.goto('/me/preferences');
      await page.uncheck('#red-sms');
      await press(page, locale === 'nl' ? 'Opslaan' : 'Enregistrer');
      await expectNoAxeViolations(page);
      const anonymous = await harness.newPage({ bypassCSP: true });
      await anonymous.goto('/');
      await switchLanguage(anonymous, locale);
      for (const path of [`/join/PZ-TEST/register?network=${fixtures.network.id}`, '/join/PZ-TEST/register', '/me/sign-in']) {
        await anonymous.goto(path);
        await expectNoAxeViolations(anonymous);
      }
      await anonymous.goto('/join/PZ-TEST/register');
      await press(anonymous, WORDS[locale].submit);
      await expectNoAxeViolations(anonymous);
      await anonymous.goto('/me/sign-in');
      await anonymous.fill('#field-contact', '0470 30 30 30');
      await press(anonymous, locale === 'nl' ? 'Stuur mij een link of code' : 'M’envoyer un lien ou un code');
      await expectNoAxeViolations(anonymous);
    }, 90_000); // twenty pages, each checked by axe-core
  });

  it('given the registration form with JavaScript, typing in the address search offers addresses and picking one fills the fields', async () => {
    const page = await harness.newPage();
    await page.goto(`/join/PZ-TEST/register?network=${fixtures.network.id}`);
    await page.fill('#home-address-search', 'kerkstraat 12');
    const choice = page.locator('.address-results button').first();
    await choice.waitFor();
    await choice.click();
    expect(await page.inputValue('#field-homeStreet')).toBe('Kerkstraat');
    expect(await page.inputValue('#field-homeNumber')).toBe('12');
    expect(await page.inputValue('#field-homePostcode')).toBe('3079');
    expect(await page.inputValue('#field-homeMunicipality')).toBe('Heidebeek');
  });
  it('given the join form sent empty, every error comes at once, each naming its field, and the message language offers the four languages', async () => {
    const page = await harness.newPage();
    await page.goto('/join/PZ-TEST/register');
    expect(await page.locator('#field-language option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(['nl', 'fr', 'de', 'en']);
    await page.fill('#field-homeStreet', 'Kerkstraat');
    await press(page, WORDS.nl.submit);
    const summary = await page.locator('.error-summary li').allTextContents();
    // One round: the names are refused together with the address, the contact and the consent.
    expect(summary).toEqual(expect.arrayContaining(['Vul uw voornaam in.', 'Vul uw achternaam in.']));
    expect(summary.length).toBeGreaterThan(4);
    // What was typed stays.
    expect(await page.inputValue('#field-homeStreet')).toBe('Kerkstraat');
  });
});
