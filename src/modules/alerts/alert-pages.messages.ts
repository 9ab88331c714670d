import { defineMessages } from '../../web/i18n/locales.ts';

/**
 * The preview before sending (the type of message in words, the SMS as it leaves, every call the
 * escalation adds) and the member's alert page laid out as labelled lines.
 */
export const alertPagesMessages = defineMessages({
  nl: {
    'alerts.preview.severity.red': 'Dringend bericht (rood)',
    'alerts.preview.severity.redText': 'Gaat meteen uit, ook ’s nachts: oproep, sms en pushbericht.',
    'alerts.preview.severity.green': 'Informatie (groen)',
    'alerts.preview.severity.greenText': 'Per e-mail en pushbericht; wacht op de stille uren en de pauze van elk lid.',
    'alerts.preview.escalation.voice': 'Daarna nog {steps, plural, one {# oproep} other {# oproepen}} na {minutes} minuten, aan wie dan nog niet bevestigd heeft: hoogstens {total, plural, one {# oproep} other {# oproepen}} in totaal.',
    'alerts.preview.escalation.sms': 'Daarna nog {steps, plural, one {# sms} other {# sms’en}} na {minutes} minuten, aan wie dan nog niet bevestigd heeft: hoogstens {total, plural, one {# sms} other {# sms’en}} in totaal.',
    'alerts.preview.smsTitle': 'Sms in het {language}, zoals de leden hem ontvangen',
    'alerts.preview.smsParts': '{parts, plural, one {# sms-deel} other {# sms-delen}} · {characters} tekens',
    'alerts.page.urgent': 'Dringend',
    'alerts.page.information': 'Informatie',
    'alerts.page.facts': 'Wat weten we?',
    'alerts.page.otherLanguage': 'De politie schreef de beschrijving in {language, select, nl {het Nederlands} fr {het Frans} de {het Duits} other {het Engels}}; alleen de titels zijn vertaald.',
  },
  fr: {
    'alerts.preview.severity.red': 'Message urgent (rouge)',
    'alerts.preview.severity.redText': 'Part immédiatement, même la nuit : appel, SMS et notification.',
    'alerts.preview.severity.green': 'Information (vert)',
    'alerts.preview.severity.greenText': 'Par e-mail et notification ; attend les heures calmes et la pause de chaque membre.',
    'alerts.preview.escalation.voice': 'Ensuite encore {steps, plural, one {# appel} other {# appels}} après {minutes} minutes, à qui n’a pas encore confirmé : au plus {total, plural, one {# appel} other {# appels}} au total.',
    'alerts.preview.escalation.sms': 'Ensuite encore {steps, plural, one {# SMS} other {# SMS}} après {minutes} minutes, à qui n’a pas encore confirmé : au plus {total, plural, one {# SMS} other {# SMS}} au total.',
    'alerts.preview.smsTitle': 'SMS en {language}, tel que les membres le reçoivent',
    'alerts.preview.smsParts': '{parts, plural, one {# partie de SMS} other {# parties de SMS}} · {characters} caractères',
    'alerts.page.urgent': 'Urgent',
    'alerts.page.information': 'Information',
    'alerts.page.facts': 'Que savons-nous ?',
    'alerts.page.otherLanguage': 'La police a rédigé la description en {language, select, nl {néerlandais} fr {français} de {allemand} other {anglais}} ; seuls les intitulés sont traduits.',
  },
  de: {
    'alerts.preview.severity.red': 'Dringende Nachricht (rot)',
    'alerts.preview.severity.redText': 'Geht sofort hinaus, auch nachts: Anruf, SMS und Push-Mitteilung.',
    'alerts.preview.severity.green': 'Information (grün)',
    'alerts.preview.severity.greenText': 'Per E-Mail und Push-Mitteilung; wartet die Ruhezeiten und die Pause jedes Mitglieds ab.',
    'alerts.preview.escalation.voice': 'Danach noch {steps, plural, one {# Anruf} other {# Anrufe}} nach {minutes} Minuten an alle, die noch nicht bestätigt haben: höchstens {total, plural, one {# Anruf} other {# Anrufe}} insgesamt.',
    'alerts.preview.escalation.sms': 'Danach noch {steps, plural, one {# SMS} other {# SMS}} nach {minutes} Minuten an alle, die noch nicht bestätigt haben: höchstens {total, plural, one {# SMS} other {# SMS}} insgesamt.',
    'alerts.preview.smsTitle': 'SMS auf {language}, wie die Mitglieder sie erhalten',
    'alerts.preview.smsParts': '{parts, plural, one {# SMS-Teil} other {# SMS-Teile}} · {characters} Zeichen',
    'alerts.page.urgent': 'Dringend',
    'alerts.page.information': 'Information',
    'alerts.page.facts': 'Was wissen wir?',
    'alerts.page.otherLanguage': 'Die Polizei hat die Beschreibung auf {language, select, nl {Niederländisch} fr {Französisch} de {Deutsch} other {Englisch}} geschrieben; nur die Überschriften sind übersetzt.',
  },
  en: {
    'alerts.preview.severity.red': 'Urgent message (red)',
    'alerts.preview.severity.redText': 'Goes out at once, at night too: call, SMS and push notification.',
    'alerts.preview.severity.green': 'Information (green)',
    'alerts.preview.severity.greenText': 'By e-mail and push notification; waits for each member’s quiet hours and pause.',
    'alerts.preview.escalation.voice': 'Then {steps, plural, one {# more call} other {# more calls}} after {minutes} minutes to whoever has not acknowledged by then: at most {total, plural, one {# call} other {# calls}} in all.',
    'alerts.preview.escalation.sms': 'Then {steps, plural, one {# more SMS} other {# more SMS}} after {minutes} minutes to whoever has not acknowledged by then: at most {total, plural, one {# SMS} other {# SMS}} in all.',
    'alerts.preview.smsTitle': 'SMS in {language}, as members receive it',
    'alerts.preview.smsParts': '{parts, plural, one {# SMS part} other {# SMS parts}} · {characters} characters',
    'alerts.page.urgent': 'Urgent',
    'alerts.page.information': 'Information',
    'alerts.page.facts': 'What do we know?',
    'alerts.page.otherLanguage': 'The police wrote the description in {language, select, nl {Dutch} fr {French} de {German} other {English}}; only the headings are translated.',
  },
});
