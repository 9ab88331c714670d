import { defineMessages } from '../../web/i18n/locales.ts';

/** Refusals of the alert endpoints of the API (src/modules/alerts/alerts.api.ts). */
export const alertsApiMessages = defineMessages({
  nl: {
    'alerts.api.zoneRequired': 'Geef de zone (zoneId): u mag in meer dan één zone berichten versturen.',
    'alerts.api.idempotencyConflict': 'Deze Idempotency-Key werd al gebruikt voor een ander bericht.',
    'alerts.api.idempotencyKeyInvalid': 'De Idempotency-Key moet uit 1 tot 200 zichtbare ASCII-tekens bestaan.',
    'alerts.api.badCursor': 'De cursor is ongeldig; gebruik de nextCursor van de vorige pagina.',
  },
  fr: {
    'alerts.api.zoneRequired': 'Indiquez la zone (zoneId) : vous pouvez envoyer des messages dans plus d’une zone.',
    'alerts.api.idempotencyConflict': 'Cette Idempotency-Key a déjà servi pour un autre message.',
    'alerts.api.idempotencyKeyInvalid': 'L’Idempotency-Key doit compter de 1 à 200 caractères ASCII visibles.',
    'alerts.api.badCursor': 'Le curseur est invalide ; utilisez le nextCursor de la page précédente.',
  },
  de: {
    'alerts.api.zoneRequired': 'Geben Sie die Zone an (zoneId): Sie dürfen in mehr als einer Zone Nachrichten senden.',
    'alerts.api.idempotencyConflict': 'Dieser Idempotency-Key wurde schon für eine andere Nachricht verwendet.',
    'alerts.api.idempotencyKeyInvalid': 'Der Idempotency-Key muss aus 1 bis 200 sichtbaren ASCII-Zeichen bestehen.',
    'alerts.api.badCursor': 'Der Cursor ist ungültig; verwenden Sie den nextCursor der vorigen Seite.',
  },
  en: {
    'alerts.api.zoneRequired': 'Give the zone (zoneId): you may send alerts in more than one zone.',
    'alerts.api.idempotencyConflict': 'This Idempotency-Key was already used for another alert.',
    'alerts.api.idempotencyKeyInvalid': 'The Idempotency-Key must be 1 to 200 visible ASCII characters.',
    'alerts.api.badCursor': 'The cursor is invalid; use the nextCursor of the previous page.',
  },
});
