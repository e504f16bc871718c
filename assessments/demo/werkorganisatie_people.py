"""Who answered Werkorganisatie Drie Dorpen's scans, per rol. A person is "Voornaam Achternaam,
functie", with the gemeente they serve or None; their e-mail address is made from the name, so
a name in two scans is one person who answered both (the project leaders and advisers in their
project scan and in the scan of the whole werkorganisatie, three wethouders likewise). The first
manager of each scan never sends. No Django."""

WOONVISIE_PEOPLE = {
    "bestuur": [
        ("Anneke van Dam, wethouder wonen Aaveen", None),
        ("Kees Timmer, wethouder wonen Beekum", None),
        ("Joke Wolters, wethouder wonen Ceedam", None),
    ],
    "managers": [
        ("Ilse Verbeek, teamleider Wonen", None),
        ("Mark Bakker, projectleider Woonvisie", None),
        ("Hanneke Smeets, afdelingshoofd Ruimte", None),
        ("Ruben Claassen, teamleider Vergunningen", None),
    ],
    "adviseurs": [
        ("Esra Yilmaz, beleidsadviseur wonen", None),
        ("Tim Kramer, participatieadviseur", None),
        ("Nadia el Amrani, communicatieadviseur", None),
        ("Lisa van Leeuwen, beleidsadviseur wonen", None),
    ],
}
ENERGIETRANSITIE_PEOPLE = {
    "bestuur": [
        ("Pieter Dekker, wethouder duurzaamheid Beekum", None),
        ("Gerard Huisman, wethouder duurzaamheid Aaveen", None),
        ("Miriam Kok, wethouder duurzaamheid Ceedam", None),
    ],
    "managers": [
        ("Bas Hermans, teamleider Duurzaamheid", None),
        ("Linda Jansen, programmamanager Energietransitie", None),
        ("Frank Rutten, projectleider warmtetransitie", None),
        ("Hanneke Smeets, afdelingshoofd Ruimte", None),
    ],
    "adviseurs": [
        ("Sanne Koster, participatieadviseur", None),
        ("Arjen Schouten, beleidsadviseur duurzaamheid", None),
        ("Jesse van Dijk, energiecoach", None),
    ],
}
OMGEVINGSVISIES_PEOPLE = {
    "bestuur": [
        ("Karin Meijer, wethouder ruimte Ceedam", None),
        ("Wim Groen, wethouder ruimte Aaveen", None),
        ("Petra Lammers, wethouder ruimte Beekum", None),
    ],
    "managers": [
        ("Koen Verhoeven, teamleider Omgevingswet", None),
        ("Gert Hoekstra, projectleider Omgevingsvisies", None),
        ("Hanneke Smeets, afdelingshoofd Ruimte", None),
        ("Olaf Driessen, programmamanager Omgevingswet", None),
    ],
    "adviseurs": [
        ("Wouter Prins, participatieadviseur", None),
        ("Rik Vos, omgevingsmanager", None),
        ("Femke Jacobs, beleidsadviseur ruimte", None),
        ("Lotte Sanders, participatieadviseur", None),
        ("Youssef Amrani, communicatieadviseur", None),
    ],
}
# Bestuur per gemeente: Aaveen and Beekum big enough to show, Ceedam too small; the two
# directors serve all three gemeenten and are marked with none.
WERKORGANISATIE_PEOPLE = {
    "bestuur": [
        ("Anneke van Dam, wethouder", "Aaveen"),
        ("Ruud Mulder, burgemeester", "Aaveen"),
        ("Jeroen Kuipers, raadslid", "Aaveen"),
        ("Saskia Brouwer, raadslid", "Aaveen"),
        ("Fatima Hendriks, raadslid", "Aaveen"),
        ("Pieter Dekker, wethouder", "Beekum"),
        ("Marloes Bos, burgemeester", "Beekum"),
        ("Ingrid Smit, raadslid", "Beekum"),
        ("Tom Visser, raadslid", "Beekum"),
        ("Karin Meijer, wethouder", "Ceedam"),
        ("Bram Dijkstra, raadslid", "Ceedam"),
        ("Els Vermeulen, algemeen directeur", None),
        ("Hans de Jong, directeur bedrijfsvoering", None),
    ],
    "managers": [
        ("Daan Peters, teamleider Samenleving", None),
        ("Mark Bakker, projectleider Woonvisie", None),
        ("Linda Jansen, programmamanager Energietransitie", None),
        ("Gert Hoekstra, projectleider Omgevingsvisies", None),
        ("Nora Willems, afdelingshoofd Samenleving", None),
        ("Yasemin Bulut, afdelingshoofd Dienstverlening", None),
    ],
    "adviseurs": [
        ("Sanne Koster, participatieadviseur", None),
        ("Wouter Prins, participatieadviseur", None),
        ("Esra Yilmaz, beleidsadviseur wonen", None),
        ("Rik Vos, omgevingsmanager", None),
        ("Arjen Schouten, beleidsadviseur duurzaamheid", None),
        ("Joyce Postma, communicatieadviseur", None),
    ],
}
