"""The catalogue of the public datasets of Stad in cijfers, in DCAT-AP 3 with the fields DCAT-AP-VL
requires, as JSON-LD (`/cijfers/dcat.jsonld`) and Turtle (`/cijfers/dcat.ttl`).

One dataset per public indicator, with two distributions (JSON-stat 2.0 and SDMX-CSV 2.0, from the
API) and the API itself as data service. Demo indicators are left out: a harvester would republish
invented figures as open data. Addresses are made from SITE_URL, so they are the same whoever asks.
Required by DCAT-AP-VL and present here: for the catalogue a title, description, identifier,
publisher and contact point; for a dataset a title, description, identifier, publisher, contact point
and access rights; for a distribution an identifier and access URL; for the data service its endpoint
URL and description too; an agent has a name.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse

from stadskennis.core.models import Organisation
from stadskennis.indicators import selectors
from stadskennis.indicators.models import Indicator
from stadskennis.indicators.periods import PERIODICITY_NL
from stadskennis.indicators.rdf import IRI, BNode, Literal, Triple, jsonld, term, turtle

EU = "http://publications.europa.eu/resource/authority/"
PUBLIC = IRI(EU + "access-right/PUBLIC")
REGIONS_AND_CITIES = IRI(EU + "data-theme/REGI")
DUTCH = IRI(EU + "language/NLD")
FREQUENCY = {"year": "ANNUAL", "quarter": "QUARTERLY", "month": "MONTHLY", "date": "ANNUAL"}
CC0 = "https://data.vlaanderen.be/id/licentie/creative-commons-zero-verklaring/v1.0"
LICENCES = {
    "cc0": CC0,
    "cc010": CC0,
    "publicdomain": CC0,
    "ccby": EU + "licence/CC_BY_4_0",
    "ccby40": EU + "licence/CC_BY_4_0",
    "modellicentiegratishergebruik": "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0",
}
FORMATS = {
    "jsonstat": ("JSON-stat 2.0", "JSON", "application/json", "jsonstat"),
    "sdmx-csv": ("SDMX-CSV 2.0", "CSV", "text/csv", "sdmx.csv"),
}
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
CENTRE_NAME = "Kenniscentrum Vlaamse Steden"


def nl(text: str) -> Literal:
    return Literal(text, lang="nl")


class Catalogue:
    def __init__(self):
        self.site = settings.SITE_URL.rstrip("/")
        self.triples: list[Triple] = []
        self.iri = IRI(f"{self.site}/cijfers/#catalogus")
        self.service = IRI(f"{self.site}/api/#dienst")
        self.contact = IRI(f"{self.site}/cijfers/#contact")
        self.centre = Organisation.objects.filter(kind=Organisation.Kind.CENTRE).order_by("pk").first()
        self.publisher = self.agent(self.centre)

    def add(self, subject, predicate: str, *objects) -> None:
        for obj in objects:
            self.triples.append((subject, term(predicate), obj))

    def concept(self, iri: IRI, label: str) -> IRI:
        self.add(iri, "rdf:type", term("skos:Concept"))
        self.add(iri, "skos:prefLabel", nl(label))
        self.add(iri, "skos:inScheme", IRI(iri.rsplit("/", 1)[0]))
        return iri

    def agent(self, organisation: Organisation | None) -> IRI:
        if organisation is None:
            iri, name = IRI(f"{self.site}/#kenniscentrum"), CENTRE_NAME
        else:
            iri, name = IRI(self.site + organisation.get_absolute_url()), organisation.name
        self.add(iri, "rdf:type", term("foaf:Agent"))
        self.add(iri, "foaf:name", nl(name))
        return iri

    def licence(self, text: str) -> IRI | BNode | None:
        text = text.strip()
        if not text:
            return None
        key = "".join(c for c in text.lower() if c.isalnum())
        if text.startswith(("http://", "https://")):
            iri = IRI(text)
        elif key in LICENCES:
            iri = IRI(LICENCES[key])
        else:
            iri = BNode("licentie-" + hashlib.sha256(key.encode()).hexdigest()[:10])
            self.add(iri, "rdfs:label", nl(text))
        self.add(iri, "rdf:type", term("dct:LicenseDocument"))
        return iri

    @staticmethod
    def page(indicator: Indicator) -> str:
        """The indicator's page, or the catalogue while there is none."""
        try:
            return reverse("indicators:indicator", kwargs={"code": indicator.code})
        except NoReverseMatch:
            return reverse("indicators:catalogue")

    # -- the parts ------------------------------------------------------------------------------------

    def build(self, indicators) -> list[Triple]:
        c, site = self.iri, self.site
        self.add(c, "rdf:type", term("dcat:Catalog"))
        self.add(c, "dct:title", nl("Stad in cijfers"))
        self.add(
            c,
            "dct:description",
            nl(
                "Cijfers per gemeente, groep van steden en gewest over de Vlaamse centrumsteden, "
                f"verzameld en berekend door het {CENTRE_NAME}."
            ),
        )
        self.add(c, "dct:identifier", Literal(str(c)))
        self.add(c, "dct:publisher", self.publisher)
        self.add(c, "dcat:contactPoint", self.contact)
        self.add(c, "dct:language", DUTCH)
        self.add(c, "foaf:homepage", IRI(f"{site}/cijfers/"))
        self.add(c, "dct:license", self.licence("CC0"))
        self.add(c, "dcat:themeTaxonomy", IRI(EU + "data-theme"))
        self.add(c, "dcat:service", self.service)
        self._contact()
        self._service()
        for indicator in indicators:
            self.add(c, "dcat:dataset", self._dataset(indicator))
        return self.triples

    def _contact(self) -> None:
        page = IRI(self.site + (self.centre.get_absolute_url() if self.centre else "/cijfers/"))
        self.add(self.contact, "rdf:type", term("vcard:Organization"))
        self.add(self.contact, "vcard:fn", nl(CENTRE_NAME))
        self.add(self.contact, "vcard:hasURL", page)
        self.add(self.contact, "foaf:page", page)

    def _common(self, subject, title: str, description: str) -> None:
        self.add(subject, "dct:title", nl(title))
        self.add(subject, "dct:description", nl(description))
        self.add(subject, "dct:identifier", Literal(str(subject)))
        self.add(subject, "dcat:contactPoint", self.contact)
        self.add(subject, "dct:accessRights", self.concept(PUBLIC, "publiek"))

    def _service(self) -> None:
        s = self.service
        self.add(s, "rdf:type", term("dcat:DataService"))
        self._common(
            s,
            "API van Stadskennis",
            "De indicatoren van Stad in cijfers en hun cijfers als JSON, JSON-stat 2.0 en SDMX-CSV 2.0.",
        )
        self.add(s, "dct:publisher", self.publisher)
        self.add(s, "dcat:endpointURL", IRI(f"{self.site}/api/"))
        self.add(s, "dcat:endpointDescription", IRI(f"{self.site}/api/openapi.json"))

    def _dataset(self, indicator: Indicator) -> IRI:
        base = f"{self.site}/api/indicators/{indicator.code}"
        d = IRI(base)
        themes = [t.name for t in indicator.themes.all()]
        self.add(d, "rdf:type", term("dcat:Dataset"))
        description = indicator.description or (
            f"{indicator.name}" + (f" ({indicator.unit})" if indicator.unit else "")
            + f", per gemeente, per {PERIODICITY_NL[indicator.periodicity]}."
        )  # fmt: skip
        self._common(d, indicator.name, description)
        self.add(d, "dct:publisher", self.agent(indicator.owner) if indicator.owner_id else self.publisher)
        self.add(d, "dcat:theme", self.concept(REGIONS_AND_CITIES, "Regio's en steden"))
        self.add(d, "dcat:keyword", *[nl(k) for k in [*themes, "centrumsteden", "Stad in cijfers"]])
        frequency = IRI(EU + "frequency/" + FREQUENCY[indicator.periodicity])
        self.add(d, "dct:accrualPeriodicity", frequency)
        self.add(frequency, "rdf:type", term("dct:Frequency"))
        self.add(
            d, "dct:modified", Literal(indicator.updated_at.date().isoformat(), datatype=term("xsd:date"))
        )
        self.add(d, "dcat:landingPage", IRI(self.site + self.page(indicator)))
        if indicator.source:
            provenance = BNode(f"herkomst-{indicator.code}")
            self.add(d, "dct:provenance", provenance)
            self.add(provenance, "rdf:type", term("dct:ProvenanceStatement"))
            self.add(provenance, "rdfs:label", nl(f"Bron: {indicator.source}"))
        licence = self.licence(indicator.licence)
        for key, (title, file_type, media_type, path) in FORMATS.items():
            distribution = IRI(f"{base}#{key}")
            self.add(d, "dcat:distribution", distribution)
            self.add(distribution, "rdf:type", term("dcat:Distribution"))
            self.add(distribution, "dct:identifier", Literal(str(distribution)))
            self.add(distribution, "dct:title", nl(f"{indicator.name} ({title})"))
            self.add(distribution, "dcat:accessURL", IRI(f"{base}/{path}"))
            self.add(distribution, "dcat:downloadURL", IRI(f"{base}/{path}"))
            self.add(distribution, "dcat:accessService", self.service)
            self.add(distribution, "dct:format", IRI(EU + "file-type/" + file_type))
            self.add(distribution, "dcat:mediaType", IRI(MEDIA_TYPES + media_type))
            if licence is not None:
                self.add(distribution, "dct:license", licence)
        self.add(self.service, "dcat:servesDataset", d)
        return d


def public_datasets():
    """The indicators anyone may see (core.visibility, as for an anonymous visitor), demo data left out."""
    return (
        selectors.indicators_visible(user=AnonymousUser())
        .filter(is_demo=False)
        .select_related("owner")
        .order_by("code")
    )


def catalogue_triples() -> list[Triple]:
    return Catalogue().build(public_datasets())


def catalogue_jsonld(request) -> HttpResponse:
    return HttpResponse(jsonld(catalogue_triples()), content_type="application/ld+json; charset=utf-8")


def catalogue_turtle(request) -> HttpResponse:
    return HttpResponse(turtle(catalogue_triples()), content_type="text/turtle; charset=utf-8")
