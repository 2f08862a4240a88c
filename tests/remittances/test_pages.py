"""The managers' pages and the public calculator: wiring, both languages, escaping, odd input."""

from decimal import Decimal as D
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from returnsvc.extensions import db
from returnsvc.remittances.links import calculator_url
from returnsvc.remittances.models import RemittanceFigure
from tests.helpers import count_statements
from tests.remittances.helpers import ENGLISH, page

MARKUP = '"><img src=x><meta http-equiv=refresh content=0>'
LIVE = ("<img src=x>", "<meta http-equiv=refresh")


def calculator(client, lang="en", **args):
    response = client.get(
        "/remittances/calculator?" + urlencode(args), headers={"Accept-Language": lang}
    )
    assert response.status_code == 200
    return page(response)


def test_the_list_shows_current_figures_history_and_target(client, sign_in):
    sign_in("admin", locale="en")
    text = page(client.get("/manage/remittances/"))
    assert "Remittance costs" in text
    assert "World Bank, Remittance Prices Worldwide, issue 35 (Q3 2020)" in text
    assert "2020Q3" in text and "5.48%" in text and "$200.00" in text
    assert "Target: 3%" in text
    assert 'href="/manage/remittances/new"' in text


def test_record_a_figure_then_the_same_again(app, client, sign_in):
    sign_in("admin", locale="en")
    form = {
        "sending_country": "ES",
        "receiving_country": "BO",
        "period": "2021q1",
        "reference_amount": "200",
        "reference_currency": "USD",
        "cost_percent": "4.2",
        "source_name": "RPW issue 37",
        "source_url": "",
    }
    response = client.post("/manage/remittances/new", data=form)
    assert response.status_code == 302
    text = page(client.get("/manage/remittances/"))
    assert "Figure recorded: ES-BO 2021Q1 USD." in text and "4.2%" in text
    client.post("/manage/remittances/new", data=form)
    assert "Nothing changed: this figure was already recorded." in page(
        client.get("/manage/remittances/")
    )
    client.post("/manage/remittances/new", data=form | {"cost_percent": "4.25"})
    assert "the earlier one is kept in the history" in page(client.get("/manage/remittances/"))
    with app.app_context():
        rows = db.session.scalars(
            select(RemittanceFigure).where(RemittanceFigure.receiving_country == "BO")
        ).all()
    assert sorted(f.cost_percent for f in rows) == [D("4.20"), D("4.25"), D("4.64")]


def test_the_form_reads_numbers_as_spanish_writes_them(app, client, sign_in):
    sign_in("admin", locale="es")
    form = {
        "sending_country": "ES", "receiving_country": "PE", "period": "2022",
        "reference_amount": "1.200,50", "reference_currency": "EUR", "cost_percent": "4,75",
        "source_name": "Fuente", "source_url": "https://example.org/rpw",
    }  # fmt: skip
    assert client.post("/manage/remittances/new", data=form).status_code == 302
    with app.app_context():
        row = db.session.scalars(
            select(RemittanceFigure).where(RemittanceFigure.reference_currency == "EUR")
        ).one()
    assert (row.reference_amount, row.cost_percent) == (D("1200.50"), D("4.75"))


@pytest.mark.parametrize("odd", ["²", "-1", "2147483648", "1e3", "NaN", "１２", "+5"])
def test_odd_numbers_in_the_form_are_refused_in_english(client, sign_in, odd):
    sign_in("admin", locale="en")
    form = {
        "sending_country": "ES", "receiving_country": "PE", "period": "2022",
        "reference_amount": odd, "reference_currency": "USD", "cost_percent": odd,
        "source_name": "Source", "source_url": "",
    }  # fmt: skip
    response = client.post("/manage/remittances/new", data=form)
    assert response.status_code == 200
    text = page(response)
    assert "There is a problem" in text
    assert "Enter a number" in text or "Give the average cost" in text


def test_markup_in_every_text_field_is_shown_as_text(client, sign_in):
    sign_in("admin", locale="en")
    form = {
        "sending_country": MARKUP, "receiving_country": MARKUP, "period": MARKUP,
        "reference_amount": MARKUP, "reference_currency": MARKUP, "cost_percent": MARKUP,
        "source_name": MARKUP, "source_url": MARKUP,
    }  # fmt: skip
    text = page(client.post("/manage/remittances/new", data=form))
    assert "There is a problem" in text and not any(live in text for live in LIVE)
    stored = {
        "sending_country": "ES", "receiving_country": "CO", "period": "2023Q2",
        "reference_amount": "200", "reference_currency": "USD", "cost_percent": "4",
        "source_name": MARKUP, "source_url": "",
    }  # fmt: skip
    assert client.post("/manage/remittances/new", data=stored).status_code == 302
    text = page(client.get("/manage/remittances/"))
    assert "&lt;img src=x&gt;" in text and not any(live in text for live in LIVE)
    text = calculator(client, country="CO", amount="100")
    assert "&lt;img src=x&gt;" in text and not any(live in text for live in LIVE)
    text = calculator(client, country=MARKUP, amount=MARKUP, frequency=MARKUP, rate=MARKUP)
    assert not any(live in text for live in LIVE)
    audit = page(client.get("/audit/"))
    assert not any(live in audit for live in LIVE)


