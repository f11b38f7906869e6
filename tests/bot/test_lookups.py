from scripts.gen_lookups import TARGET, render


def test_the_place_lookup_tables_are_generated_from_regions_yml():
    assert TARGET.read_text(encoding="utf-8") == render(), "run scripts/gen_lookups.py"
    assert "    - 金水区\n" in render() and "    - 郑州市\n" in render()
