"""Choosing the handling unit (承办单位) from the category and the place (policy/routing.yml)."""
from __future__ import annotations

from functools import lru_cache

from hotline.language.places import Gazetteer, Location, gazetteer
from hotline.policy import PolicyError, Reader, load_yaml


class RoutingTable:
    def __init__(self, rules: list[tuple[str, str | None, str]], default_unit: str, fallback_city: str,
                 places: Gazetteer):
        self.rules, self.default_unit, self.fallback_city, self.places = rules, default_unit, fallback_city, places

    @classmethod
    def load(cls, places: Gazetteer | None = None) -> RoutingTable:
        r = Reader("routing.yml", load_yaml("routing.yml"))
        rules = []
        for rule in r.get("rules").list():
            rules.append((rule.get("category").text(), rule.get("district", None).optional_text(),
                          rule.get("unit").text()))
        if not rules:
            raise PolicyError("routing.yml: rules: list at least one rule")
        return cls(rules, r.get("default_unit").text(), r.get("fallback_city").text(), places or gazetteer())

    def unit_for(self, category_path: str | None, location: Location | None) -> str:
        location = location or Location()
        template = self.default_unit
        for prefix, district, unit in self.rules:
            if district and district != location.district:
                continue
            if category_path and (category_path == prefix or category_path.startswith(prefix + "/")):
                template = unit
                break
        city = location.city or self.fallback_city
        return template.format(city=city, city_short=self.places.city_short(city) or city,
                               district=location.district or city)


@lru_cache(maxsize=1)
def routing_table() -> RoutingTable:
    return RoutingTable.load()
