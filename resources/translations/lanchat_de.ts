<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>ChatCommands</name>
    <message>
        <source>This tab is not a chat: join a room first (/join #room).</source>
        <translation>Dieser Tab ist kein Chat: Betritt zuerst einen Raum (/join #raum).</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Aufruf: %1</translation>
    </message>
    <message>
        <source>/part leaves a room: this tab is not one.</source>
        <translation>/part verlässt einen Raum: Dieser Tab ist keiner.</translation>
    </message>
    <message>
        <source>/topic works in a room.</source>
        <translation>/topic geht nur in einem Raum.</translation>
    </message>
    <message>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <source>/kick works in a room.</source>
        <translation>/kick geht nur in einem Raum.</translation>
    </message>
    <message>
        <source>/ban works in a room.</source>
        <translation>/ban geht nur in einem Raum.</translation>
    </message>
    <message>
        <source>/mode needs a room.</source>
        <translation>/mode braucht einen Raum.</translation>
    </message>
    <message>
        <source>Unknown command /%1 (/help lists them).</source>
        <translation>Unbekannter Befehl /%1 (/help zeigt alle).</translation>
    </message>
    <message>
        <source>/join #room [key]: join a room</source>
        <translation>/join #raum [Schlüssel]: einen Raum betreten</translation>
    </message>
    <message>
        <source>/part [#room] [reason]: leave a room</source>
        <translation>/part [#raum] [Grund]: einen Raum verlassen</translation>
    </message>
    <message>
        <source>/msg nick text: a private message (or to a room)</source>
        <translation>/msg Nick Text: eine private Nachricht (oder an einen Raum)</translation>
    </message>
    <message>
        <source>/query nick: open a private chat</source>
        <translation>/query Nick: einen privaten Chat öffnen</translation>
    </message>
    <message>
        <source>/me action: describe what you do</source>
        <translation>/me Aktion: beschreiben, was du tust</translation>
    </message>
    <message>
        <source>/nick newnick: change your nick</source>
        <translation>/nick NeuerNick: deinen Nick ändern</translation>
    </message>
    <message>
        <source>/topic [text]: show or set the room's topic</source>
        <translation>/topic [Text]: das Thema des Raums zeigen oder setzen</translation>
    </message>
    <message>
        <source>/away [text], /back: mark yourself away and back</source>
        <translation>/away [Text], /back: dich als abwesend und zurück melden</translation>
    </message>
    <message>
        <source>/whois nick: about someone</source>
        <translation>/whois Nick: Angaben zu jemandem</translation>
    </message>
    <message>
        <source>/kick nick [reason], /ban nick, /mode +o nick: for room operators</source>
        <translation>/kick Nick [Grund], /ban Nick, /mode +o Nick: für Raum-Operatoren</translation>
    </message>
    <message>
        <source>/ignore nick, /unignore nick: hide someone's messages</source>
        <translation>/ignore Nick, /unignore Nick: Nachrichten von jemandem ausblenden</translation>
    </message>
    <message>
        <source>/quote line: send a raw IRC line</source>
        <translation>/quote Zeile: eine rohe IRC-Zeile senden</translation>
    </message>
    <message>
        <source>/quit [reason]: leave this host</source>
        <translation>/quit [Grund]: diesen Host verlassen</translation>
    </message>
    <message>
        <source>//text: say text that starts with '/'</source>
        <translation>//Text: Text senden, der mit '/' beginnt</translation>
    </message>
    <message>
        <source>/who [#room|mask]: who is in a room (this one), or matches a mask</source>
        <translation>/who [#raum|maske]: wer in einem Raum (diesem) ist oder auf eine Maske passt</translation>
    </message>
    <message>
        <source>Files go to a person, not a room: /dcc send nick file</source>
        <translation>Dateien gehen an eine Person, nicht an einen Raum: /dcc send Nick Datei</translation>
    </message>
    <message>
        <source>/dcc send nick file: send a file to someone (also: drop it on their private chat)</source>
        <translation>/dcc send Nick Datei: jemandem eine Datei senden (auch: sie auf den privaten Chat ziehen)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Chat on a local network, and see how sockets work.</source>
        <translation>Chatten im lokalen Netz, und sehen, wie Sockets funktionieren.</translation>
    </message>
    <message>
        <source>Host a chat at start.</source>
        <translation>Beim Start einen Chat hosten.</translation>
    </message>
    <message>
        <source>The port to host on.</source>
        <translation>Der Port für den Host.</translation>
    </message>
    <message>
        <source>Join HOST[:PORT] at start.</source>
        <translation>Beim Start HOST[:PORT] beitreten.</translation>
    </message>
    <message>
        <source>Your nick.</source>
        <translation>Dein Nick.</translation>
    </message>
    <message>
        <source>Event loop: select, epoll, asyncselect.</source>
        <translation>Ereignisschleife: select, epoll, asyncselect.</translation>
    </message>
    <message>
        <source>Presence: auto, loopback, off or addresses.</source>
        <translation>Präsenz: auto, loopback, off oder Adressen.</translation>
    </message>
    <message>
        <source>A separate set of settings and history.</source>
        <translation>Eigene Einstellungen und eigener Verlauf.</translation>
    </message>
    <message>
        <source>Do not rejoin the chats open at the last exit.</source>
        <translation>Die beim letzten Beenden offenen Chats nicht wieder betreten.</translation>
    </message>
    <message>
        <source>not a port number</source>
        <translation>keine Portnummer</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>logging in</source>
        <translation>melde an</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>leaving</source>
        <translation>verlasse</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>verbinde neu</translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <source>The host announced the same fingerprint on the network. (Anyone on the network could announce one: comparing it with the host's own screen is the real check.)</source>
        <translation>Der Host hat im Netz denselben Fingerabdruck angekündigt. (Ankündigen kann jeder im Netz: die eigentliche Prüfung ist der Vergleich mit dem Bildschirm des Hosts.)</translation>
    </message>
    <message>
        <source>The host announced another fingerprint on the network:
%1
This connection may not be reaching the host you think.</source>
        <translation>Der Host hat im Netz einen anderen Fingerabdruck angekündigt:
%1
Diese Verbindung erreicht vielleicht nicht den Host, den du meinst.</translation>
    </message>
    <message>
        <source>A new host certificate</source>
        <translation>Ein neues Host-Zertifikat</translation>
    </message>
    <message>
        <source>%1 has a certificate this computer does not know yet.</source>
        <translation>%1 hat ein Zertifikat, das dieser Computer noch nicht kennt.</translation>
    </message>
    <message>
        <source>Its SHA-256 fingerprint is:
%1

Compare it with the fingerprint the host shows (its window, or lanchat-cli host's output). If they are the same, trust it: the chat is then private, and LanChat will warn you if it ever changes.</source>
        <translation>Sein SHA-256-Fingerabdruck ist:
%1

Vergleiche ihn mit dem Fingerabdruck, den der Host zeigt (in seinem Fenster oder in der Ausgabe von lanchat-cli host). Wenn beide gleich sind, vertraue ihm: der Chat ist dann privat, und LanChat warnt dich, falls er sich je ändert.</translation>
    </message>
    <message>
        <source>The host's certificate has changed</source>
        <translation>Das Zertifikat des Hosts hat sich geändert</translation>
    </message>
    <message>
        <source>%1 shows another certificate than before. Someone may be pretending to be the host.</source>
        <translation>%1 zeigt ein anderes Zertifikat als zuvor. Vielleicht gibt sich jemand als der Host aus.</translation>
    </message>
    <message>
        <source>Before: %1
Now: %2

Accept the new one only if the host made a new certificate (ask its owner, and compare the fingerprint).</source>
        <translation>Vorher: %1
Jetzt: %2

Akzeptiere das neue nur, wenn der Host ein neues Zertifikat erstellt hat (frag seinen Besitzer und vergleiche den Fingerabdruck).</translation>
    </message>
    <message>
        <source>Trust this certificate</source>
        <translation>Diesem Zertifikat vertrauen</translation>
    </message>
    <message>
        <source>Accept the new certificate</source>
        <translation>Das neue Zertifikat akzeptieren</translation>
    </message>
    <message>
        <source>Do not join</source>
        <translation>Nicht beitreten</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>checked against the fingerprint kept for it</source>
        <translation>geprüft gegen den dafür gespeicherten Fingerabdruck</translation>
    </message>
    <message>
        <source>vouched for by this computer's trust store</source>
        <translation>bestätigt durch die vertrauenswürdigen Zertifikate dieses Computers</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Secured with %1 (%2). The host's certificate: SHA-256 %3 (%4).</source>
        <translation>Gesichert mit %1 (%2). Das Zertifikat des Hosts: SHA-256 %3 (%4).</translation>
    </message>
    <message>
        <source>encrypted (%1)</source>
        <translation>verschlüsselt (%1)</translation>
    </message>
</context>
<context>
    <name>bridge</name>
    <message>
        <source>offered</source>
        <translation>angeboten</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>transferring</source>
        <translation>überträgt</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>this host does not share files (it advertises no FILEHOST)</source>
        <translation>dieser Host teilt keine Dateien (er bietet kein FILEHOST an)</translation>
    </message>
    <message>
        <source>the session has not started</source>
        <translation>die Sitzung hat nicht begonnen</translation>
    </message>
</context>
<context>
    <name>bridge::HostService</name>
    <message>
        <source>TLS is off: %1</source>
        <translation>TLS ist aus: %1</translation>
    </message>
</context>
<context>
    <name>bridge::PresenceService</name>
    <message>
        <source>: %1 sent, %2 received, %3 errors</source>
        <translation>: %1 gesendet, %2 empfangen, %3 Fehler</translation>
    </message>
    <message>
        <source>; last: %1</source>
        <translation>; zuletzt: %1</translation>
    </message>
</context>
<context>
    <name>ui::BytesModel</name>
    <message>
        <source>… %1 bytes not captured (capture cap)</source>
        <translation>… %1 Bytes nicht erfasst (Erfassungsgrenze)</translation>
    </message>
    <message>
        <source>Chunk</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>The record's header, 5 bytes in the clear: its type, the version it says (TLS 1.3 records say TLS 1.2, for old middleboxes) and its length. The body after it is encrypted once the keys are agreed.</source>
        <translation>Der Kopf des Records, 5 Bytes im Klartext: sein Typ, die Version, die er nennt (TLS-1.3-Records nennen TLS 1.2, wegen alter Middleboxes), und seine Länge. Der Inhalt danach ist verschlüsselt, sobald die Schlüssel vereinbart sind.</translation>
    </message>
    <message>
        <source>The plaintext the TLS layer carried in this chunk's records: what the program sent or read, never seen on the wire.</source>
        <translation>Der Klartext, den die TLS-Schicht in den Records dieses Abschnitts trug: was das Programm gesendet oder gelesen hat, auf der Leitung nie zu sehen.</translation>
    </message>
    <message>
        <source>↳ %1: %2 bytes</source>
        <translation>↳ %1: %2 Bytes</translation>
    </message>
    <message>
        <source>TLS record: %1 (%2), %3 bytes</source>
        <translation>TLS-Record: %1 (%2), %3 Bytes</translation>
    </message>
    <message>
        <source>header: %1</source>
        <translation>Kopf: %1</translation>
    </message>
    <message>
        <source>… %1 bytes of plaintext not captured (capture cap)</source>
        <translation>… %1 Bytes Klartext nicht aufgezeichnet (Aufzeichnungsgrenze)</translation>
    </message>
</context>
<context>
    <name>ui::ChatEventHandler</name>
    <message>
        <source>Connected as %1: %2</source>
        <translation>Verbunden als %1: %2</translation>
    </message>
    <message>
        <source>You joined %1.</source>
        <translation>Du hast %1 betreten.</translation>
    </message>
    <message>
        <source>You are now known as %1</source>
        <translation>Du heißt jetzt %1</translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation>Thema: %1</translation>
    </message>
    <message>
        <source>%1 sets mode %2</source>
        <translation>%1 setzt Modus %2</translation>
    </message>
    <message>
        <source>You are marked as away.</source>
        <translation>Du bist als abwesend markiert.</translation>
    </message>
    <message>
        <source>You are back.</source>
        <translation>Du bist zurück.</translation>
    </message>
    <message>
        <source>%1 is away: %2</source>
        <translation>%1 ist abwesend: %2</translation>
    </message>
    <message>
        <source>Wrong password for this host (%1).</source>
        <translation>Falsches Passwort für diesen Host (%1).</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1 (privat)</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>The nick %1 is taken</source>
        <translation>Der Nick %1 ist vergeben</translation>
    </message>
    <message>
        <source>The nick %1 is not allowed on this host</source>
        <translation>Der Nick %1 ist auf diesem Host nicht erlaubt</translation>
    </message>
    <message>
        <source>The nick %1 is not available now</source>
        <translation>Der Nick %1 ist gerade nicht verfügbar</translation>
    </message>
    <message>
        <source>%1, and no other nick is left to try.</source>
        <translation>%1, und es ist kein anderer Nick mehr übrig.</translation>
    </message>
    <message>
        <source>%1; trying %2.</source>
        <translation>%1; versuche %2.</translation>
    </message>
    <message>
        <source>%1 (%2). You are still %3; choose another nick with /nick.</source>
        <translation>%1 (%2). Du bist weiterhin %3; wähle mit /nick einen anderen Nick.</translation>
    </message>
    <message>
        <source>%1: %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>There is nobody called %1 on this host.</source>
        <translation>Auf diesem Host gibt es niemanden namens %1.</translation>
    </message>
    <message>
        <source>%1 is %2@%3</source>
        <translation>%1 ist %2@%3</translation>
    </message>
    <message>
        <source>%1 is %2@%3 (%4)</source>
        <translation>%1 ist %2@%3 (%4)</translation>
    </message>
    <message>
        <source>%1 is in %2</source>
        <translation>%1 ist in %2</translation>
    </message>
    <message>
        <source>%1 is connected to %2</source>
        <translation>%1 ist mit %2 verbunden</translation>
    </message>
    <message>
        <source>%1 is connected to %2 (%3)</source>
        <translation>%1 ist mit %2 verbunden (%3)</translation>
    </message>
    <message numerus="yes">
        <source>%1 has been idle for %n minute(s)</source>
        <translation>
            <numerusform>%1 ist seit %n Minute untätig</numerusform>
            <numerusform>%1 ist seit %n Minuten untätig</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, online since %2</source>
        <translation>%1, online seit %2</translation>
    </message>
    <message>
        <source>%1 is an operator of this host</source>
        <translation>%1 ist Operator dieses Hosts</translation>
    </message>
    <message>
        <source>%1 is logged in as %2</source>
        <translation>%1 ist angemeldet als %2</translation>
    </message>
    <message>
        <source>%1 is connected with TLS</source>
        <translation>%1 ist über TLS verbunden</translation>
    </message>
    <message>
        <source>Not made an operator: %1</source>
        <translation>Nicht zum Operator gemacht: %1</translation>
    </message>
    <message>
        <source>You joined %1 as %2, not as %3.</source>
        <translation>Du bist %1 als %2 beigetreten, nicht als %3.</translation>
    </message>
    <message>
        <source>Message of the day</source>
        <translation>Nachricht des Tages</translation>
    </message>
    <message>
        <source>You are now an operator of this host.</source>
        <translation>Du bist jetzt Operator dieses Hosts.</translation>
    </message>
    <message>
        <source>Earlier messages, from while you were away:</source>
        <translation>Frühere Nachrichten, aus der Zeit deiner Abwesenheit:</translation>
    </message>
    <message>
        <source>End of the earlier messages (1 line).</source>
        <translation>Ende der früheren Nachrichten (1 Zeile).</translation>
    </message>
    <message>
        <source>End of the earlier messages (%1 lines).</source>
        <translation>Ende der früheren Nachrichten (%1 Zeilen).</translation>
    </message>
    <message>
        <source>%1 is online (%2).</source>
        <translation>%1 ist online (%2).</translation>
    </message>
    <message>
        <source>%1 has left (%2).</source>
        <translation>%1 ist gegangen (%2).</translation>
    </message>
    <message>
        <source>Favourite people</source>
        <translation>Favorisierte Personen</translation>
    </message>
    <message>
        <source>%1 invites you to %2.</source>
        <translation>%1 lädt dich nach %2 ein.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Beitreten</translation>
    </message>
    <message>
        <source>(/join %1)</source>
        <translation>(/join %1)</translation>
    </message>
    <message>
        <source>room operator</source>
        <translation>Raum-Operator</translation>
    </message>
    <message>
        <source>voiced</source>
        <translation>mit Stimme</translation>
    </message>
    <message>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <source>host operator</source>
        <translation>Host-Operator</translation>
    </message>
    <message>
        <source>bot</source>
        <translation>Bot</translation>
    </message>
    <message>
        <source>%1 (%2@%3)</source>
        <translation>%1 (%2@%3)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Nobody matches %1.</source>
        <translation>Niemand passt auf %1.</translation>
    </message>
    <message>
        <source>Who %1: %2 listed, %3 more not shown.</source>
        <translation>Wer %1: %2 aufgeführt, %3 weitere nicht gezeigt.</translation>
    </message>
    <message>
        <source>Who %1: %2 found.</source>
        <translation>Wer %1: %2 gefunden.</translation>
    </message>
</context>
<context>
    <name>ui::ChatHistory</name>
    <message>
        <source>History is off: %1</source>
        <translation>Verlauf ist aus: %1</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>The chat history cannot be used this time: %1</source>
        <translation>Der Chatverlauf ist diesmal nicht nutzbar: %1</translation>
    </message>
    <message>
        <source>Choose a room or private chat to export (with history on).</source>
        <translation>Wähle einen Raum oder privaten Chat zum Exportieren (mit eingeschaltetem Verlauf).</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>Chat exportieren</translation>
    </message>
    <message>
        <source>Plain text (*.txt);;HTML (*.html);;JSON (*.json)</source>
        <translation>Reiner Text (*.txt);;HTML (*.html);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Delete the stored history of every chat? This cannot be undone.</source>
        <translation>Den gespeicherten Verlauf aller Chats löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Delete the stored history of %1? This cannot be undone.</source>
        <translation>Den gespeicherten Verlauf von %1 löschen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>The history could not be cleared.</source>
        <translation>Der Verlauf konnte nicht gelöscht werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) deleted from the history.</source>
        <translation>
            <numerusform>%n Zeile aus dem Verlauf gelöscht.</numerusform>
            <numerusform>%n Zeilen aus dem Verlauf gelöscht.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::ChatPage</name>
    <message>
        <source>No topic</source>
        <translation>Kein Thema</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Thema</translation>
    </message>
    <message>
        <source>People in %1</source>
        <translation>Leute in %1</translation>
    </message>
    <message>
        <source>(closed)</source>
        <translation>(geschlossen)</translation>
    </message>
    <message>
        <source>%1, room operator</source>
        <translation>%1, Raum-Operator</translation>
    </message>
    <message>
        <source>%1, may speak</source>
        <translation>%1, darf sprechen</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source> (away)</source>
        <translation> (abwesend)</translation>
    </message>
    <message>
        <source>%1, room operator, may speak</source>
        <translation>%1, Raum-Operator, darf sprechen</translation>
    </message>
    <message>
        <source>&amp;Private chat</source>
        <translation>&amp;Privater Chat</translation>
    </message>
    <message>
        <source>Send &amp;file...</source>
        <translation>&amp;Datei senden...</translation>
    </message>
</context>
<context>
    <name>ui::CommandRunner</name>
    <message>
        <source>This chat is closed.</source>
        <translation>Dieser Chat ist geschlossen.</translation>
    </message>
    <message>
        <source>Ignoring %1 (/unignore %1 to stop).</source>
        <translation>%1 wird ignoriert (/unignore %1 beendet das).</translation>
    </message>
    <message>
        <source>No longer ignoring %1.</source>
        <translation>%1 wird nicht mehr ignoriert.</translation>
    </message>
    <message>
        <source>%1 was not ignored.</source>
        <translation>%1 wurde nicht ignoriert.</translation>
    </message>
    <message>
        <source>Connecting to %1 again to join %2...</source>
        <translation>Verbinde erneut mit %1, um %2 beizutreten...</translation>
    </message>
    <message>
        <source>Not connected to %1, so nothing was sent. Type /join #room to connect again.</source>
        <translation>Nicht mit %1 verbunden, daher wurde nichts gesendet. Tippe /join #raum, um dich erneut zu verbinden.</translation>
    </message>
</context>
<context>
    <name>ui::ErrorExplanations</name>
    <message>
        <source>connection under way: a non-blocking connect; wait until the socket is writable, then read SO_ERROR</source>
        <translation>Verbindungsaufbau läuft: ein nicht blockierendes connect; warten, bis der Socket beschreibbar ist, dann SO_ERROR lesen</translation>
    </message>
    <message>
        <source>the send buffer is full: normal for a non-blocking socket; wait until it is writable</source>
        <translation>der Sendepuffer ist voll: normal für einen nicht blockierenden Socket; warten, bis er beschreibbar ist</translation>
    </message>
    <message>
        <source>no connection waiting: normal for a non-blocking listener; wait for readiness</source>
        <translation>keine Verbindung wartet: normal für einen nicht blockierenden lauschenden Socket; auf Bereitschaft warten</translation>
    </message>
    <message>
        <source>nothing to read yet: normal for a non-blocking socket; wait for readiness</source>
        <translation>noch nichts zu lesen: normal für einen nicht blockierenden Socket; auf Bereitschaft warten</translation>
    </message>
    <message>
        <source>nobody listens on that address and port (the peer answered with a reset)</source>
        <translation>niemand lauscht auf dieser Adresse und diesem Port (die Gegenseite antwortete mit einem Reset)</translation>
    </message>
    <message>
        <source>the peer reset the connection (it closed abortively or crashed)</source>
        <translation>die Gegenseite hat die Verbindung zurückgesetzt (abrupt geschlossen oder abgestürzt)</translation>
    </message>
    <message>
        <source>the connection was aborted on this side (timeout or protocol error)</source>
        <translation>die Verbindung wurde auf dieser Seite abgebrochen (Zeitüberschreitung oder Protokollfehler)</translation>
    </message>
    <message>
        <source>another socket already uses this address and port</source>
        <translation>ein anderer Socket belegt diese Adresse und diesen Port schon</translation>
    </message>
    <message>
        <source>this address does not belong to this machine</source>
        <translation>diese Adresse gehört nicht zu diesem Rechner</translation>
    </message>
    <message>
        <source>the peer did not answer in time</source>
        <translation>die Gegenseite hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>no route to that host</source>
        <translation>keine Route zu diesem Rechner</translation>
    </message>
    <message>
        <source>no route to that network</source>
        <translation>keine Route zu diesem Netz</translation>
    </message>
    <message>
        <source>the network is down</source>
        <translation>das Netz ist nicht verfügbar</translation>
    </message>
    <message>
        <source>the socket is not connected</source>
        <translation>der Socket ist nicht verbunden</translation>
    </message>
    <message>
        <source>the socket is already connected</source>
        <translation>der Socket ist schon verbunden</translation>
    </message>
    <message>
        <source>a connect is already under way on this socket</source>
        <translation>auf diesem Socket läuft schon ein connect</translation>
    </message>
    <message>
        <source>the connection is closed for sending (the peer has gone)</source>
        <translation>die Verbindung ist zum Senden geschlossen (die Gegenseite ist weg)</translation>
    </message>
    <message>
        <source>sending was already shut down on this socket</source>
        <translation>das Senden wurde auf diesem Socket schon beendet (shutdown)</translation>
    </message>
    <message>
        <source>interrupted by a signal; call again</source>
        <translation>von einem Signal unterbrochen; erneut aufrufen</translation>
    </message>
    <message>
        <source>an invalid argument (or the socket is in the wrong state for this call)</source>
        <translation>ein ungültiges Argument (oder der Socket ist im falschen Zustand für diesen Aufruf)</translation>
    </message>
    <message>
        <source>not an open socket (already closed?)</source>
        <translation>kein offener Socket (schon geschlossen?)</translation>
    </message>
    <message>
        <source>not a socket (already closed?)</source>
        <translation>kein Socket (schon geschlossen?)</translation>
    </message>
    <message>
        <source>permission denied (a privileged port, or broadcast without SO_BROADCAST)</source>
        <translation>Zugriff verweigert (ein privilegierter Port, oder Broadcast ohne SO_BROADCAST)</translation>
    </message>
    <message>
        <source>too many open files or sockets in this process</source>
        <translation>zu viele offene Dateien oder Sockets in diesem Prozess</translation>
    </message>
    <message>
        <source>the datagram is larger than the protocol allows</source>
        <translation>das Datagramm ist größer, als das Protokoll erlaubt</translation>
    </message>
    <message>
        <source>this address family is not supported here (IPv6 off?)</source>
        <translation>diese Adressfamilie wird hier nicht unterstützt (IPv6 aus?)</translation>
    </message>
    <message>
        <source>WSAStartup was not called</source>
        <translation>WSAStartup wurde nicht aufgerufen</translation>
    </message>
    <message>
        <source>the name is not known (no such host)</source>
        <translation>der Name ist unbekannt (kein solcher Rechner)</translation>
    </message>
    <message>
        <source>the name server did not answer; try again</source>
        <translation>der Nameserver hat nicht geantwortet; später erneut versuchen</translation>
    </message>
    <message>
        <source>the name server failed</source>
        <translation>der Nameserver ist gescheitert</translation>
    </message>
    <message>
        <source>the peer does not speak TLS (a plain client on a TLS port, or a TLS client on a plain one)</source>
        <translation>die Gegenseite spricht kein TLS (ein Client ohne TLS am TLS-Port oder ein TLS-Client am Port ohne TLS)</translation>
    </message>
    <message>
        <source>the host's certificate is vouched for by no authority and was not pinned: compare its fingerprint with the one the host shows</source>
        <translation>für das Zertifikat des Hosts bürgt keine Stelle, und es wurde nicht festgelegt: vergleiche seinen Fingerabdruck mit dem, den der Host anzeigt</translation>
    </message>
    <message>
        <source>the host's certificate is not the one remembered for it: a new certificate, or somebody in between</source>
        <translation>das Zertifikat des Hosts ist nicht das gemerkte: ein neues Zertifikat oder jemand dazwischen</translation>
    </message>
    <message>
        <source>no TLS version in common (1.2 and 1.3 only)</source>
        <translation>keine gemeinsame TLS-Version (nur 1.2 und 1.3)</translation>
    </message>
    <message>
        <source>the peer closed the connection in the middle of the handshake</source>
        <translation>die Gegenseite hat die Verbindung mitten im Handshake geschlossen</translation>
    </message>
    <message>
        <source>the handshake did not end in time</source>
        <translation>der Handshake wurde nicht rechtzeitig fertig</translation>
    </message>
    <message>
        <source>the two ends could not agree on the handshake (the library says why)</source>
        <translation>die beiden Seiten konnten sich im Handshake nicht einigen (die Bibliothek sagt, warum)</translation>
    </message>
</context>
<context>
    <name>ui::EventText</name>
    <message>
        <source>--&gt; %1 joined</source>
        <translation>--&gt; %1 ist da</translation>
    </message>
    <message>
        <source>&lt;-- %1 left</source>
        <translation>&lt;-- %1 ist gegangen</translation>
    </message>
    <message>
        <source>&lt;-- %1 left (%2)</source>
        <translation>&lt;-- %1 ist gegangen (%2)</translation>
    </message>
    <message>
        <source>&lt;-- %1 quit</source>
        <translation>&lt;-- %1 hat sich abgemeldet</translation>
    </message>
    <message>
        <source>&lt;-- %1 quit (%2)</source>
        <translation>&lt;-- %1 hat sich abgemeldet (%2)</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <translation>%1 heißt jetzt %2</translation>
    </message>
    <message>
        <source>%1 set the topic: %2</source>
        <translation>%1 hat das Thema gesetzt: %2</translation>
    </message>
    <message>
        <source>&lt;-- %1 was kicked by %2</source>
        <translation>&lt;-- %1 wurde von %2 hinausgeworfen</translation>
    </message>
    <message>
        <source>&lt;-- %1 was kicked by %2 (%3)</source>
        <translation>&lt;-- %1 wurde von %2 hinausgeworfen (%3)</translation>
    </message>
</context>
<context>
    <name>ui::HostDialog</name>
    <message>
        <source>Host a chat</source>
        <translation>Einen Chat hosten</translation>
    </message>
    <message>
        <source>TCP port</source>
        <translation>TCP-Port</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>LanChat</source>
        <translation>LanChat</translation>
    </message>
    <message>
        <source>The chat's name</source>
        <translation>Name des Chats</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>none: anyone on the network can join</source>
        <translation>keins: jeder im Netz kann beitreten</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Event loop</source>
        <translation>Ereignisschleife</translation>
    </message>
    <message>
        <source>How the host waits for its sockets: select() works everywhere; epoll (Linux) holds thousands of clients.</source>
        <translation>Wie der Host auf seine Sockets wartet: select() geht überall; epoll (Linux) hält Tausende von Clients.</translation>
    </message>
    <message>
        <source>&amp;Event loop:</source>
        <translation>&amp;Ereignisschleife:</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>&amp;Hosten</translation>
    </message>
    <message>
        <source>Encrypted (&amp;TLS) on port</source>
        <translation>Verschlüsselt (&amp;TLS) auf Port</translation>
    </message>
    <message>
        <source>Others can then join privately: nobody else on the network can read the chat. LanChat makes the host's certificate and shows its fingerprint for people to compare.</source>
        <translation>Andere können dann privat beitreten: niemand sonst im Netz kann den Chat lesen. LanChat erstellt das Zertifikat des Hosts und zeigt seinen Fingerabdruck zum Vergleichen.</translation>
    </message>
    <message>
        <source>TLS port</source>
        <translation>TLS-Port</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <source>&amp;Only encrypted connections (no plain port)</source>
        <translation>&amp;Nur verschlüsselte Verbindungen (kein unverschlüsselter Port)</translation>
    </message>
    <message>
        <source>Share &amp;files: people can upload files and pictures here</source>
        <translation>&amp;Dateien teilen: andere können hier Dateien und Bilder hochladen</translation>
    </message>
    <message>
        <source>The host keeps what people share (25 MiB a file, for 7 days) on this computer, and the chat shows links and pictures.</source>
        <translation>Der Host bewahrt auf diesem Computer auf, was geteilt wird (25 MiB je Datei, 7 Tage lang), und der Chat zeigt Links und Bilder.</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dateien:</translation>
    </message>
</context>
<context>
    <name>ui::InputLine</name>
    <message>
        <source>Message input</source>
        <translation>Nachrichteneingabe</translation>
    </message>
    <message>
        <source>Type a message, or /help</source>
        <translation>Nachricht eingeben, oder /help</translation>
    </message>
    <message>
        <source>Paste several lines</source>
        <translation>Mehrere Zeilen einfügen</translation>
    </message>
    <message numerus="yes">
        <source>The clipboard holds %n line(s). Send them all as separate messages?</source>
        <translation>
            <numerusform>Die Zwischenablage enthält %n Zeile. Als einzelne Nachricht senden?</numerusform>
            <numerusform>Die Zwischenablage enthält %n Zeilen. Alle als einzelne Nachrichten senden?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::InspectorDock</name>
    <message>
        <source>Socket Inspector</source>
        <translation>Socket-Inspektor</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>Sockets</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>Lebenszyklus</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>Schleife</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Open trace file...</source>
        <translation>Trace-Datei öffnen...</translation>
    </message>
    <message>
        <source>Open trace file</source>
        <translation>Trace-Datei öffnen</translation>
    </message>
    <message>
        <source>JSON Lines trace (*.jsonl *.json);;All files (*)</source>
        <translation>JSON-Lines-Trace (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export JSON Lines...</source>
        <translation>Als JSON Lines exportieren...</translation>
    </message>
    <message>
        <source>Export JSON Lines</source>
        <translation>Als JSON Lines exportieren</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>Als CSV exportieren...</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>Als Text kopieren</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>All sockets</source>
        <translation>Alle Sockets</translation>
    </message>
    <message>
        <source>All calls</source>
        <translation>Alle Aufrufe</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Textfilter</translation>
    </message>
    <message>
        <source>Clear closed sockets</source>
        <translation>Geschlossene Sockets entfernen</translation>
    </message>
    <message>
        <source>Select a socket in the Timeline or the Sockets table.</source>
        <translation>Wähle einen Socket in der Zeitleiste oder der Socket-Tabelle.</translation>
    </message>
    <message>
        <source>Select a send or recv in the Timeline.</source>
        <translation>Wähle ein send oder recv in der Zeitleiste.</translation>
    </message>
    <message>
        <source>Socket #%1: %2</source>
        <translation>Socket #%1: %2</translation>
    </message>
    <message>
        <source>%1 events, %2 sockets</source>
        <translation>%1 Ereignisse, %2 Sockets</translation>
    </message>
    <message>
        <source>, %1 older events overwritten (ring of %2)</source>
        <translation>, %1 ältere Ereignisse überschrieben (Ring aus %2)</translation>
    </message>
    <message>
        <source>, paused</source>
        <translation>, angehalten</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Kann %1 nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Opened %1: %2 events</source>
        <translation>%1 geöffnet: %2 Ereignisse</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Kann %1 nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>, bytes of %1 older events dropped (at most %2 kept)</source>
        <translation>, Bytes von %1 älteren Ereignissen verworfen (höchstens %2 behalten)</translation>
    </message>
    <message>
        <source>Idle waits</source>
        <translation>Leerlauf-Wartezeiten</translation>
    </message>
    <message>
        <source>Show the select() and epoll_wait() calls that timed out with nothing to do (each loop makes about ten a second)</source>
        <translation>Zeigt die Aufrufe von select() und epoll_wait(), die ohne Arbeit abgelaufen sind (jede Schleife macht etwa zehn pro Sekunde)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Socket #%1: the bytes it received (recv)</source>
        <translation>Socket #%1: die empfangenen Bytes (recv)</translation>
    </message>
    <message>
        <source>Socket #%1: the bytes it sent (send)</source>
        <translation>Socket #%1: die gesendeten Bytes (send)</translation>
    </message>
    <message>
        <source>Socket #%1: the TLS records it received (recv), and beneath each chunk the plaintext in them</source>
        <translation>Socket #%1: die empfangenen TLS-Records (recv), unter jedem Abschnitt der Klartext darin</translation>
    </message>
    <message>
        <source>Socket #%1: the TLS records it sent (send), and beneath each chunk the plaintext in them</source>
        <translation>Socket #%1: die gesendeten TLS-Records (send), unter jedem Abschnitt der Klartext darin</translation>
    </message>
    <message>
        <source>Socket Inspector at %1 %</source>
        <translation>Socket-Inspektor auf %1 %</translation>
    </message>
    <message>
        <source>, the OS's TCP states cannot be read: %1</source>
        <translation>, die TCP-Zustände des Betriebssystems sind nicht lesbar: %1</translation>
    </message>
</context>
<context>
    <name>ui::JoinDialog</name>
    <message>
        <source>Join a chat</source>
        <translation>Einem Chat beitreten</translation>
    </message>
    <message>
        <source>Host address</source>
        <translation>Adresse des Hosts</translation>
    </message>
    <message>
        <source>192.168.1.20, lanchat.local:6667, ircs://host</source>
        <translation>192.168.1.20, lanchat.local:6667, ircs://host</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Encrypted (TLS)</source>
        <translation>&amp;Verschlüsselt (TLS)</translation>
    </message>
    <message>
        <source>Join over TLS (port 6697 unless you give one): nobody else on the network can read the chat. The first time, LanChat shows the host's certificate fingerprint to compare.</source>
        <translation>Über TLS beitreten (Port 6697, wenn du keinen angibst): niemand sonst im Netz kann den Chat lesen. Beim ersten Mal zeigt LanChat den Fingerabdruck des Host-Zertifikats zum Vergleichen.</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Beitreten</translation>
    </message>
    <message>
        <source>This host announced encrypted connections on port %1.</source>
        <translation>Dieser Host hat verschlüsselte Verbindungen auf Port %1 angekündigt.</translation>
    </message>
</context>
<context>
    <name>ui::LifecycleModel</name>
    <message>
        <source>server (listener)</source>
        <translation>Server (lauschend)</translation>
    </message>
    <message>
        <source>server (accepted connection)</source>
        <translation>Server (angenommene Verbindung)</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>connected (SO_ERROR 0)</source>
        <translation>verbunden (SO_ERROR 0)</translation>
    </message>
    <message>
        <source>%1 calls, %2 bytes in, %3 bytes out</source>
        <translation>%1 Aufrufe, %2 Bytes empfangen, %3 Bytes gesendet</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) accepted</source>
        <translation>
            <numerusform>%n Verbindung angenommen</numerusform>
            <numerusform>%n Verbindungen angenommen</numerusform>
        </translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Call made</source>
        <translation>Aufruf</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anmerkung</translation>
    </message>
    <message>
        <source>UDP (%1)</source>
        <translation>UDP (%1)</translation>
    </message>
    <message>
        <source>client, trying each address (%1 addresses)</source>
        <translation>Client, probiert jede Adresse (%1 Adressen)</translation>
    </message>
    <message>
        <source>%1 (address %2 of %3)</source>
        <translation>%1 (Adresse %2 von %3)</translation>
    </message>
    <message>
        <source>; trying the next address</source>
        <translation>; probiere die nächste Adresse</translation>
    </message>
    <message>
        <source>this address failed: its socket is closed</source>
        <translation>diese Adresse ging nicht: ihr Socket ist geschlossen</translation>
    </message>
    <message>
        <source>%1 addresses to try, in this order</source>
        <translation>%1 Adressen zum Probieren, in dieser Reihenfolge</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>TLS established</source>
        <translation>TLS hergestellt</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
    <message>
        <source>TLS handshake abandoned</source>
        <translation>TLS-Handshake abgebrochen</translation>
    </message>
    <message>
        <source>TLS: %1 sent</source>
        <translation>TLS: %1 gesendet</translation>
    </message>
    <message>
        <source>TLS: %1 received</source>
        <translation>TLS: %1 empfangen</translation>
    </message>
    <message>
        <source>, over TLS</source>
        <translation>, über TLS</translation>
    </message>
    <message>
        <source>the server's certificate: SHA-256 %1</source>
        <translation>das Zertifikat des Servers: SHA-256 %1</translation>
    </message>
    <message>
        <source>server in a client program (DCC listener)</source>
        <translation>Server in einem Client-Programm (DCC-Listener)</translation>
    </message>
</context>
<context>
    <name>ui::LoopModel</name>
    <message>
        <source>Wake-up</source>
        <translation>Aufwachen</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Passed in / registered</source>
        <translation>Übergeben / angemeldet</translation>
    </message>
    <message>
        <source>Returned / delivered</source>
        <translation>Zurückgegeben / zugestellt</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>LanChat</source>
        <translation>LanChat</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>&amp;Join host...</source>
        <translation>Host &amp;beitreten...</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>&amp;Host a chat...</source>
        <translation>Chat &amp;hosten...</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>&amp;Stop hosting</source>
        <translation>Hosten &amp;beenden</translation>
    </message>
    <message>
        <source>S&amp;ettings...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Next chat</source>
        <translation>&amp;Nächster Chat</translation>
    </message>
    <message>
        <source>&amp;Previous chat</source>
        <translation>&amp;Vorheriger Chat</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About LanChat</source>
        <translation>&amp;Über LanChat</translation>
    </message>
    <message>
        <source>About LanChat</source>
        <translation>Über LanChat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LanChat %1&lt;/h3&gt;&lt;p&gt;Chat on a local network, and see how sockets really work.&lt;/p&gt;&lt;p&gt;Hosts speak IRC: any IRC client can join.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LanChat %1&lt;/h3&gt;&lt;p&gt;Chatten im lokalen Netz, und sehen, wie Sockets wirklich funktionieren.&lt;/p&gt;&lt;p&gt;Hosts sprechen IRC: Jeder IRC-Client kann beitreten.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>LanChat (%1 unread)</source>
        <translation>LanChat (%1 ungelesen)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n chat(s) open</source>
        <translation>
            <numerusform>%n Chat offen</numerusform>
            <numerusform>%n Chats offen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: connection lost, reconnecting in %n s</source>
        <translation>
            <numerusform>%1: Verbindung verloren, neuer Versuch in %n s</numerusform>
            <numerusform>%1: Verbindung verloren, neuer Versuch in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Connected to %1 as %2</source>
        <translation>Verbunden mit %1 als %2</translation>
    </message>
    <message>
        <source>lag %1 ms</source>
        <translation>Verzögerung %1 ms</translation>
    </message>
    <message>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <source>LanChat closed</source>
        <translation>LanChat beendet</translation>
    </message>
    <message>
        <source>Socket &amp;Inspector</source>
        <translation>Socket-&amp;Inspektor</translation>
    </message>
    <message>
        <source>&amp;Close chat</source>
        <translation>Chat &amp;schließen</translation>
    </message>
    <message>
        <source>Ne&amp;twork panel</source>
        <translation>&amp;Netzwerk-Bereich</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Search &amp;history...</source>
        <translation>Im &amp;Verlauf suchen...</translation>
    </message>
    <message>
        <source>E&amp;xport this chat...</source>
        <translation>Diesen Chat e&amp;xportieren...</translation>
    </message>
    <message>
        <source>Clear this chat's histor&amp;y...</source>
        <translation>Verlauf dieses Chats &amp;löschen...</translation>
    </message>
    <message>
        <source>Clear &amp;all history...</source>
        <translation>&amp;Ganzen Verlauf löschen...</translation>
    </message>
    <message>
        <source>History is off (Settings, History).</source>
        <translation>Der Verlauf ist aus (Einstellungen, Verlauf).</translation>
    </message>
    <message>
        <source>Show this chat's &amp;socket</source>
        <translation>&amp;Socket dieses Chats zeigen</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Show its &amp;socket in the Inspector</source>
        <translation>Seinen &amp;Socket im Inspektor zeigen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>This chat has no connection now.</source>
        <translation>Dieser Chat hat gerade keine Verbindung.</translation>
    </message>
    <message>
        <source>Join %1 to open that chat.</source>
        <translation>Tritt %1 bei, um diesen Chat zu öffnen.</translation>
    </message>
    <message>
        <source>Stop hosting</source>
        <translation>Hosten beenden</translation>
    </message>
    <message numerus="yes">
        <source>People on your chat besides you: %n. Stopping the host disconnects them.</source>
        <translation>
            <numerusform>Außer dir ist %n Person in deinem Chat. Wenn du das Hosten beendest, wird sie getrennt.</numerusform>
            <numerusform>Außer dir sind %n Personen in deinem Chat. Wenn du das Hosten beendest, werden sie getrennt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not encrypted: anyone on this network can read this chat.</source>
        <translation>Nicht verschlüsselt: jeder in diesem Netz kann diesen Chat lesen.</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n client(s)</source>
        <translation>
            <numerusform>%1, %n Client</numerusform>
            <numerusform>%1, %n Clients</numerusform>
        </translation>
    </message>
    <message>
        <source>The host's certificate (SHA-256): %1</source>
        <translation>Das Zertifikat des Hosts (SHA-256): %1</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Übertragungen</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <source>A file from %1</source>
        <translation>Eine Datei von %1</translation>
    </message>
    <message>
        <source>&amp;Transfers</source>
        <translation>Ü&amp;bertragungen</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>Send &amp;file...</source>
        <translation>&amp;Datei senden...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Send file</source>
        <translation>Datei senden</translation>
    </message>
    <message>
        <source>Files go to a person: open a private chat with them (double-click their nick) and send from there.</source>
        <translation>Dateien gehen an eine Person: Öffne einen privaten Chat mit ihr (Doppelklick auf ihren Nick) und sende von dort.</translation>
    </message>
    <message>
        <source>Send files to %1</source>
        <translation>Dateien an %1 senden</translation>
    </message>
    <message>
        <source>Offering %1 to %2...</source>
        <translation>Biete %2 die Datei %1 an...</translation>
    </message>
    <message>
        <source>Share file with the &amp;room...</source>
        <translation>Datei mit dem &amp;Raum teilen...</translation>
    </message>
    <message>
        <source>Share file</source>
        <translation>Datei teilen</translation>
    </message>
    <message>
        <source>Files are shared with a chat: open a room first.</source>
        <translation>Dateien werden mit einem Chat geteilt: Öffne zuerst einen Raum.</translation>
    </message>
    <message>
        <source>Share files with %1</source>
        <translation>Dateien mit %1 teilen</translation>
    </message>
    <message>
        <source>they will connect to you</source>
        <translation>die Gegenseite verbindet sich mit dir</translation>
    </message>
    <message>
        <source>%1 sends you the file %2 (%3, from %4): saving it, as you accept files from %1.</source>
        <translation>%1 sendet dir die Datei %2 (%3, von %4): wird gespeichert, da du Dateien von %1 annimmst.</translation>
    </message>
    <message>
        <source>%1 offers you the file %2 (%3, from %4).</source>
        <translation>%1 bietet dir die Datei %2 an (%3, von %4).</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation>Speichern unter...</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>That offer is no longer waiting for an answer.</source>
        <translation>Dieses Angebot wartet nicht mehr auf eine Antwort.</translation>
    </message>
    <message>
        <source>P&amp;rojector mode</source>
        <translation>Bea&amp;mer-Modus</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Large text and high contrast, for a lecture hall; Ctrl + and Ctrl - zoom the Socket Inspector further</source>
        <translation>Große Schrift und hoher Kontrast, für den Hörsaal; Strg + und Strg - vergrößern den Socket-Inspektor weiter</translation>
    </message>
    <message>
        <source>&amp;Hide the chat</source>
        <translation>Chat &amp;ausblenden</translation>
    </message>
    <message>
        <source>The chats and the network panel out of the way: the Socket Inspector has the window</source>
        <translation>Chats und Netzwerk-Bereich aus dem Weg: Der Socket-Inspektor bekommt das Fenster</translation>
    </message>
</context>
<context>
    <name>ui::MessageView</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>──── new messages ────</source>
        <translation>──── neue Nachrichten ────</translation>
    </message>
    <message>
        <source>──── earlier messages above ────</source>
        <translation>──── frühere Nachrichten oben ────</translation>
    </message>
</context>
<context>
    <name>ui::NetworkPanel</name>
    <message>
        <source>host:port, e.g. 192.168.1.20:6667</source>
        <translation>host:port, z. B. 192.168.1.20:6667</translation>
    </message>
    <message>
        <source>Host to join</source>
        <translation>Host zum Beitreten</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Beitreten</translation>
    </message>
    <message>
        <source>Join the host typed</source>
        <translation>Dem eingegebenen Host beitreten</translation>
    </message>
    <message>
        <source>&amp;Host a chat...</source>
        <translation>Chat &amp;hosten...</translation>
    </message>
    <message>
        <source>Not hosting</source>
        <translation>Kein Host aktiv</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Hosts and people on the network</source>
        <translation>Hosts und Leute im Netz</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Leute</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Presence diagnostics</source>
        <translation>Präsenz-Diagnose</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s)</source>
        <translation>
            <numerusform>%n Benutzer</numerusform>
            <numerusform>%n Benutzer</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 (%2); double-click to join</source>
        <translation>%1 (%2); Doppelklick zum Beitreten</translation>
    </message>
    <message>
        <source>away</source>
        <translation>abwesend</translation>
    </message>
    <message>
        <source>available</source>
        <translation>verfügbar</translation>
    </message>
    <message>
        <source>, in %1</source>
        <translation>, in %1</translation>
    </message>
    <message>
        <source>Double-click to join %1</source>
        <translation>Doppelklick, um %1 beizutreten</translation>
    </message>
    <message>
        <source>lag %1 ms</source>
        <translation>Verzögerung %1 ms</translation>
    </message>
    <message>
        <source>&amp;Stop hosting</source>
        <translation>Hosten &amp;beenden</translation>
    </message>
    <message>
        <source>Mode: %1, UDP port %2</source>
        <translation>Modus: %1, UDP-Port %2</translation>
    </message>
    <message>
        <source>Listening for announces</source>
        <translation>Höre auf Ankündigungen</translation>
    </message>
    <message>
        <source>Not listening</source>
        <translation>Höre nicht</translation>
    </message>
    <message>
        <source>Cannot listen: %1</source>
        <translation>Kann nicht hören: %1</translation>
    </message>
    <message>
        <source>Interfaces:</source>
        <translation>Schnittstellen:</translation>
    </message>
    <message>
        <source>Announcing to:</source>
        <translation>Ankündigungen gehen an:</translation>
    </message>
    <message>
        <source>Received: %1</source>
        <translation>Empfangen: %1</translation>
    </message>
    <message>
        <source>Dropped: %1</source>
        <translation>Verworfen: %1</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Favoriten</translation>
    </message>
    <message>
        <source>&amp;Join %1</source>
        <translation>%1 &amp;beitreten</translation>
    </message>
    <message>
        <source>Remove from &amp;favourites</source>
        <translation>Aus den &amp;Favoriten entfernen</translation>
    </message>
    <message>
        <source>Add to &amp;favourites</source>
        <translation>Zu den &amp;Favoriten hinzufügen</translation>
    </message>
    <message>
        <source>Join on &amp;start</source>
        <translation>Beim &amp;Start beitreten</translation>
    </message>
    <message>
        <source>joined on start</source>
        <translation>wird beim Start betreten</translation>
    </message>
    <message>
        <source>%1 is not in a chat</source>
        <translation>%1 ist in keinem Chat</translation>
    </message>
    <message>
        <source>%1 (in %2); double-click to talk privately</source>
        <translation>%1 (in %2); Doppelklick für ein privates Gespräch</translation>
    </message>
    <message>
        <source>&amp;Remove from recent</source>
        <translation>Aus &amp;Zuletzt entfernen</translation>
    </message>
    <message>
        <source>Remove from recent</source>
        <translation>Aus Zuletzt entfernen</translation>
    </message>
    <message>
        <source>Double-click to join %1; Delete removes it</source>
        <translation>Doppelklick tritt %1 bei; Entf entfernt den Eintrag</translation>
    </message>
    <message>
        <source>Favourite people</source>
        <translation>Favorisierte Personen</translation>
    </message>
    <message>
        <source>Remove from favourite &amp;people</source>
        <translation>Aus den favorisierten &amp;Personen entfernen</translation>
    </message>
    <message>
        <source>Add to favourite &amp;people</source>
        <translation>Zu den favorisierten &amp;Personen</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 is in none of your chats now</source>
        <translation>%1 ist gerade in keinem deiner Chats</translation>
    </message>
    <message>
        <source>%1 is online in %2; double-click to talk privately</source>
        <translation>%1 ist online in %2; Doppelklick für ein privates Gespräch</translation>
    </message>
    <message>
        <source>%1 (%2); double-click to join, encrypted (TLS). The host's certificate (SHA-256): %3</source>
        <translation>%1 (%2); Doppelklick zum verschlüsselten Beitreten (TLS). Das Zertifikat des Hosts (SHA-256): %3</translation>
    </message>
</context>
<context>
    <name>ui::NickDialog</name>
    <message>
        <source>Welcome to LanChat</source>
        <translation>Willkommen bei LanChat</translation>
    </message>
    <message>
        <source>Choose the nick others on the network will see you as. You can change it later in Settings.</source>
        <translation>Wähle den Nick, unter dem dich die anderen im Netzwerk sehen. Du kannst ihn später in den Einstellungen ändern.</translation>
    </message>
    <message>
        <source>Your nick</source>
        <translation>Dein Nick</translation>
    </message>
    <message>
        <source>&amp;Nick:</source>
        <translation>&amp;Nick:</translation>
    </message>
    <message>
        <source>Letters, digits and - _ [ ] \ ` ^ { } |, up to 30; not starting with a digit or -.</source>
        <translation>Buchstaben, Ziffern und - _ [ ] \ ` ^ { } |, höchstens 30; nicht mit einer Ziffer oder - am Anfang.</translation>
    </message>
    <message>
        <source>&amp;Start chatting</source>
        <translation>&amp;Loslegen</translation>
    </message>
</context>
<context>
    <name>ui::PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>The chat on %1 needs a password.</source>
        <translation>Der Chat auf %1 braucht ein Passwort.</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember it for this host (kept in the settings file)</source>
        <translation>Für diesen Host &amp;merken (in der Einstellungsdatei)</translation>
    </message>
</context>
<context>
    <name>ui::SearchDialog</name>
    <message>
        <source>Search history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>Words to find (word* for a beginning)</source>
        <translation>Gesuchte Wörter (Wort* für einen Anfang)</translation>
    </message>
    <message>
        <source>Search for</source>
        <translation>Suchen nach</translation>
    </message>
    <message>
        <source>Only in %1</source>
        <translation>Nur in %1</translation>
    </message>
    <message>
        <source>Only in this chat</source>
        <translation>Nur in diesem Chat</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>The result in its context</source>
        <translation>Das Ergebnis in seinem Zusammenhang</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
</context>
<context>
    <name>ui::SessionList</name>
    <message>
        <source>Nobody is hosting a chat there (the connection was refused).</source>
        <translation>Dort hostet niemand einen Chat (die Verbindung wurde abgelehnt).</translation>
    </message>
    <message>
        <source>That host name is not known on this network.</source>
        <translation>Dieser Hostname ist in diesem Netz unbekannt.</translation>
    </message>
    <message>
        <source>The host did not answer in time.</source>
        <translation>Der Host hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>That host cannot be reached from this network.</source>
        <translation>Dieser Host ist von diesem Netz aus nicht erreichbar.</translation>
    </message>
    <message>
        <source>The host closed the connection abruptly.</source>
        <translation>Der Host hat die Verbindung abrupt geschlossen.</translation>
    </message>
    <message>
        <source>Not hosting (%1)</source>
        <translation>Kein Host aktiv (%1)</translation>
    </message>
    <message>
        <source>Join a chat</source>
        <translation>Einem Chat beitreten</translation>
    </message>
    <message>
        <source>"%1" is not a host address. Type a name or an address, optionally with a port: 192.168.1.20, lanchat.local:6667, [fe80::1]:6667.</source>
        <translation>„%1“ ist keine Host-Adresse. Gib einen Namen oder eine Adresse ein, wahlweise mit Port: 192.168.1.20, lanchat.local:6667, [fe80::1]:6667.</translation>
    </message>
    <message>
        <source>Joining %1 as %2...</source>
        <translation>Trete %1 als %2 bei...</translation>
    </message>
    <message>
        <source>Starting the host on port %1...</source>
        <translation>Starte den Host auf Port %1...</translation>
    </message>
    <message>
        <source>Not hosting</source>
        <translation>Kein Host aktiv</translation>
    </message>
    <message>
        <source>Host a chat</source>
        <translation>Einen Chat hosten</translation>
    </message>
    <message>
        <source>Port %1 is in use by another program (%2).</source>
        <translation>Port %1 wird von einem anderen Programm benutzt (%2).</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>Port %1 nehmen</translation>
    </message>
    <message>
        <source>The chat could not be hosted: %1</source>
        <translation>Der Chat konnte nicht gehostet werden: %1</translation>
    </message>
    <message>
        <source>Stopped hosting</source>
        <translation>Hosten beendet</translation>
    </message>
    <message>
        <source>Host stopped by %1</source>
        <translation>Host von %1 beendet</translation>
    </message>
    <message>
        <source>Connecting to %1...</source>
        <translation>Verbinde mit %1...</translation>
    </message>
    <message>
        <source>Connected; logging in as %1...</source>
        <translation>Verbunden; melde mich als %1 an...</translation>
    </message>
    <message numerus="yes">
        <source>Connection lost: %1. Reconnecting in %n second(s)...</source>
        <translation>
            <numerusform>Verbindung verloren: %1. Neuer Versuch in %n Sekunde...</numerusform>
            <numerusform>Verbindung verloren: %1. Neuer Versuch in %n Sekunden...</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message>
        <source>Cannot chat on %1: %2</source>
        <translation>Chat auf %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Nick in use</source>
        <translation>Nick vergeben</translation>
    </message>
    <message>
        <source>The nick %1 is taken on %2. Another one:</source>
        <translation>Der Nick %1 ist auf %2 vergeben. Ein anderer:</translation>
    </message>
    <message>
        <source>Connection to %1 lost: %2. Reconnecting...</source>
        <translation>Verbindung zu %1 verloren: %2. Neuer Versuch folgt...</translation>
    </message>
    <message>
        <source>Connected to %1 again.</source>
        <translation>Wieder mit %1 verbunden.</translation>
    </message>
    <message>
        <source>Your host takes encrypted connections (TLS) on port %1. Its certificate's SHA-256 fingerprint, for people to compare when they join: %2</source>
        <translation>Dein Host nimmt verschlüsselte Verbindungen (TLS) auf Port %1 an. Der SHA-256-Fingerabdruck seines Zertifikats, zum Vergleichen beim Beitreten: %2</translation>
    </message>
    <message>
        <source>Hosting on port %1 (not encrypted)</source>
        <translation>Host auf Port %1 (nicht verschlüsselt)</translation>
    </message>
    <message>
        <source>Hosting on port %1, encrypted (TLS) only</source>
        <translation>Host auf Port %1, nur verschlüsselt (TLS)</translation>
    </message>
    <message>
        <source>Hosting on port %1, encrypted (TLS) on port %2</source>
        <translation>Host auf Port %1, verschlüsselt (TLS) auf Port %2</translation>
    </message>
    <message>
        <source>Use port %1 for TLS</source>
        <translation>Port %1 für TLS verwenden</translation>
    </message>
    <message>
        <source>%1: its certificate is trusted from now on; joining again...</source>
        <translation>%1: seinem Zertifikat wird ab jetzt vertraut; trete erneut bei...</translation>
    </message>
    <message>
        <source>Your host is not encrypted: this system cannot serve TLS (%1). People can join it on port %2 without TLS.</source>
        <translation>Dein Host ist nicht verschlüsselt: dieses System kann kein TLS anbieten (%1). Man kann ihm auf Port %2 ohne TLS beitreten.</translation>
    </message>
    <message>
        <source>Hosting on port %1 (not encrypted: TLS is not available here)</source>
        <translation>Host auf Port %1 (nicht verschlüsselt: TLS ist hier nicht verfügbar)</translation>
    </message>
</context>
<context>
    <name>ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Nick:</source>
        <translation>&amp;Nick:</translation>
    </message>
    <message>
        <source>&amp;Alternative nick:</source>
        <translation>&amp;Ersatz-Nick:</translation>
    </message>
    <message>
        <source>&amp;Real name:</source>
        <translation>&amp;Echter Name:</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Default &amp;port:</source>
        <translation>Standard-&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Event loop:</source>
        <translation>&amp;Ereignisschleife:</translation>
    </message>
    <message>
        <source>auto: every network card's broadcast address; loopback: this computer only; off; or a list such as 192.168.1.255,eth1. Takes effect at the next start.</source>
        <translation>auto: die Broadcast-Adresse jeder Netzwerkkarte; loopback: nur dieser Computer; off; oder eine Liste wie 192.168.1.255,eth1. Gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Pre&amp;sence:</source>
        <translation>Prä&amp;senz:</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>When my nick or a highlight word is mentioned</source>
        <translation>Wenn mein Nick oder ein Hervorhebungswort erwähnt wird</translation>
    </message>
    <message>
        <source>On private messages</source>
        <translation>Bei privaten Nachrichten</translation>
    </message>
    <message>
        <source>Not while I am away</source>
        <translation>Nicht, während ich abwesend bin</translation>
    </message>
    <message>
        <source>words, separated by commas</source>
        <translation>Wörter, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Highlight words:</source>
        <translation>&amp;Hervorhebungswörter:</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
    <message>
        <source>&amp;Font:</source>
        <translation>&amp;Schrift:</translation>
    </message>
    <message>
        <source>Font si&amp;ze:</source>
        <translation>Schrift&amp;größe:</translation>
    </message>
    <message>
        <source> lines</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <source>&amp;Scrollback:</source>
        <translation>&amp;Verlauf:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Aussehen</translation>
    </message>
    <message>
        <source>Keep a history of every chat (on this computer)</source>
        <translation>Einen Verlauf jedes Chats führen (auf diesem Computer)</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>für immer</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>&amp;Keep for:</source>
        <translation>&amp;Aufbewahren:</translation>
    </message>
    <message>
        <source>Lines shown when a chat &amp;opens:</source>
        <translation>Zeilen beim &amp;Öffnen eines Chats:</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>Where received files go</source>
        <translation>Wohin empfangene Dateien kommen</translation>
    </message>
    <message>
        <source>Received files go &amp;to:</source>
        <translation>Empfangene Dateien &amp;nach:</translation>
    </message>
    <message>
        <source>nobody: every file is asked about</source>
        <translation>niemand: bei jeder Datei wird gefragt</translation>
    </message>
    <message>
        <source>Nicks whose files are saved without asking, comma-separated.</source>
        <translation>Nicks, deren Dateien ohne Nachfrage gespeichert werden, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>&amp;Accept files from:</source>
        <translation>Dateien &amp;annehmen von:</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
</context>
<context>
    <name>ui::Sharing</name>
    <message>
        <source>Sharing %1...</source>
        <translation>Teile %1...</translation>
    </message>
    <message>
        <source>This host does not share files. To send a file to one person, drop it on your private chat with them.</source>
        <translation>Dieser Host teilt keine Dateien. Um einer Person eine Datei zu senden, zieh sie auf deinen privaten Chat mit ihr.</translation>
    </message>
    <message>
        <source>This host does not share files, so a picture cannot be pasted here.</source>
        <translation>Dieser Host teilt keine Dateien, daher kann hier kein Bild eingefügt werden.</translation>
    </message>
    <message>
        <source>The picture could not be saved.</source>
        <translation>Das Bild konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Sharing %1 failed: %2</source>
        <translation>Teilen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>it is larger than %1 MiB</source>
        <translation>es ist größer als %1 MiB</translation>
    </message>
    <message>
        <source>it is not a picture LanChat can read</source>
        <translation>es ist kein Bild, das LanChat lesen kann</translation>
    </message>
    <message>
        <source>its size (%1 x %2) is beyond what is shown</source>
        <translation>seine Größe (%1 x %2) ist zu groß zum Zeigen</translation>
    </message>
    <message>
        <source>Shared file: %1</source>
        <translation>Geteilte Datei: %1</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>it cannot be reached: %1</source>
        <translation>nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>too large to show here (over %1 MiB)</source>
        <translation>zu groß, um hier gezeigt zu werden (über %1 MiB)</translation>
    </message>
    <message>
        <source>the picture cannot be shown: %1</source>
        <translation>das Bild kann nicht gezeigt werden: %1</translation>
    </message>
    <message>
        <source>Shared file: %1, %2</source>
        <translation>Geteilte Datei: %1, %2</translation>
    </message>
</context>
<context>
    <name>ui::SocketWords</name>
    <message>
        <source>listener</source>
        <translation>lauschend</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>outgoing</source>
        <translation>ausgehend</translation>
    </message>
    <message>
        <source>presence listener</source>
        <translation>Präsenz-Empfänger</translation>
    </message>
    <message>
        <source>presence sender</source>
        <translation>Präsenz-Sender</translation>
    </message>
    <message>
        <source>udp</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>created</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>bound</source>
        <translation>gebunden</translation>
    </message>
    <message>
        <source>listening</source>
        <translation>lauscht</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>half-closed</source>
        <translation>halb geschlossen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>DCC listener</source>
        <translation>DCC-Listener</translation>
    </message>
    <message>
        <source>DCC send</source>
        <translation>DCC senden</translation>
    </message>
    <message>
        <source>DCC receive</source>
        <translation>DCC empfangen</translation>
    </message>
    <message>
        <source>The socket waits for connections: listen() was called, and the OS completes handshakes and queues them for accept().</source>
        <translation>Der Socket wartet auf Verbindungen: listen() wurde aufgerufen, und das Betriebssystem führt die Handshakes zu Ende und stellt sie für accept() in die Warteschlange.</translation>
    </message>
    <message>
        <source>connect() sent the first segment of the handshake (SYN) and waits for the answer (SYN+ACK).</source>
        <translation>connect() hat das erste Segment des Handshakes (SYN) gesendet und wartet auf die Antwort (SYN+ACK).</translation>
    </message>
    <message>
        <source>A connection's SYN arrived and was answered; the OS waits for the last ACK of the handshake.</source>
        <translation>Das SYN einer Verbindung ist angekommen und wurde beantwortet; das Betriebssystem wartet auf das letzte ACK des Handshakes.</translation>
    </message>
    <message>
        <source>The handshake is complete: data flows both ways.</source>
        <translation>Der Handshake ist abgeschlossen: Daten fließen in beide Richtungen.</translation>
    </message>
    <message>
        <source>This side closed (its FIN is sent) and waits for the peer to acknowledge it.</source>
        <translation>Diese Seite hat geschlossen (ihr FIN ist gesendet) und wartet, dass die Gegenseite es bestätigt.</translation>
    </message>
    <message>
        <source>This side's FIN was acknowledged; it waits for the peer to close its side too.</source>
        <translation>Das FIN dieser Seite wurde bestätigt; sie wartet, dass auch die Gegenseite ihre Seite schließt.</translation>
    </message>
    <message>
        <source>The peer closed its side (recv() returned 0); the OS waits for this program to close() the socket.</source>
        <translation>Die Gegenseite hat ihre Seite geschlossen (recv() gab 0 zurück); das Betriebssystem wartet, dass dieses Programm den Socket mit close() schließt.</translation>
    </message>
    <message>
        <source>Both sides closed at the same time; waiting for the last ACK.</source>
        <translation>Beide Seiten haben gleichzeitig geschlossen; es fehlt noch das letzte ACK.</translation>
    </message>
    <message>
        <source>The peer closed first, then this side; waiting for the ACK of this side's FIN.</source>
        <translation>Erst hat die Gegenseite geschlossen, dann diese Seite; es fehlt noch das ACK auf das FIN dieser Seite.</translation>
    </message>
    <message>
        <source>This side closed first. The connection is over and the program has closed the socket, but the OS keeps the pair of addresses for twice the maximum segment lifetime (60 s on Linux, 240 s on Windows), so that late segments of it are not taken for a new connection.</source>
        <translation>Diese Seite hat zuerst geschlossen. Die Verbindung ist vorbei und das Programm hat den Socket geschlossen, aber das Betriebssystem hält das Adresspaar noch für die doppelte maximale Segmentlebensdauer fest (60 s unter Linux, 240 s unter Windows), damit verspätete Segmente nicht für eine neue Verbindung gehalten werden.</translation>
    </message>
    <message>
        <source>The OS keeps no connection for the socket.</source>
        <translation>Das Betriebssystem führt für diesen Socket keine Verbindung.</translation>
    </message>
</context>
<context>
    <name>ui::SocketsModel</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Proto</source>
        <translation>Proto</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes empfangen</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes gesendet</translation>
    </message>
    <message>
        <source>Calls in</source>
        <translation>Aufrufe empfangen</translation>
    </message>
    <message>
        <source>Calls out</source>
        <translation>Aufrufe gesendet</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>TLS, no handshake</source>
        <translation>TLS, kein Handshake</translation>
    </message>
    <message>
        <source>TLS handshake…</source>
        <translation>TLS-Handshake…</translation>
    </message>
    <message>
        <source>%1 with %2; the server's certificate: SHA-256 %3</source>
        <translation>%1 mit %2; das Zertifikat des Servers: SHA-256 %3</translation>
    </message>
    <message>
        <source>%1 bytes of TLS records on the wire, carrying %2 bytes of plaintext</source>
        <translation>%1 Bytes TLS-Records auf der Leitung, mit %2 Bytes Klartext</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>The OS no longer lists this connection: it is gone.</source>
        <translation>Das Betriebssystem führt diese Verbindung nicht mehr: Sie ist weg.</translation>
    </message>
    <message>
        <source>%1 connections wait for accept(); the backlog holds %2</source>
        <translation>%1 Verbindungen warten auf accept(); der Backlog fasst %2</translation>
    </message>
    <message>
        <source>%1 bytes sent but not yet acknowledged by the peer; %2 bytes received but not yet read by the program</source>
        <translation>%1 Bytes gesendet, aber von der Gegenseite noch nicht bestätigt; %2 Bytes empfangen, aber vom Programm noch nicht gelesen</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>weg</translation>
    </message>
    <message>
        <source>TCP (OS)</source>
        <translation>TCP (BS)</translation>
    </message>
    <message>
        <source>Queues (OS)</source>
        <translation>Warteschlangen (BS)</translation>
    </message>
</context>
<context>
    <name>ui::TimelineModel</name>
    <message>
        <source>Thread</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>Socket</translation>
    </message>
    <message>
        <source>Proto</source>
        <translation>Proto</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Aufruf</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
</context>
<context>
    <name>ui::TransfersPanel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>No files yet. Send one with Chat &gt; Send file..., by dropping it on a private chat, or with /dcc send nick file.</source>
        <translation>Noch keine Dateien. Sende eine mit Chat &gt; Datei senden..., indem du sie auf einen privaten Chat ziehst, oder mit /dcc send Nick Datei.</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>Save &amp;as...</source>
        <translation>Speichern &amp;unter...</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>A&amp;blehnen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im &amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>&amp;Remove finished</source>
        <translation>Beendete &amp;entfernen</translation>
    </message>
    <message>
        <source>Refused the file %1 from %2: %3</source>
        <translation>Die Datei %1 von %2 wurde abgewiesen: %3</translation>
    </message>
    <message>
        <source>Sent %1 to %2 (%3).</source>
        <translation>%1 an %2 gesendet (%3).</translation>
    </message>
    <message>
        <source>Received %1 from %2 (%3): %4</source>
        <translation>%1 von %2 empfangen (%3): %4</translation>
    </message>
    <message>
        <source>Sending %1 to %2 failed: %3</source>
        <translation>Senden von %1 an %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Receiving %1 from %2 failed: %3</source>
        <translation>Empfang von %1 von %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>Save the file from %1</source>
        <translation>Die Datei von %1 speichern</translation>
    </message>
    <message>
        <source>It is no longer there (moved or deleted).</source>
        <translation>Sie ist nicht mehr da (verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>The system has no program set to open it.</source>
        <translation>Das System hat kein Programm, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>%1 cannot be opened.</source>
        <translation>%1 kann nicht geöffnet werden.</translation>
    </message>
</context>
<context>
    <name>ui::TrayNotifier</name>
    <message>
        <source>LanChat</source>
        <translation>LanChat</translation>
    </message>
    <message numerus="yes">
        <source>LanChat: %n unread message(s)</source>
        <translation>
            <numerusform>LanChat: %n ungelesene Nachricht</numerusform>
            <numerusform>LanChat: %n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>Three ways into a chat:</source>
        <translation>Drei Wege in einen Chat:</translation>
    </message>
    <message>
        <source>&amp;Host a chat...</source>
        <translation>Chat &amp;hosten...</translation>
    </message>
    <message>
        <source>Start a chat on this computer. Others on the network see it in their list of hosts and join with a double-click.</source>
        <translation>Starte einen Chat auf diesem Rechner. Andere im Netzwerk sehen ihn in ihrer Liste der Hosts und treten mit einem Doppelklick bei.</translation>
    </message>
    <message>
        <source>Found on the network</source>
        <translation>Im Netzwerk gefunden</translation>
    </message>
    <message>
        <source>Hosts on this network appear under Hosts in the Network panel: double-click one to join it.</source>
        <translation>Hosts in diesem Netzwerk erscheinen unter „Hosts“ in der Netzwerkleiste: Doppelklick auf einen tritt ihm bei.</translation>
    </message>
    <message>
        <source>By address</source>
        <translation>Über die Adresse</translation>
    </message>
    <message>
        <source>host:port, e.g. 192.168.1.20:6667</source>
        <translation>host:port, z. B. 192.168.1.20:6667</translation>
    </message>
    <message>
        <source>Address of the host to join</source>
        <translation>Adresse des Hosts, dem du beitreten willst</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Beitreten</translation>
    </message>
    <message>
        <source>A host you know the address of, on this network or another (any IRC server works too).</source>
        <translation>Ein Host, dessen Adresse du kennst, in diesem oder einem anderen Netzwerk (auch jeder IRC-Server).</translation>
    </message>
    <message>
        <source>Welcome to LanChat</source>
        <translation>Willkommen bei LanChat</translation>
    </message>
    <message>
        <source>Welcome to LanChat, %1</source>
        <translation>Willkommen bei LanChat, %1</translation>
    </message>
    <message>
        <source>No host found yet: when someone hosts a chat here, it shows.</source>
        <translation>Noch kein Host gefunden: Sobald jemand hier einen Chat hostet, erscheint er hier.</translation>
    </message>
    <message>
        <source>Found now: %1</source>
        <translation>Jetzt gefunden: %1</translation>
    </message>
</context>
</TS>