"""Normalising where a request happened against Henan's administrative divisions (policy/regions.yml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hotline.language.text import light
from hotline.policy import PolicyError, Reader, load_yaml


@dataclass(frozen=True)
class Location:
    city: str | None = None
    district: str | None = None
    street: str | None = None
    address: str | None = None
    text: str = ""

    def as_dict(self) -> dict[str, str | None]:
        return {"city": self.city, "district": self.district, "street": self.street, "address": self.address,
                "text": self.text}

    @property
    def label(self) -> str:
        parts = [p for p in (self.city, self.district, self.street, self.address) if p]
        return "".join(parts) or self.text


# a street-level unit (街道, 乡, 镇) and what follows it (road, number, compound)
_STREET = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:街道办事处|街道|镇|乡))")


class Gazetteer:
    def __init__(self, province: str, region_code: str, cities: list[dict]):
        self.province = province
        self.region_code = region_code
        self.cities = cities
        names: dict[str, tuple[str, str | None]] = {}  # written name -> (city, district)
        for c in cities:
            city = c["name"]
            for n in {city, c["short"]}:
                names[n] = (city, None)
            for d in c["districts"] + c["functional_areas"]:
                names.setdefault(d, (city, d))
                # "金水区" is also written "金水"; a county "中牟县" as "中牟"
                short = re.sub(r"(回族区|区|县|市)$", "", d)
                if len(short) >= 2 and short not in names:
                    names[short] = (city, d)
            for alias, official in c["aliases"].items():
                names[alias] = (city, official)
        self.names = names
        self._pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))

    @classmethod
    def load(cls) -> Gazetteer:
        r = Reader("regions.yml", load_yaml("regions.yml"))
        cities = []
        for c in r.get("cities").list():
            cities.append({
                "name": c.get("name").text(),
                "short": c.get("short").text(),
                "districts": c.get("districts").texts(),
                "functional_areas": c.get("functional_areas", []).texts(),
                "aliases": {k: v.text() for k, v in c.get("aliases", {}).items()},
            })
        if not cities:
            raise PolicyError("regions.yml: cities: list at least one city")
        return cls(r.get("province").text(), r.get("region_code").text(), cities)

    def city_short(self, city: str | None) -> str | None:
        for c in self.cities:
            if c["name"] == city:
                return c["short"]
        return None

    def find(self, text: str | None) -> Location:
        """City, district, street and the rest of the address found in free text."""
        raw = (text or "").strip()
        t = light(raw).replace(self.province, "").replace("河南", "")
        city = district = None
        end = 0
        for m in self._pattern.finditer(t):
            c, d = self.names[m.group(0)]
            if city and c != city:
                continue  # a second city's name later in the text is part of an address ("郑州路")
            city = city or c
            if d and not district:
                district = d
            end = max(end, m.end())
        rest = t[end:] if end else t
        street = None
        m = _STREET.search(rest)
        if m and m.start() <= 2:
            street = m.group(1)
            rest = rest[m.end():]
        address = rest.strip(" ，,。") or None
        return Location(city, district, street, address, raw)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
