import { defineMessages } from '../../web/i18n/locales.ts';

/** Messages of phone numbers (and later e-mail addresses) people give to be reached. */
export const contactsMessages = defineMessages({
  nl: {
    'phone.required': 'Geef een telefoonnummer.',
    'phone.invalid': 'Dit is geen geldig telefoonnummer. Geef het volledige nummer, bv. 0470 12 34 56 of 03 485 65 11.',
    'phone.letters': 'Een telefoonnummer bevat alleen cijfers (spaties, punten en schuine strepen mogen).',
    'phone.premiumRate': 'Betaalnummers (zoals 0900 of 070) kunnen niet: elke oproep zou geld kosten.',
    'phone.emergencyNumber': 'Nood- en verkorte nummers (zoals 112 of 101) kunnen niet. Geef uw eigen nummer.',
    'phone.unsupportedType': 'Dit soort nummer kan niet. Geef een gsm-nummer of een vast nummer waarop u zelf opneemt.',
    'phone.kind.mobile': 'gsm',
    'phone.kind.landline': 'vaste lijn',
  },
  fr: {
    'phone.required': 'Indiquez un numéro de téléphone.',
    'phone.invalid': 'Ce numéro de téléphone n’est pas valide. Indiquez le numéro complet, p. ex. 0470 12 34 56 ou 03 485 65 11.',
    'phone.letters': 'Un numéro de téléphone ne contient que des chiffres (les espaces, points et barres obliques sont permis).',
    'phone.premiumRate': 'Les numéros payants (comme 0900 ou 070) ne sont pas acceptés : chaque appel serait facturé.',
    'phone.emergencyNumber': 'Les numéros d’urgence et numéros courts (comme 112 ou 101) ne sont pas acceptés. Indiquez votre propre numéro.',
    'phone.unsupportedType': 'Ce type de numéro n’est pas accepté. Indiquez un numéro de GSM ou de téléphone fixe auquel vous répondez vous-même.',
    'phone.kind.mobile': 'GSM',
    'phone.kind.landline': 'téléphone fixe',
  },
  de: {
    'phone.required': 'Geben Sie eine Telefonnummer an.',
    'phone.invalid': 'Diese Telefonnummer ist ungültig. Geben Sie die vollständige Nummer an, z. B. 0470 12 34 56 oder 03 485 65 11.',
    'phone.letters': 'Eine Telefonnummer enthält nur Ziffern (Leerzeichen, Punkte und Schrägstriche sind erlaubt).',
    'phone.premiumRate': 'Kostenpflichtige Nummern (wie 0900 oder 070) sind nicht möglich: Jeder Anruf würde Geld kosten.',
    'phone.emergencyNumber': 'Notruf- und Kurznummern (wie 112 oder 101) sind nicht möglich. Geben Sie Ihre eigene Nummer an.',
    'phone.unsupportedType': 'Diese Art von Nummer ist nicht möglich. Geben Sie eine Handy- oder Festnetznummer an, unter der Sie selbst abnehmen.',
    'phone.kind.mobile': 'Handy',
    'phone.kind.landline': 'Festnetz',
  },
  en: {
    'phone.required': 'Enter a phone number.',
    'phone.invalid': 'This is not a valid phone number. Enter the full number, e.g. 0470 12 34 56 or 03 485 65 11.',
    'phone.letters': 'A phone number contains digits only (spaces, dots and slashes are fine).',
    'phone.premiumRate': 'Premium-rate numbers (such as 0900 or 070) are not accepted: every call would cost money.',
    'phone.emergencyNumber': 'Emergency and short numbers (such as 112 or 101) are not accepted. Enter your own number.',
    'phone.unsupportedType': 'This kind of number is not accepted. Enter a mobile or landline number that you answer yourself.',
    'phone.kind.mobile': 'mobile',
    'phone.kind.landline': 'landline',
  },
});
