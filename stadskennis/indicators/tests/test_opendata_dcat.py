"""The DCAT-AP catalogue of the public datasets, read back as RDF by rdflib: Turtle and JSON-LD say the
same, the fields DCAT-AP 3 and DCAT-AP-VL require are there, and only public, real datasets are in it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic

from stadskennis.core.models import Theme
from stadskennis.core.tests.factories import OrganisationFactory
from stadskennis.indicators import rdf
from stadskennis.indicators.tests.factories import IndicatorFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),  # rdflib's own
]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SITE = "https://stadskennis.example"
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
CC0 = URIRef("https://data.vlaanderen.be/id/licentie/creative-commons-zero-verklaring/v1.0")
NASTY = 'Aantal "leegstaande" panden\\ per wijk\n<script>alert(1)</script> é \t """ \x07'


@pytest.fixture
def catalogue(settings, gent):
    settings.SITE_URL = SITE + "/"
    OrganisationFactory(slug="kenniscentrum", name="Kenniscentrum Vlaamse Steden", kind="centre")
    wonen = Theme.objects.create(slug="wonen", name="Wonen", kind="programme_subject")
    IndicatorFactory(
        code="bevolking", name="Bevolking op 1 januari", unit="inwoners", licence="CC0", source="Statbel",
        periodicity="date", themes=[wonen],
    )  # fmt: skip
    IndicatorFactory(code="leegstand", name=NASTY, description="", licence='Eigen licentie "x"')
    IndicatorFactory(code="eigen-telling", name="Eigen telling", visibility="organisation", owner=gent)
    IndicatorFactory(code="demo-werkloosheid", name="Werkloosheid (demo)", is_demo=True)


def graphs(client) -> tuple[Graph, Graph]:
    turtle = client.get("/cijfers/dcat.ttl")
    jsonld = client.get("/cijfers/dcat.jsonld")
    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    assert jsonld["Content-Type"] == "application/ld+json; charset=utf-8"
    return (
        Graph().parse(data=turtle.content.decode(), format="turtle"),
        Graph().parse(data=jsonld.content.decode(), format="json-ld"),
    )


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def test_turtle_and_json_ld_are_the_same_graph_of_the_public_real_datasets(client, catalogue):
    turtle, jsonld = graphs(client)
    assert len(turtle) > 50 and isomorphic(turtle, jsonld)
    datasets = set(turtle.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert datasets == {
        URIRef(f"{SITE}/api/indicators/bevolking"),
        URIRef(f"{SITE}/api/indicators/leegstand"),
    }
    [catalogue_iri] = turtle.subjects(ns.RDF.type, ns.DCAT.Catalog)
    assert set(turtle.objects(catalogue_iri, ns.DCAT.dataset)) == datasets


def test_every_field_dcat_ap_and_dcat_ap_vl_require_is_there(client, catalogue):
    graph, _jsonld = graphs(client)
    [catalogue_iri] = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    for predicate in (ns.DCTERMS.title, ns.DCTERMS.description, ns.DCTERMS.identifier, ns.DCTERMS.publisher):
        one(graph, catalogue_iri, predicate)
    assert one(graph, catalogue_iri, ns.DCTERMS.license) == CC0
    contact = one(graph, catalogue_iri, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, VCARD.Organization) in graph
    assert str(one(graph, contact, VCARD.hasURL)).startswith(SITE)  # DCAT-AP-VL: an e-mail or a page
    publisher = one(graph, catalogue_iri, ns.DCTERMS.publisher)
    assert one(graph, publisher, ns.FOAF.name) == Literal("Kenniscentrum Vlaamse Steden", lang="nl")

    for dataset in graph.subjects(ns.RDF.type, ns.DCAT.Dataset):
        assert one(graph, dataset, ns.DCTERMS.title).language == "nl"
        assert str(one(graph, dataset, ns.DCTERMS.description))  # made from the name when none is written
        assert str(one(graph, dataset, ns.DCTERMS.identifier)) == str(dataset)
        assert one(graph, dataset, ns.DCTERMS.publisher) == publisher
        assert one(graph, dataset, ns.DCAT.contactPoint) == contact
        assert one(graph, dataset, ns.DCTERMS.accessRights) == PUBLIC
        assert (PUBLIC, ns.RDF.type, ns.SKOS.Concept) in graph
        assert set(graph.objects(dataset, ns.DCAT.keyword)) >= {Literal("centrumsteden", lang="nl")}
        distributions = list(graph.objects(dataset, ns.DCAT.distribution))
        assert len(distributions) == 2
        for distribution in distributions:
            one(graph, distribution, ns.DCTERMS.identifier)
            one(graph, distribution, ns.DCTERMS.format)
            access = one(graph, distribution, ns.DCAT.accessURL)
            assert str(access) in {f"{dataset}/jsonstat", f"{dataset}/sdmx.csv"}

    population = URIRef(f"{SITE}/api/indicators/bevolking")
    assert set(graph.objects(population, ns.DCAT.keyword)) >= {Literal("Wonen", lang="nl")}
    licences = {one(graph, d, ns.DCTERMS.license) for d in graph.objects(population, ns.DCAT.distribution)}
    assert licences == {CC0}
    [service] = graph.subjects(ns.RDF.type, ns.DCAT.DataService)
    assert one(graph, service, ns.DCAT.endpointURL) == URIRef(f"{SITE}/api/")
    assert one(graph, service, ns.DCAT.endpointDescription) == URIRef(f"{SITE}/api/openapi.json")
    assert set(graph.objects(service, ns.DCAT.servesDataset)) == set(
        graph.subjects(ns.RDF.type, ns.DCAT.Dataset)
    )


def test_text_of_any_kind_comes_back_exactly_from_both_serialisations(client, catalogue):
    vacancy = URIRef(f"{SITE}/api/indicators/leegstand")
    for graph in graphs(client):
        assert one(graph, vacancy, ns.DCTERMS.title) == Literal(NASTY, lang="nl")
        licence = one(graph, next(graph.objects(vacancy, ns.DCAT.distribution)), ns.DCTERMS.license)
        assert (licence, ns.RDF.type, ns.DCTERMS.LicenseDocument) in graph
        assert (
            str(one(graph, licence, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
            == 'Eigen licentie "x"'
        )


def test_an_iri_never_breaks_out_of_its_brackets():
    iri = rdf.IRI('https://example.org/a b>"c\\d')
    text = rdf.turtle([(iri, rdf.term("dct:title"), rdf.Literal("x"))])
    graph = Graph().parse(data=text, format="turtle")
    assert [str(s) for s in graph.subjects()] == ["https://example.org/a%20b%3E%22c%5Cd"]
