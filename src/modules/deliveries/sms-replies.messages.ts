import { defineMessages } from '../../web/i18n/locales.ts';

/** The SMS that confirms a "STOP" reply: short enough for one SMS, in GSM 7-bit where the language allows. */
export const smsRepliesMessages = defineMessages({
  nl: {
    'smsReplies.stopConfirmed': 'BIN: u krijgt geen sms meer op dit nummer. Oproepen en e-mails blijven komen. Weer sms ontvangen? Vraag het uw coördinator.',
  },
  fr: {
    'smsReplies.stopConfirmed': 'PLP : vous ne recevrez plus de SMS sur ce numéro. Les appels et e-mails continuent. Pour les réactiver, contactez votre coordinateur.',
  },
  de: {
    'smsReplies.stopConfirmed': 'BIN: Sie erhalten keine SMS mehr an diese Nummer. Anrufe und E-Mails gehen weiter. Um sie wieder zu erhalten, fragen Sie Ihren Koordinator.',
  },
  en: {
    'smsReplies.stopConfirmed': 'BIN: you will no longer receive SMS on this number. Calls and e-mails continue. To receive SMS again, ask your coordinator.',
  },
});
