from returnsvc.auth.models import User
from returnsvc.extensions import db
from tests.helpers import audit_actions


def _edit_data(user, **changes):
    data = {
        "full_name": user.full_name,
        "role": user.role.value,
        "office_id": str(user.office_id or ""),
        "preferred_locale": user.preferred_locale,
        "is_active": "y" if user.is_active else "",
        "version": str(user.version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""} | {"office_id": data["office_id"]}


def test_list_filters_and_shows_people(client, sign_in, make):
    sign_in("admin")
    make.user("counsellor", full_name="Rosa Condori Choque")
    make.user("manager", full_name="Luis Huamán")
    page = client.get("/admin/users/?q=condori").get_data(as_text=True)
    assert "Rosa Condori Choque" in page and "Luis Huamán" not in page
    page = client.get("/admin/users/?role=manager").get_data(as_text=True)
    assert "Luis Huamán" in page and "Rosa Condori Choque" not in page
    # Bad filter values do not break the page.
    assert client.get("/admin/users/?role=king&page=-3").status_code == 200


def test_admin_changes_role_and_office_with_audit(app, client, sign_in, make):
    sign_in("admin")
    target = make.user("counsellor")
    lima = make.office("PE", city="Lima")
    user = make.load_user(target.id)
    response = client.post(
        f"/admin/users/{target.id}", data=_edit_data(user, role="manager", office_id=str(lima.id))
    )
    assert response.status_code == 302
    saved = make.load_user(target.id)
    assert saved.role.value == "manager" and saved.office_id == lima.id
    assert "user.updated" in audit_actions(app, target_id=str(target.id))


def test_staff_without_office_is_refused(client, sign_in, make):
    sign_in("admin")
    target = make.user("counsellor")
    user = make.load_user(target.id)
    response = client.post(f"/admin/users/{target.id}", data=_edit_data(user, office_id=""))
    assert response.status_code == 200
    assert "deben pertenecer a una oficina" in response.get_data(as_text=True)
    assert make.load_user(target.id).office_id == target.office_id


def test_stale_edit_shows_conflict_and_keeps_the_other_change(app, client, sign_in, make):
    sign_in("admin")
    target = make.user("counsellor", full_name="Original Name")
    loaded = make.load_user(target.id)
    with app.app_context():  # someone else saves first
        db.session.get(User, target.id).full_name = "Changed Elsewhere"
        db.session.commit()
    response = client.post(
        f"/admin/users/{target.id}", data=_edit_data(loaded, full_name="My Edit")
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Changed Elsewhere" in body and "My Edit" in body
    assert make.load_user(target.id).full_name == "Changed Elsewhere"


def test_admin_cannot_deactivate_themselves(client, sign_in, make):
    admin = sign_in("admin")
    user = make.load_user(admin.id)
    response = client.post(f"/admin/users/{admin.id}", data=_edit_data(user, is_active=""))
    assert response.status_code == 200
    assert make.load_user(admin.id).is_active


def test_unknown_user_is_404(client, sign_in):
    sign_in("admin")
    assert client.get("/admin/users/999999").status_code == 404
