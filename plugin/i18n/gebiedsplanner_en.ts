<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="nl">
  <context>
    <name>Gebiedsplanner</name>
    <message>
      <source>Gebiedsdag {}</source>
      <translation>Area planning day {}</translation>
    </message>
    <message>
      <source>Tijdlijnen tekenen</source>
      <translation>Drawing timelines</translation>
    </message>
    <message>
      <source>Atlas opmaken</source>
      <translation>Laying out the atlas</translation>
    </message>
    <message>
      <source>Atlas klaar</source>
      <translation>Atlas ready</translation>
    </message>
    <message>
      <source>{} is niet te openen (laag {}).</source>
      <translation>{} cannot be opened (layer {}).</translation>
    </message>
    <message>
      <source>Geen.</source>
      <translation>None.</translation>
    </message>
    <message>
      <source>Gebiedsdag: alles wat gepland is in dit gebied</source>
      <translation>Area planning day: everything planned in this area</translation>
    </message>
    <message>
      <source>Maatregelen (eerste [% min(8, "n_maatregelen") %] van [% "n_maatregelen" %])</source>
      <translation>Measures (first [% min(8, "n_maatregelen") %] of [% "n_maatregelen" %])</translation>
    </message>
    <message>
      <source>Overlappingen hier (eerste [% min(8, "n_overlappingen") %] van [% "n_overlappingen" %])</source>
      <translation>Overlaps here (first [% min(8, "n_overlappingen") %] of [% "n_overlappingen" %])</translation>
    </message>
    <message>
      <source>Gebiedsplanner · [% format_date(now(), 'd-M-yyyy') %] · gebied [% @atlas_featurenumber %] van [% @atlas_totalfeatures %]</source>
      <translation>Gebiedsplanner · [% format_date(now(), 'd-M-yyyy') %] · area [% @atlas_featurenumber %] of [% @atlas_totalfeatures %]</translation>
    </message>
    <message>
      <source>Maatregelen: [% "n_maatregelen" %]</source>
      <translation>Measures: [% "n_maatregelen" %]</translation>
    </message>
    <message>
      <source>Overlappingen: [% "n_overlappingen" %] (combineren [% "n_combineren" %], volgorde [% "n_volgorde" %], spreiden [% "n_spreiden" %], samenhang [% "n_samenhang" %]); samenhanggroepen [% "n_samenhanggroepen" %]</source>
      <translation>Overlaps: [% "n_overlappingen" %] (combine [% "n_combineren" %], sequence [% "n_volgorde" %], spread [% "n_spreiden" %], coherence [% "n_samenhang" %]); coherence groups [% "n_samenhanggroepen" %]</translation>
    </message>
    <message>
      <source>Budget: [% "budget_tekst" %]</source>
      <translation>Budget: [% "budget_tekst" %]</translation>
    </message>
    <message>
      <source>Drukste periode: [% "piek" %] (hinderlast [% "piek_hinderlast_tekst" %])</source>
      <translation>Busiest period: [% "piek" %] (nuisance load [% "piek_hinderlast_tekst" %])</translation>
    </message>
    <message>
      <source>Stapeling in: [% "stapeling_in" %]</source>
      <translation>Stacking in: [% "stapeling_in" %]</translation>
    </message>
    <message>
      <source>De atlas kon niet als PDF worden geschreven: {}</source>
      <translation>The atlas could not be written as PDF: {}</translation>
    </message>
    <message>
      <source>Maatregel</source>
      <translation>Measure</translation>
    </message>
    <message>
      <source>Domein</source>
      <translation>Domain</translation>
    </message>
    <message>
      <source>Eigenaar</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>Periode</source>
      <translation>Period</translation>
    </message>
    <message>
      <source>Oordeel</source>
      <translation>Verdict</translation>
    </message>
    <message>
      <source>Maatregel A</source>
      <translation>Measure A</translation>
    </message>
    <message>
      <source>Maatregel B</source>
      <translation>Measure B</translation>
    </message>
    <message>
      <source>Gebiedsplanner-paneel</source>
      <translation>Gebiedsplanner panel</translation>
    </message>
    <message>
      <source>Gebiedsplanner</source>
      <translation>Gebiedsplanner</translation>
    </message>
    <message>
      <source>Doorrekenen</source>
      <translation>Run</translation>
    </message>
    <message>
      <source>Afbreken</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Kies de lagen en reken door.</source>
      <translation>Choose the layers and run.</translation>
    </message>
    <message>
      <source>Alle jaren</source>
      <translation>All years</translation>
    </message>
    <message>
      <source>Meest gestapeld</source>
      <translation>Most stacked</translation>
    </message>
    <message>
      <source>Besluit vastleggen</source>
      <translation>Record decision</translation>
    </message>
    <message>
      <source>Legt het besluit over de gekozen overlapping vast in de laag besluiten</source>
      <translation>Records the decision about the chosen overlap in the layer besluiten</translation>
    </message>
    <message>
      <source>Overlappingen</source>
      <translation>Overlaps</translation>
    </message>
    <message>
      <source>Samenhang</source>
      <translation>Coherence</translation>
    </message>
    <message>
      <source>een jaar eerder</source>
      <translation>a year earlier</translation>
    </message>
    <message>
      <source>een jaar later</source>
      <translation>a year later</translation>
    </message>
    <message>
      <source>Controle bij bewerken</source>
      <translation>Check while editing</translation>
    </message>
    <message>
      <source>Lagen lezen...</source>
      <translation>Reading layers...</translation>
    </message>
    <message>
      <source>Bezig met doorrekenen...</source>
      <translation>Running...</translation>
    </message>
    <message>
      <source>Besluit {} vastgelegd in de laag {}.</source>
      <translation>Decision {} recorded in the layer {}.</translation>
    </message>
    <message>
      <source>Maatregellagen</source>
      <translation>Measure layers</translation>
    </message>
    <message>
      <source>Gebiedsindeling</source>
      <translation>Area layer</translation>
    </message>
    <message>
      <source>Jaar</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>Gebied</source>
      <translation>Area</translation>
    </message>
    <message>
      <source>Aantal</source>
      <translation>Count</translation>
    </message>
    <message>
      <source>Hinder</source>
      <translation>Nuisance</translation>
    </message>
    <message>
      <source>Overlapping</source>
      <translation>Overlap</translation>
    </message>
    <message>
      <source>Regel</source>
      <translation>Rule</translation>
    </message>
    <message>
      <source>Afstand</source>
      <translation>Distance</translation>
    </message>
    <message>
      <source>Fysiek / sociaal</source>
      <translation>Physical / social</translation>
    </message>
    <message>
      <source>Teams verbinden</source>
      <translation>Teams to connect</translation>
    </message>
    <message>
      <source>Wat als de geselecteerde maatregel</source>
      <translation>What if the selected measure moved</translation>
    </message>
    <message>
      <source>Gebiedsdag</source>
      <translation>Area planning day</translation>
    </message>
    <message>
      <source>Kies minstens één maatregellaag en een gebiedsindeling.</source>
      <translation>Choose at least one measure layer and an area layer.</translation>
    </message>
    <message>
      <source>Kies eerst een overlapping in de lijst.</source>
      <translation>First choose an overlap in the list.</translation>
    </message>
    <message>
      <source>Selecteer eerst een maatregel op de kaart.</source>
      <translation>First select a measure on the map.</translation>
    </message>
    <message>
      <source>{} maatregelen gebruikt, {} afgewezen; {} overlappingen, {} samenhanggroepen.</source>
      <translation>{} measures used, {} rejected; {} overlaps, {} coherence groups.</translation>
    </message>
    <message>
      <source>Besloten ({})</source>
      <translation>Decided ({})</translation>
    </message>
    <message>
      <source>{} fid {}: wordt afgewezen: {}</source>
      <translation>{} fid {}: is rejected: {}</translation>
    </message>
    <message>
      <source>Afgebroken.</source>
      <translation>Cancelled.</translation>
    </message>
    <message>
      <source>{}: {} overlappingen</source>
      <translation>{}: {} overlaps</translation>
    </message>
    <message>
      <source>Wat als {} in {}:</source>
      <translation>What if {} in {}:</translation>
    </message>
    <message>
      <source>nieuw</source>
      <translation>new</translation>
    </message>
    <message>
      <source>vervalt</source>
      <translation>ends</translation>
    </message>
    <message>
      <source>{} fid {} verwijderd.</source>
      <translation>{} fid {} deleted.</translation>
    </message>
    <message>
      <source>{} ({}): {} maatregelen, hinderlast {:.1f}</source>
      <translation>{} ({}): {} measures, nuisance load {:.1f}</translation>
    </message>
    <message>
      <source>{}: {}</source>
      <translation>{}: {}</translation>
    </message>
    <message>
      <source>geen overlapping komt erbij of vervalt.</source>
      <translation>no overlap appears or ends.</translation>
    </message>
    <message>
      <source>{}: geen overlappingen.</source>
      <translation>{}: no overlaps.</translation>
    </message>
    <message>
      <source>Reken eerst door en kies een maatregel.</source>
      <translation>Run the analysis first and choose a measure.</translation>
    </message>
    <message>
      <source>{}, maatregelen per jaar: {}</source>
      <translation>{}, measures per year: {}</translation>
    </message>
    <message>
      <source>Gebiedsdag-atlas (PDF)</source>
      <translation>Area planning day atlas (PDF)</translation>
    </message>
    <message>
      <source>Maakt een afdrukvormgeving met een atlas over de gebiedsindeling: per gebied de kaart in de opmaak van het project, de tijdlijn, de kengetallen en de maatregelen en overlappingen als tabel. De vormgeving komt in het project, zodat u hem kunt aanpassen; de PDF heeft één pagina per gebied.</source>
      <translation>Makes a print layout with an atlas over the area layer: per area the map with the project's styling, the timeline, the key figures and the measures and overlaps as tables. The layout is added to the project so you can adjust it; the PDF has one page per area.</translation>
    </message>
    <message>
      <source>Atlas met {} pagina's: {}</source>
      <translation>Atlas with {} pages: {}</translation>
    </message>
    <message>
      <source>Atlas (PDF)</source>
      <translation>Atlas (PDF)</translation>
    </message>
    <message>
      <source>Afdrukvormgeving</source>
      <translation>Print layout</translation>
    </message>
    <message>
      <source>Afgebroken: er is niets geschreven.</source>
      <translation>Cancelled: nothing was written.</translation>
    </message>
    <message>
      <source>Afgewezen: {} fid {} ({}): {}</source>
      <translation>Rejected: {} fid {} ({}): {}</translation>
    </message>
    <message>
      <source>Afgebroken door de gebruiker.</source>
      <translation>Cancelled by the user.</translation>
    </message>
    <message>
      <source>Regelbestand (leeg: de meegeleverde regels)</source>
      <translation>Rules file (empty: the shipped rules)</translation>
    </message>
    <message>
      <source>Veldkoppeling: schemaveld=kolom, gescheiden door ; (bijv. start=BEGIN)</source>
      <translation>Field mapping: schema field=column, separated by ; (e.g. start=BEGIN)</translation>
    </message>
    <message>
      <source>Standaardwaarden: schemaveld=waarde, gescheiden door ; (bijv. domein=onderhoud)</source>
      <translation>Defaults: schema field=value, separated by ; (e.g. domein=onderhoud)</translation>
    </message>
    <message>
      <source>Werk-CRS (in meters)</source>
      <translation>Working CRS (in metres)</translation>
    </message>
    <message>
      <source>Behoefteveld in de gebiedsindeling</source>
      <translation>Need field in the area layer</translation>
    </message>
    <message>
      <source>Lagere waarde betekent meer behoefte</source>
      <translation>A lower value means more need</translation>
    </message>
    <message>
      <source>Kies minstens één maatregellaag.</source>
      <translation>Choose at least one measure layer.</translation>
    </message>
    <message>
      <source>Lezen: {}</source>
      <translation>Reading: {}</translation>
    </message>
    <message>
      <source>Let op: {}</source>
      <translation>Note: {}</translation>
    </message>
    <message>
      <source>jaar</source>
      <translation>year</translation>
    </message>
    <message>
      <source>kwartaal</source>
      <translation>quarter</translation>
    </message>
    <message>
      <source>maand</source>
      <translation>month</translation>
    </message>
    <message>
      <source>Versies vergelijken</source>
      <translation>Compare versions</translation>
    </message>
    <message>
      <source>Vergelijkt twee uitvoermappen van een run (Heel programma of gebiedsplanner run): maatregelen nieuw, vervallen en gewijzigd (per veld), overlappingen nieuw en vervallen en waarom, de stapeling per gebied en periode oud, nieuw en het verschil. De gewijzigde maatregelen komen als gestileerde puntlaag in het project; alle tabellen en vergelijking.pdf staan in de uitvoermap.</source>
      <translation>Compares two output folders of a run (Whole programme or gebiedsplanner run): measures new, gone and changed (per field), overlaps new and gone and why, the stacking per area and period old, new and the difference. The changed measures are added to the project as a styled point layer; all tables and vergelijking.pdf are in the output folder.</translation>
    </message>
    <message>
      <source>Vergelijken</source>
      <translation>Comparing</translation>
    </message>
    <message>
      <source>Maatregelen: {} nieuw, {} vervallen, {} gewijzigd.</source>
      <translation>Measures: {} new, {} gone, {} changed.</translation>
    </message>
    <message>
      <source>Gewijzigde overlappingen</source>
      <translation>Changed overlaps</translation>
    </message>
    <message>
      <source>Uitvoermap van de eerdere run (OUD)</source>
      <translation>Output folder of the earlier run (OLD)</translation>
    </message>
    <message>
      <source>Uitvoermap van de nieuwe run (NIEUW)</source>
      <translation>Output folder of the new run (NEW)</translation>
    </message>
    <message>
      <source>Verplaatst vanaf (meter)</source>
      <translation>Moved from (metres)</translation>
    </message>
    <message>
      <source>Ook het rapport (vergelijking.pdf en .html)</source>
      <translation>Also the report (vergelijking.pdf and .html)</translation>
    </message>
    <message>
      <source>Uitvoermap</source>
      <translation>Output folder</translation>
    </message>
    <message>
      <source>Gewijzigde maatregelen</source>
      <translation>Changed measures</translation>
    </message>
    <message>
      <source>Vergelijking (PDF)</source>
      <translation>Comparison (PDF)</translation>
    </message>
    <message>
      <source>Overlappingen vinden</source>
      <translation>Find overlaps</translation>
    </message>
    <message>
      <source>Vindt paren maatregelen die volgens de regels samenkomen: combineren, volgorde, spreiden of samenhang. Regels die hetzelfde gebied vragen geven groepen per gebied en periode (tabel samenhang_&lt;niveau&gt; van Heel programma), geen paren.</source>
      <translation>Finds pairs of measures that come together by the rules: combine, sequence, spread or coherence. Rules that ask for the same area give groups per area and period (table samenhang_&lt;niveau&gt; of Whole programme), not pairs.</translation>
    </message>
    <message>
      <source>{} overlappingen gevonden.</source>
      <translation>{} overlaps found.</translation>
    </message>
    <message>
      <source>Regel {}</source>
      <translation>Rule {}</translation>
    </message>
    <message>
      <source>Samenhang in hetzelfde gebied ({}): als groepen in Heel programma (samenhang_&lt;niveau&gt;).</source>
      <translation>Coherence in the same area ({}): as groups in Whole programme (samenhang_&lt;niveau&gt;).</translation>
    </message>
    <message>
      <source>Heel programma</source>
      <translation>Whole programme</translation>
    </message>
    <message>
      <source>Doet alles in één map: de tabellen (GeoPackage en CSV), het overlaprapport, de kaarten en gebiedsdagboekjes, de webkaart voor bewoners en de QGIS-atlas. De map wordt in zijn geheel geschreven of helemaal niet. Met een besluitenlijst (het ingevulde besluiten_sjabloon.csv van een eerdere run) tellen de besloten overlappingen apart; met een scenario (TOML of CSV) worden maatregelen eerst verschoven, gewijzigd of weggelaten, zonder de lagen te veranderen.</source>
      <translation>Does everything in one folder: the tables (GeoPackage and CSV), the overlap report, the maps and area booklets, the residents' web map and the QGIS atlas. The folder is written whole or not at all. With a decisions list (the filled-in besluiten_sjabloon.csv of an earlier run) decided overlaps are counted apart; with a scenario (TOML or CSV) measures are first shifted, changed or left out, without changing the layers.</translation>
    </message>
    <message>
      <source>Boekjes zonder interne velden (openbaar)</source>
      <translation>Booklets without internal fields (public)</translation>
    </message>
    <message>
      <source>Besluitenlijst (CSV of GeoPackage; leeg: geen)</source>
      <translation>Decisions list (CSV or GeoPackage; empty: none)</translation>
    </message>
    <message>
      <source>Scenario (TOML of CSV; leeg: geen)</source>
      <translation>Scenario (TOML or CSV; empty: none)</translation>
    </message>
    <message>
      <source>Stapeling per gebied</source>
      <translation>Stacking per area</translation>
    </message>
    <message>
      <source>Afgebroken: de uitvoermap is niet veranderd.</source>
      <translation>Cancelled: the output folder was not changed.</translation>
    </message>
    <message>
      <source>Besluitenlijst (*.csv *.gpkg)</source>
      <translation>Decisions list (*.csv *.gpkg)</translation>
    </message>
    <message>
      <source>Scenario (*.toml *.csv)</source>
      <translation>Scenario (*.toml *.csv)</translation>
    </message>
    <message>
      <source>Afgebroken tijdens de atlas.</source>
      <translation>Cancelled during the atlas.</translation>
    </message>
    <message>
      <source>Gebiedsplanner: stapeling en samenhang van maatregelen</source>
      <translation>Gebiedsplanner: stacking and coherence of measures</translation>
    </message>
    <message>
      <source>Telt per gebied en periode de maatregelen, hinderlast, budget en overlappingen, en markeert stapeling en integratie. Met een behoefteveld ook geld tegenover behoefte.</source>
      <translation>Counts per area and period the measures, nuisance load, budget and overlaps, and flags stacking and integration. With a need field also money against need.</translation>
    </message>
    <message>
      <source>{} rijen (gebied en periode) op niveau {}.</source>
      <translation>{} rows (area and period) at level {}.</translation>
    </message>
    <message>
      <source>Webkaart voor bewoners</source>
      <translation>Residents' web map</translation>
    </message>
    <message>
      <source>Schrijft kaart.html: één bestand dat zonder internet werkt, met alleen de velden die openbaar zijn.</source>
      <translation>Writes kaart.html: one file that works without internet, with only the public fields.</translation>
    </message>
    <message>
      <source>Webkaart maken</source>
      <translation>Making the web map</translation>
    </message>
    <message>
      <source>Titel</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>Algemeen contact voor bewoners</source>
      <translation>General contact for residents</translation>
    </message>
    <message>
      <source>Webkaart</source>
      <translation>Web map</translation>
    </message>
    <message>
      <source>Gebiedsplanner: programma doorrekenen</source>
      <translation>Gebiedsplanner: running the programme</translation>
    </message>
    <message>
      <source>Onverwachte fout: {}</source>
      <translation>Unexpected error: {}</translation>
    </message>
    <message>
      <source>Doet alles in één map: de tabellen (GeoPackage en CSV), het overlaprapport, de kaarten en gebiedsdagboekjes, de webkaart voor bewoners en de QGIS-atlas. De map wordt in zijn geheel geschreven of helemaal niet.</source>
      <translation type="obsolete">Does everything in one folder: the tables (GeoPackage and CSV), the overlap report, the maps and area booklets, the residents' web map and the QGIS atlas. The folder is written whole or not at all.</translation>
    </message>
    <message>
      <source>Vindt paren maatregelen die volgens de regels samenkomen: combineren, volgorde, spreiden of samenhang. Zonder gebiedsindeling worden regels die hetzelfde gebied vragen overgeslagen.</source>
      <translation type="obsolete">Finds pairs of measures that meet according to the rules: combine, sequence, spread or coherence. Without an area layer, rules that ask for the same area are skipped.</translation>
    </message>
    <message>
      <source>Overlappingen: [% "n_overlappingen" %] (combineren [% "n_combineren" %], volgorde [% "n_volgorde" %], spreiden [% "n_spreiden" %], samenhang [% "n_samenhang" %])</source>
      <translation type="obsolete">Overlaps: [% "n_overlappingen" %] (combine [% "n_combineren" %], sequence [% "n_volgorde" %], spread [% "n_spreiden" %], coherence [% "n_samenhang" %])</translation>
    </message>
    <message>
      <source>{} maatregelen gebruikt, {} afgewezen; {} overlappingen.</source>
      <translation type="obsolete">{} measures used, {} rejected; {} overlaps.</translation>
    </message>
    <message>
      <source>Maatregelen</source>
      <translation type="obsolete">Measures</translation>
    </message>
    <message>
      <source>Hinderlast</source>
      <translation type="obsolete">Nuisance load</translation>
    </message>
    <message>
      <source>Budget: € [% format_number("budget", 0) %]</source>
      <translation type="obsolete" />
    </message>
    <message>
      <source>Drukste periode: [% "piek" %] (hinderlast [% format_number("piek_hinderlast", 1) %])</source>
      <translation type="obsolete" />
    </message>
  </context>
</TS>
