"""The route walk: a small world with one record of each kind, the URL of every GET rule of
`app.url_map` filled from it, and the query-string parameters the app reads.

Used by tests/core/test_routes_every_get.py. A rule added later is walked without touching
this file, as long as its `<int:...>` parts have a known name (else `urls_for_rule` fails and
says which name to add to `World.ids`, or to `World.id_for` when the id depends on the
endpoint). `post_forms` reads the POST forms of a walked page, to send them odd numbers.

Query parameters are found two ways, and the tests check that they agree:
- statically, by scanning returnsvc/ with QUERY_PARAMETER_PATTERNS (number_arg("x"),
  request.args.get("x"), request.args.getlist("x"), helpers reading `args` (the explorer's
  filters, _enum_arg), and the field names of every form class instantiated with request.args);
- at run time, by recording which keys each request looks up in `request.args` during the walk
  (`recording_args`): a parameter read in a way the scan misses fails the test.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel.messages.pofile import read_po
from werkzeug.datastructures import ImmutableMultiDict

import config as app_config
import returnsvc
from returnsvc.core.numbers import INT_MAX
from returnsvc.extensions import db
from returnsvc.partners.services import create_partner
from tests.factories import Factory
from tests.skills.helpers import load_taxonomy
from tests.sweep import PLACEHOLDERS, SweepWorld

ROLES = ("anonymous", "returnee", "counsellor", "manager", "admin")

# GET rules the walk leaves out, each with its reason. Everything else in url_map is walked.
SKIPPED = {
    "static": "files, not pages (the sweep fetches one)",
}

# Status codes a GET may answer. 410 only where a one-time link is unknown or used.
ALLOWED = {200, 302, 403, 404}
ALLOWED_FOR = {"auth.set_password": {410}}

ODD_NUMBERS = (
    "²",
    "①",
    "-1",
    "2147483648",
    "99999999999999999999",
    "0",
    "1e3",
    "occupation:²",
    "skill:2147483648",
)
ODD_IDS = (str(INT_MAX + 1), "9" * 20, "0")

PACKAGE = Path(returnsvc.__file__).parent
QUERY_PARAMETER_PATTERNS = (
    re.compile(r"""number_arg\(\s*["'](\w+)["']"""),
    re.compile(r"""request\.args\.get(?:list)?\(\s*["'](\w+)["']"""),
    re.compile(r"""request\.args\[\s*["'](\w+)["']"""),
    # helpers handed request.args as `args` (explorer/forms.py) or reading it by name
    re.compile(r"""\bargs\.get(?:list)?\(\s*["'](\w+)["']"""),
    re.compile(r"""_text\(\s*args,\s*["'](\w+)["']"""),
    re.compile(r"""_choice\(\s*args,\s*\w+,\s*["'](\w+)["']"""),
    re.compile(r"""_enum_arg\(\s*\w+,\s*["'](\w+)["']"""),
    re.compile(r"""for name in \(([^)]*)\)\)"""),  # any(_text(args, name) for name in (...))
)
_FORM_ON_ARGS = re.compile(r"""\b(\w+Form)\(\s*request\.args""")
_FILTER_FIELDS = re.compile(r"""\(\s*["'](\w+)["'],\s*_l\(""")  # publishing filter tables
_FIELD = re.compile(r"""^\s{4}(\w+)\s*=\s*\w*Field\(""", re.MULTILINE)


def scanned_query_parameters() -> set[str]:
    """Names of query-string parameters the sources read (see the module docstring)."""
    names: set[str] = set()
    form_classes: set[str] = set()
    sources = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}
    for source in sources.values():
        for pattern in QUERY_PARAMETER_PATTERNS:
            for found in pattern.findall(source):
                names.update(re.findall(r"""["'](\w+)["']""", found) or [found])
        form_classes.update(_FORM_ON_ARGS.findall(source))
        if "filtered_list(" in source or "FILTERS" in source:
            names.update(_FILTER_FIELDS.findall(source))
    for source in sources.values():
        for name in form_classes:
            match = re.search(rf"^class {name}\(.*?(?=^\S)", source + "\nend", re.S | re.M)
            if match:
                names.update(_FIELD.findall(match.group(0)))
    names.add("page")  # page_number() reads number_arg("page")
    return names


class RecordingArgs(ImmutableMultiDict):
    """request.args that remembers which keys were looked up."""

    seen: set

    def _note(self, key):
        self.seen.add(key)

    def get(self, key, default=None, type=None):  # noqa: A002
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        self._note(key)
        return super().getlist(key, type)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)


@contextmanager
def recording_args(app):
    """While active, {endpoint: keys read from request.args}."""
    read: dict[str, set] = {}
    request_class = app.request_class
    original = next(k.__dict__["args"] for k in request_class.__mro__ if "args" in k.__dict__)

    def args(request):
        recorded = RecordingArgs(original.fget(request))
        recorded.seen = read.setdefault(request.endpoint or "", set())
        return recorded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(request_class, "args", property(args))
        yield read


