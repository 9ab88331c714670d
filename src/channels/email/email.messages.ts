import { defineMessages } from '../../web/i18n/locales.ts';

/** The fixed lines of every platform e-mail (src/channels/email/email-layout.tsx). */
export const emailMessages = defineMessages({
  nl: {
    'emailLayout.sentByZone': 'Dit bericht werd verstuurd door Waakzaam voor politiezone {zone}.',
    'emailLayout.sentBy': 'Dit bericht werd verstuurd door Waakzaam.',
    'emailLayout.buttonFallback': 'Werkt de knop niet? Open dan dit adres in uw browser:',
    'emailLayout.emergency': 'Noodgeval? Bel 112. Politie: 101. Wie op deze e-mail antwoordt, bereikt de politie niet.',
    'emailLayout.unsubscribeIntro': 'Wilt u geen informatieberichten meer per e-mail ontvangen?',
    'emailLayout.unsubscribeLink': 'Afmelden',
    'emailLayout.linkLine': '{label}:\n{url}',
  },
  fr: {
    'emailLayout.sentByZone': 'Ce message vous a été envoyé par Waakzaam pour la zone de police {zone}.',
    'emailLayout.sentBy': 'Ce message vous a été envoyé par Waakzaam.',
    'emailLayout.buttonFallback': 'Le bouton ne fonctionne pas ? Ouvrez cette adresse dans votre navigateur :',
    'emailLayout.emergency': 'Urgence ? Appelez le 112. Police : 101. Répondre à cet e-mail ne permet pas de joindre la police.',
    'emailLayout.unsubscribeIntro': 'Vous ne souhaitez plus recevoir les messages d’information par e-mail ?',
    'emailLayout.unsubscribeLink': 'Se désabonner',
    'emailLayout.linkLine': '{label} :\n{url}',
  },
  de: {
    'emailLayout.sentByZone': 'Diese Nachricht wurde von Waakzaam für die Polizeizone {zone} versandt.',
    'emailLayout.sentBy': 'Diese Nachricht wurde von Waakzaam versandt.',
    'emailLayout.buttonFallback': 'Funktioniert die Schaltfläche nicht? Öffnen Sie diese Adresse in Ihrem Browser:',
    'emailLayout.emergency': 'Notfall? Rufen Sie 112 an. Polizei: 101. Eine Antwort auf diese E-Mail erreicht die Polizei nicht.',
    'emailLayout.unsubscribeIntro': 'Sie möchten keine Informationsnachrichten mehr per E-Mail erhalten?',
    'emailLayout.unsubscribeLink': 'Abmelden',
    'emailLayout.linkLine': '{label}:\n{url}',
  },
  en: {
    'emailLayout.sentByZone': 'This message was sent by Waakzaam for police zone {zone}.',
    'emailLayout.sentBy': 'This message was sent by Waakzaam.',
    'emailLayout.buttonFallback': 'Button not working? Open this address in your browser:',
    'emailLayout.emergency': 'Emergency? Call 112. Police: 101. Replying to this e-mail does not reach the police.',
    'emailLayout.unsubscribeIntro': 'No longer want to receive information messages by e-mail?',
    'emailLayout.unsubscribeLink': 'Unsubscribe',
    'emailLayout.linkLine': '{label}:\n{url}',
  },
});
