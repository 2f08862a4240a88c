def test_audit_page_lists_and_filters(app, client, sign_in, make):
    admin = sign_in("admin")
    other = make.user("counsellor")
    app.test_client().post(
        "/account/sign-in", data={"email": other.email, "password": "wrong wrong wrong"}
    )
    page = client.get("/admin/audit/").get_data(as_text=True)
    assert "auth.login" in page and admin.email in page
    filtered = client.get("/admin/audit/?action=auth.login_failed").get_data(as_text=True)
    assert "auth.login_failed" in filtered
    assert "user.created" not in filtered
    # Bad filter values are ignored, not a 500.
    assert client.get("/admin/audit/?date_from=notadate&before=abc").status_code == 200


def test_audit_page_pages_backwards(app, client, sign_in):
    sign_in("admin")
    from returnsvc.audit.services import record
    from returnsvc.extensions import db

    with app.test_request_context():
        for n in range(60):
            record("test.bulk", target=("thing", n))
        db.session.commit()
    first = client.get("/admin/audit/?action=test.bulk").get_data(as_text=True)
    assert "before=" in first