_PART = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def rule_parts(rule) -> list[tuple[str, str, str]]:
    """(converter, its arguments, name) of each variable part of a rule."""
    return [(conv or "default", args or "", name) for conv, args, name in _PART.findall(rule.rule)]


@dataclass
class World:
    """Ids of one record of each kind, the home office they belong to and the signed-in users
    (the counsellor and manager work at the home office; the case is the counsellor's)."""

    ids: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    # `<int:name>` parts whose record depends on the endpoint (or on the `kind` part).
    def id_for(self, endpoint: str, name: str, kind: str | None) -> int:
        section = endpoint.split(".", 1)[1].split("_", 1)[-1]
        if name == "item_id":
            return self.ids[f"{section}_id"]
        if endpoint.startswith("guides.") and name == "edition_id":
            return self.ids["guide_business_id" if kind == "opportunities" else "guide_edition_id"]
        if endpoint.startswith("savings.") and name in ("plan_id", "entry_id"):
            return self.ids[f"savings_{name}"]
        if endpoint.startswith("matches.") and name == "entry_id":
            # entries of the current published guides of the case's country
            return self.ids["match_opportunity_id" if kind == "opportunity" else "match_entry_id"]
        if name == "entry_id":
            return self.ids["opportunity_id" if kind == "opportunities" else "demand_entry_id"]
        if endpoint.startswith("guide_files.") and name == "edition_id":
            return self.ids["guide_edition_id"]
        if endpoint.startswith("practices.") and name == "practice_id":
            return self.ids["managed_practice_id"]
        if endpoint.startswith("programmes.") and name == "programme_id":
            return self.ids["managed_programme_id"]
        if endpoint.startswith("apre.") and name == "payment_id":
            return self.ids["apre_payment_id"]
        if endpoint.startswith("campaigns.") and name == "material_id":
            return self.ids["campaign_material_id"]
        if endpoint == "partners.complete_referral" and name == "referral_id":
            return self.ids["accepted_referral_id"]
        if endpoint == "skills.delete_preferences" and name == "case_id":
            return self.ids["case_with_preferences"]
        if endpoint.startswith("report_exports.") and name == "job_id":
            return self.ids["export_job_id"]  # the counsellor's: 403 for them, 404 for others
        assert name in self.ids, f"the walk has no record for <int:{name}> ({endpoint})"
        return self.ids[name]


# Values of the parts that are not ids.
TEXT_PARTS = {"token": "unknown-token", "country": "ec", "code": "5120", "key": "data"}


def urls_for_rule(world: World, rule, *, odd_id: tuple[str, str] | None = None) -> list[str]:
    """The URLs that walk `rule` (one per option of an `any(...)` part). `odd_id` = (part name,
    value) puts that value in place of the id."""
    parts = rule_parts(rule)
    kinds = [None]
    for conv, args, name in parts:
        if conv == "any" and name == "kind":
            kinds = [option.strip(" '\"") for option in args.split(",")]
    urls = []
    for kind in kinds:
        values = {}
        for conv, args, name in parts:
            if conv == "int":
                values[name] = world.id_for(rule.endpoint, name, kind)
                if odd_id and odd_id[0] == name:
                    values[name] = odd_id[1]
            elif conv == "any":
                options = [option.strip(" '\"") for option in args.split(",")]
                values[name] = kind if name == "kind" else options[0]
            else:
                assert name in TEXT_PARTS, f"the walk has no value for <{name}> ({rule.endpoint})"
                values[name] = TEXT_PARTS[name]
        urls.append(_PART.sub(lambda m, values=values: str(values[m.group(3)]), rule.rule))
    return urls


def get_rules(app) -> list:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
        key=lambda rule: rule.rule,
    )


