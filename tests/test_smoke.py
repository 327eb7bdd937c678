from support.project import FixtureProject


def test_sample_site_builds_every_procedure(sample_site: FixtureProject) -> None:
    feed = sample_site.feed()
    assert len(feed["procedures"]) == 10
    for entry in feed["procedures"]:
        assert (sample_site.site / entry["qr"]["svg"]).is_file()
