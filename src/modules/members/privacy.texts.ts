import type { Locale } from '../../web/i18n/locales.ts';

/**
 * The privacy statement members consent to, per version and language. A published version never
 * changes: a new wording is a new version (people who consented to an older one are asked again).
 * Lines starting with "## " are headings; blank lines separate paragraphs. Published into the
 * `privacy_texts` table at start when missing (see privacy.usecases.ts).
 */
export const PRIVACY_TEXTS: ReadonlyArray<{ version: number; texts: Record<Locale, string> }> = [
  {
    version: 1,
    texts: {
      nl: `## Waarvoor
Het buurtinformatienetwerk (BIN) brengt politie en buurtbewoners snel met elkaar in contact. Wij gebruiken uw gegevens alleen om u berichten van het BIN te bezorgen en om de ledenlijst van uw BIN bij te houden. Verantwoordelijk is de politiezone van uw BIN.

## Wat wij bewaren
Uw voor- en achternaam, uw adres(sen), uw taal, uw telefoonnummers en e-mailadressen en of u ze bevestigd hebt, hoe u berichten wilt krijgen (kanalen, stille uren, pauzes), de BIN's waarvan u lid bent met de geschiedenis daarvan, en wanneer u met welke versie van deze tekst akkoord ging.

## Wie uw gegevens ziet
De coördinator van uw BIN en de politie van uw zone, en alleen voor het BIN. Andere leden zien uw gegevens nooit. Elke keer dat een coördinator of politiemedewerker ledengegevens bekijkt, wordt dat vastgelegd.

## Hoe lang
Zolang u lid bent. Een telefoonnummer of e-mailadres dat u niet bevestigt, wordt na een vaste termijn gewist (standaard 30 dagen); een aanvraag die niet goedgekeurd wordt, ook (standaard 90 dagen).

## Uw rechten
U kunt uw gegevens altijd bekijken, verbeteren en downloaden, een BIN verlaten of alles laten wissen via "Mijn lidmaatschap". Vragen stelt u aan de functionaris voor gegevensbescherming van uw politiezone; klagen kan bij de Gegevensbeschermingsautoriteit.

## Belangrijk
Een BIN-bericht vervangt nooit een oproep naar de politie: bel 101, of 112 in een noodgeval.`,
      fr: `## Dans quel but
Le partenariat local de prévention (PLP) met rapidement en contact la police et les habitants du quartier. Nous utilisons vos données uniquement pour vous transmettre les messages du PLP et pour tenir la liste des membres de votre PLP. Le responsable est la zone de police de votre PLP.

## Ce que nous conservons
Vos prénom et nom, votre ou vos adresses, votre langue, vos numéros de téléphone et adresses e-mail et le fait que vous les avez confirmés ou non, la manière dont vous souhaitez recevoir les messages (canaux, heures de silence, pauses), les PLP dont vous êtes membre avec leur historique, et la date à laquelle vous avez accepté quelle version de ce texte.

## Qui voit vos données
Le coordinateur de votre PLP et la police de votre zone, uniquement pour le PLP. Les autres membres ne voient jamais vos données. Chaque consultation des données des membres par un coordinateur ou un membre de la police est enregistrée.

## Pendant combien de temps
Tant que vous êtes membre. Un numéro de téléphone ou une adresse e-mail que vous ne confirmez pas est effacé après un délai fixe (30 jours par défaut) ; une demande qui n’est pas approuvée aussi (90 jours par défaut).

## Vos droits
Vous pouvez à tout moment consulter, corriger et télécharger vos données, quitter un PLP ou tout faire effacer via « Mon affiliation ». Adressez vos questions au délégué à la protection des données de votre zone de police ; vous pouvez introduire une plainte auprès de l’Autorité de protection des données.

## Important
Un message PLP ne remplace jamais un appel à la police : appelez le 101, ou le 112 en cas d’urgence.`,
      de: `## Wozu
Das Nachbarschaftsinformationsnetzwerk (BIN) bringt Polizei und Anwohner schnell miteinander in Kontakt. Wir verwenden Ihre Daten nur, um Ihnen Nachrichten des Netzwerks zuzustellen und die Mitgliederliste Ihres Netzwerks zu führen. Verantwortlich ist die Polizeizone Ihres Netzwerks.

## Was wir speichern
Ihren Vor- und Nachnamen, Ihre Adresse(n), Ihre Sprache, Ihre Telefonnummern und E-Mail-Adressen und ob Sie sie bestätigt haben, wie Sie Nachrichten erhalten möchten (Kanäle, Ruhezeiten, Pausen), die Netzwerke, deren Mitglied Sie sind, mit ihrem Verlauf, und wann Sie welcher Fassung dieses Textes zugestimmt haben.

## Wer Ihre Daten sieht
Der Koordinator Ihres Netzwerks und die Polizei Ihrer Zone, und nur für das Netzwerk. Andere Mitglieder sehen Ihre Daten nie. Jedes Mal, wenn ein Koordinator oder Polizeibediensteter Mitgliederdaten ansieht, wird das protokolliert.

## Wie lange
Solange Sie Mitglied sind. Eine Telefonnummer oder E-Mail-Adresse, die Sie nicht bestätigen, wird nach einer festen Frist gelöscht (standardmäßig 30 Tage); ein Antrag, der nicht genehmigt wird, ebenfalls (standardmäßig 90 Tage).

## Ihre Rechte
Sie können Ihre Daten jederzeit unter „Meine Mitgliedschaft“ einsehen, berichtigen und herunterladen, ein Netzwerk verlassen oder alles löschen lassen. Fragen richten Sie an den Datenschutzbeauftragten Ihrer Polizeizone; Beschwerden an die Datenschutzbehörde.

## Wichtig
Eine Netzwerknachricht ersetzt nie einen Anruf bei der Polizei: Rufen Sie 101 an, im Notfall 112.`,
      en: `## What for
The neighbourhood information network (BIN) puts the police and residents in touch quickly. We use your data only to deliver the network's messages to you and to keep your network's member list. The police zone of your network is responsible for it.

## What we keep
Your first and last name, your address(es), your language, your phone numbers and e-mail addresses and whether you confirmed them, how you want to receive messages (channels, quiet hours, pauses), the networks you belong to with their history, and when you agreed to which version of this text.

## Who sees your data
The coordinator of your network and the police of your zone, and only for the network. Other members never see your data. Every time a coordinator or police officer looks at member data, this is recorded.

## For how long
As long as you are a member. A phone number or e-mail address you do not confirm is erased after a fixed time (30 days by default); so is an application that is not approved (90 days by default).

## Your rights
You can see, correct and download your data, leave a network or have everything erased at any time under "My membership". Questions go to the data protection officer of your police zone; complaints to the Data Protection Authority.

## Important
A network message never replaces a call to the police: call 101, or 112 in an emergency.`,
    },
  },
];

/** The newest version number in the file. */
export const LATEST_PRIVACY_VERSION = Math.max(...PRIVACY_TEXTS.map((t) => t.version));