def build_world(app) -> World:
    """One record of each kind, built with the permission sweep's builders (tests/sweep)."""
    make = Factory(app)
    sweep = SweepWorld(app, make)
    # A country of return: its manager edits its guides, programmes and good practices (the
    # builders write Ecuadorian content) as well as working on its cases.
    sweep.home_office = make.office("EC")
    world = World()
    home = sweep.home_office.id
    world.users = {role: make.user(role, office_id=home, locale="es") for role in ROLES[1:]}
    sweep.user = world.users["counsellor"]  # the case is theirs
    names = (
        # guides first: their sample taxonomy is the larger one (skills add to it)
        "guide_edition_id",
        "demand_entry_id",
        "guide_business_id",
        "opportunity_id",
        "csv_edition_id",
        "edition_id",
        "practice_id",
        "managed_practice_id",
        "managed_programme_id",
        "appointment_id",
        "task_id",
        "goal_id",
        "action_id",
        "experience_id",
        "skill_id",
        "qualification_id",
        "certificate_id",
        "language_id",
        "case_with_preferences",
        "referral_id",
        "accepted_referral_id",
        "transfer_id",
        "match_entry_id",
        "match_opportunity_id",
        "enterprise_id",
        "funding_id",
        "loan_id",
        "repayment_id",
        "apre_payment_id",
        "savings_plan_id",
        "savings_entry_id",
        "campaign_id",
        "campaign_material_id",
        "contact_correction_id",  # a correction waiting: its panel and forms on the case page
        "export_job_id",  # a finished export of the dashboard
    )
    for name in names:
        world.ids[name] = PLACEHOLDERS[name](sweep)
    with app.test_request_context():
        load_taxonomy()
        partner = create_partner(
            {"name": "Walk partner", "kind": "training", "country": "EC"}, actor=None
        )
        db.session.commit()
        world.ids["partner_id"] = partner.id
    world.ids["case_id"] = sweep.case.id
    world.ids["office_id"] = home
    world.ids["user_id"] = world.users["returnee"].id
    return world


def spanish_leaks() -> dict[str, str]:
    """{English message: its Spanish} for catalogue messages that read differently in Spanish
    and are long enough to be telling: shown as a whole text node on a Spanish page, the English
    one means a string was not translated (evaluated at import, or in the wrong locale)."""
    po = app_config.TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalogue = read_po(f, locale="es")
    leaks = {}
    for message in catalogue:
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            english = message.id
            if english != message.string and " " in english and "%" not in english:
                leaks[english] = message.string
    return leaks


_TEXT_NODE = re.compile(r">\s*([^<>]+?)\s*<")


def text_nodes(html: str) -> set[str]:
    return {text for text in _TEXT_NODE.findall(html)}


# --- forms on the walked pages -----------------------------------------------------------

# Forms every page carries, not the page's own.
SHARED_FORMS = ("/language", "/account/sign-out")


@dataclass
class PageForm:
    action: str
    fields: list = field(default_factory=list)  # [(name, value)] as the browser would send
    numeric: set = field(default_factory=set)  # names of fields that carry numbers or ids
    ids: set = field(default_factory=set)  # those of them that carry ids (0 is odd there too)
    submit: tuple | None = None  # (name, value) of the first button that saves


class FormParser(HTMLParser):
    """The POST forms of a page: their fields as the browser would submit them, and which
    fields take numbers or ids (number inputs, selects of ids, `*_id`, years, levels and the
    taxonomy pickers' choices)."""

    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[PageForm] = []
        self.form: PageForm | None = None
        self.select: tuple[str, list] | None = None  # (name, [(value, selected)])
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.form = PageForm(urljoin(self.url, a.get("action") or self.url))
        if self.form is None:
            return
        name = a.get("name")
        if a.get("data-picker-name"):
            self.form.numeric.add(a["data-picker-name"])
            self.form.ids.add(a["data-picker-name"])
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                if self.form.submit is None and "formnovalidate" not in a:
                    self.form.submit = (name, a.get("value", ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form.fields.append((name, a.get("value", "on")))
                if _looks_like_id(name, a.get("value", "")):
                    self.form.numeric.add(name)
                    self.form.ids.add(name)
            else:
                self.form.fields.append((name, a.get("value", "")))
                if kind == "number" or a.get("inputmode") == "numeric" or _numeric_name(name):
                    self.form.numeric.add(name)
                if name.endswith(("_id", "_ids")) or name == "version":
                    self.form.numeric.add(name)
                    self.form.ids.add(name)
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            if self.form.submit is None and "formnovalidate" not in a:
                self.form.submit = (name, a.get("value", ""))
        elif tag == "select" and name:
            self.select = (name, [])
        elif tag == "option" and self.select is not None:
            self.select[1].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            name, options = self.select
            chosen = [value for value, selected in options if selected] or [
                value for value, _selected in options[:1]
            ]
            self.form.fields.extend((name, value) for value in chosen)
            values = [value for value, _selected in options if value]
            if values and all(value.isascii() and value.isdigit() for value in values):
                self.form.numeric.add(name)
                self.form.ids.add(name)
            elif _numeric_name(name):
                self.form.numeric.add(name)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.fields.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None
        elif tag == "form":
            if not self.form.action.endswith(SHARED_FORMS):
                self.forms.append(self.form)
            self.form = None


def _numeric_name(name: str) -> bool:
    return name.endswith(("_id", "_ids", "year", "_years", "level", "_size")) or name in (
        "dependants",
        "years_abroad",
        "counsellor",
        "to_office",
    )


def _looks_like_id(name: str, value: str) -> bool:
    return name.endswith(("_id", "_ids")) or bool(re.fullmatch(r"(\w+:)?[0-9]+", value))


def post_forms(url: str, html: str) -> list[PageForm]:
    parser = FormParser(url)
    parser.feed(html)
    return parser.forms
