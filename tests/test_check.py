import unspun


def test_check_returns_report_with_schema() -> None:
    r = unspun.check(headline="Markets on the verge of COLLAPSE!", body="Shares fell 2 percent on Monday.")
    d = r.to_dict()
    assert d["schema"] == "unspun.report/1"
    assert {f["label"] for f in d["findings"]} >= {"all_caps", "exclamation"}
