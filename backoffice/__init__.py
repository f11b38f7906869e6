"""The back office on port 8001: the staff JSON API (/api/v1), the Open311 GeoReport v2 views (/open311/v2)
and the Chinese web console (/console), an aiohttp adapter over hotline/."""