def test_only_admins_manage_figures(client, sign_in):
    sign_in("manager")
    assert client.get("/manage/remittances/").status_code == 403
    assert client.post("/manage/remittances/import").status_code == 403


def test_the_calculator_in_english(client):
    text = calculator(client, country="EC", amount="200", frequency="monthly")
    assert '<html lang="en"' in text
    assert "You send $2,400.00 in a year." not in text  # euros, sent from Spain
    assert "€2,400.00" in text
    assert "€131.52" in text and "€72.00" in text and "€59.52" in text
    assert "€59.52 more a year to save" in text
    assert "World Bank, Remittance Prices Worldwide, issue 35 (Q3 2020)" in text
    assert "2020Q3" in text and "5.48%" in text
    assert '<figure class="cost-chart"' in text and 'class="chart-bar chart-bar-target"' in text
    assert 'At the target cost (3%): <strong>€72.00</strong>' in text
    assert "style=" not in text.split("<main", 1)[1] and "<script>" not in text


def test_the_calculator_with_the_providers_rate(client):
    text = calculator(client, country="BO", amount="50", frequency="weekly", rate="7.5")
    assert "€195.00" in text and "€120.64" in text and "€78.00" in text
    assert "€117.00" in text
    assert "At your provider's cost (7.5%)" in text


def test_the_calculator_in_spanish(client):
    text = calculator(client, "es", country="EC", amount="1.200,50", frequency="quarterly",
                      rate="6,5")  # fmt: skip
    assert '<html lang="es"' in text
    # 1,200.50 x 4 = 4,802.00; 6.5% = 312.13; 3% = 144.06; 168.07 to save
    assert "4.802,00\xa0€" in text
    assert "312,13\xa0€" in text and "144,06\xa0€" in text and "168,07\xa0€" in text


def test_the_first_visit_is_a_form_only(client):
    text = calculator(client)
    assert "There is a problem" not in text and "Your costs in a year" not in text
    assert '<option value="EC">Ecuador</option>' in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"country": "EC", "amount": "²"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": "-1"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": "2147483648"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": "1e3"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": "0"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": "10.555"}, "Enter an amount above 0"),
        ({"country": "EC", "amount": ""}, "Enter the amount you send each time."),
        ({"country": "EC", "amount": "10", "rate": "100"}, "Enter a percentage from 0"),
        ({"country": "EC", "amount": "10", "rate": "1e3"}, "Enter a percentage from 0"),
        ({"country": "EC", "amount": "10", "frequency": "daily"}, "Choose how often"),
        ({"country": "XX", "amount": "10"}, "Choose one of the listed countries."),
        ({"amount": "10"}, "Choose the country you send money to."),
    ],
)
def test_odd_input_gives_a_message_never_a_500(client, args, message):
    text = calculator(client, **args)
    assert "There is a problem" in text and message in text
    assert "Your costs in a year" not in text


def test_odd_input_in_spanish_is_refused_in_spanish(client):
    text = calculator(client, "es", country="EC", amount="1e3")
    assert '<html lang="es"' in text and "Hay un problema" in text


def test_calculator_url_and_the_explorers_link(app, client):
    with app.test_request_context(headers=ENGLISH):
        assert calculator_url("ec") == "/remittances/calculator?country=EC"
        assert calculator_url("EC", D("200.00"), "monthly") == (
            "/remittances/calculator?country=EC&amount=200&frequency=monthly"
        )
        assert calculator_url("PE", D("150.5")).endswith("amount=150.50")
    with app.test_request_context(headers={"Accept-Language": "es"}):
        url = calculator_url("PE", D("150.5"))
        assert url.endswith("amount=150,50")
    text = calculator(client, "es", country="PE", amount="150,50")
    assert "Hay un problema" not in text and "1.806,00\xa0€" in text
    response = client.get("/explorer?country=EC", headers=ENGLISH)
    assert 'href="/remittances/calculator?country=EC"' in page(response)


def test_statements_do_not_grow_with_figures(app, client, sign_in):
    sign_in("admin", locale="en")
    urls = ("/remittances/calculator?country=EC&amount=200&rate=6", "/manage/remittances/")

    def statements():
        counts = []
        for url in urls:
            client.get(url)
            with count_statements(app) as executed:
                assert client.get(url).status_code == 200
            counts.append(len(executed))
        return counts

    before = statements()
    for year in range(2021, 2027):
        for quarter in range(1, 5):
            for country in ("BO", "CO", "EC", "PE"):
                form = {
                    "sending_country": "ES", "receiving_country": country,
                    "period": f"{year}Q{quarter}", "reference_amount": "200",
                    "reference_currency": "USD", "cost_percent": "4.5",
                    "source_name": "RPW", "source_url": "",
                }  # fmt: skip
                assert client.post("/manage/remittances/new", data=form).status_code == 302
    assert statements() == before
