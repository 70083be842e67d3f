"""Initial text of the portal's own pages; editors change it in Wagtail afterwards."""

HOME_INTRO = (
    "<p>Het beroepsprofiel beschrijft wat een coördinator vrijwilligerswerk doet en kan: de "
    "grondhouding, drie hoofdtaken met hun taakgebieden, en de bijbehorende competenties. Lees "
    "het hier, of gebruik het als zelfscan: vink aan wat op jouw werk van toepassing is, wat je "
    "beheerst en waarin je je wilt ontwikkelen, alleen of samen met je leidinggevende.</p>"
)

ABOUT_BODY = (
    "<p>Dit portaal is de online uitgave van het beroepsprofiel coördinator vrijwilligerswerk. "
    "De redactie van de brancheorganisatie onderhoudt de tekst; de zelfscan wordt automatisch "
    "opgebouwd uit dezelfde pagina's, zodat publicatie en zelfscan nooit uit elkaar lopen.</p>"
)

PRIVACY_BODY = (
    "<h2>Wat we bewaren</h2>"
    "<p>Als je de zelfscan invult, bewaren we alleen wat je zelf aanvinkt (welke taken van "
    "toepassing zijn, welke competenties je beheerst, je ontwikkelpunten en eventuele eigen "
    "notities), de editie van het beroepsprofiel waarop je zelfscan is gebaseerd en de datum. "
    "We vragen niet om je naam of e-mailadres. Een zelfscan zonder account is alleen te openen "
    "met de persoonlijke link die je bij de start krijgt: die link is de sleutel, bewaar hem goed "
    "en deel hem alleen met wie je vertrouwt (bijvoorbeeld je leidinggevende). Laat je de link "
    "per e-mail sturen, dan versturen we één e-mail en bewaren we het adres niet. Een naam op de "
    "afdruk van je ontwikkelplan wordt ook niet bewaard.</p>"
    "<p>Nodig je je leidinggevende uit, dan vult die een eigen kopie in. Die blijft van de "
    "leidinggevende, ook als jij je zelfscan verwijdert; jij kunt de koppeling (en daarmee het "
    "inzien van jouw antwoorden) op elk moment verbreken.</p>"
    "<h2>Waarom</h2>"
    "<p>Zodat je je zelfscan kunt onderbreken en later verder kunt gaan, je resultaten kunt "
    "vergelijken met die van je leidinggevende of met een eerdere zelfscan, en een "
    "ontwikkelplan kunt maken. De brancheorganisatie ziet alleen geanonimiseerde totalen van "
    "groepen van minstens tien afgeronde zelfscans, om opleidingen en de volgende editie van het "
    "beroepsprofiel te verbeteren.</p>"
    "<h2>Hoe lang</h2>"
    "<p>Een zelfscan zonder account die nooit is afgerond, verwijderen we automatisch na de "
    "bewaartermijn (standaard 180 dagen na het laatste gebruik: opslaan, bekijken of je "
    "ontwikkelplan bijwerken). Een afgeronde zelfscan, een zelfscan met een account en de kopie "
    "van een leidinggevende verwijderen we niet met die van een ander mee. Je kunt je zelfscan op elk "
    "moment zelf downloaden (CSV of JSON) en voorgoed verwijderen via de link van je zelfscan.</p>"
    "<h2>Geen tracking</h2>"
    "<p>Dit portaal gebruikt geen analyse- of advertentiediensten en laadt niets van andere "
    "websites. We plaatsen alleen de cookies die nodig zijn om in te loggen en formulieren "
    "veilig te versturen.</p>"
)
