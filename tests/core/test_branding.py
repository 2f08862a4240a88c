"""The service's name, its mark and who runs it: configured, shown on every page."""


def test_name_mark_and_operator_on_every_page(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SERVICE_NAME", "Retorno <Demo>")
    monkeypatch.setitem(app.config, "SERVICE_OPERATOR", "Servicio Público de Empleo Estatal (SEPE)")
    html = client.get("/account/sign-in").get_data(as_text=True)
    assert "<title>Iniciar sesión – Retorno &lt;Demo&gt;</title>" in html
    assert 'rel="icon" type="image/svg+xml"' in html
    assert 'class="brand-name">Retorno &lt;Demo&gt;</span>' in html
    assert "Gestionado por Servicio Público de Empleo Estatal (SEPE)." in html
    icon = client.get("/static/img/favicon.svg")
    icon.close()  # static files are streamed
    assert icon.status_code == 200


def test_without_an_operator_production_says_nothing_and_development_says_demo(
    app, client, monkeypatch
):
    monkeypatch.setitem(app.config, "SERVICE_OPERATOR", "")
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    html = client.get("/account/sign-in").get_data(as_text=True)
    assert "Gestionado por" not in html and "demostración" not in html
    monkeypatch.setitem(app.config, "ENV_NAME", "development")
    html = client.get("/account/sign-in").get_data(as_text=True)
    assert "Una instalación de demostración" in html
