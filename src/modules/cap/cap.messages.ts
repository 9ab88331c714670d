import { defineMessages } from '../../web/i18n/locales.ts';

/** The `event` and area descriptions of the CAP messages (src/modules/cap/). */
export const capMessages = defineMessages({
  nl: {
    'cap.event': 'Bericht van de politie aan het buurtinformatienetwerk (BIN)',
    'cap.area.drawn': 'Gebied getekend door de politie ({zone})',
  },
  fr: {
    'cap.event': 'Message de la police au partenariat local de prévention (PLP)',
    'cap.area.drawn': 'Zone dessinée par la police ({zone})',
  },
  de: {
    'cap.event': 'Nachricht der Polizei an das Nachbarschaftsinformationsnetzwerk',
    'cap.area.drawn': 'Von der Polizei gezeichnetes Gebiet ({zone})',
  },
  en: {
    'cap.event': 'Police message to the neighbourhood information network',
    'cap.area.drawn': 'Area drawn by the police ({zone})',
  },
});
