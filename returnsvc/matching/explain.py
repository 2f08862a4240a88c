"""A match in plain words: the scorer's reason and gap codes, and the training proposals, as
sentences in the reader's language.

The scorer returns codes with parameters (ISCO codes, ESCO URIs, region codes, numbers); this
module reads the names those need in two statements for any number of matches (`Names.of`) and
writes the sentences at display, so the Matches tab, the explorer, the reverse match and the
portal say the same thing. Sentences are plain text (str): templates escape them, and names
written by people (regions, titles) stay text wherever they go.

Reads the taxonomy only (nothing about people): the public explorer uses it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from returnsvc.core.enums import EducationLevel
from returnsvc.core.i18n import lazy_text as _l
from returnsvc.core.money import format_money
from returnsvc.core.regions import region_name
from returnsvc.extensions import db
from returnsvc.matching.components import COMPONENT_LABELS
from returnsvc.matching.scorer_inputs import fold
from returnsvc.matching.scoring import Gap, Match, Reason
from returnsvc.matching.training import Proposal
from returnsvc.taxonomy.models import EscoSkill, EscoSkillLabel
from returnsvc.taxonomy.queries import isco_titles

DEMAND_LEVEL_WORDS = {
    "high": _l("high"),
    "medium": _l("medium"),
    "low": _l("low"),
}
RECOGNITION_WORDS = {
    "recognised": _l("recognised"),
    "not_needed": _l("not needed"),
    "in_progress": _l("in progress"),
    "requested": _l("requested"),
    "not_requested": _l("not requested"),
}
PROGRAMME_KIND_WORDS = {
    "training": _l("training"),
    "seed_capital": _l("seed capital"),
    "micro_credit": _l("micro-credit"),
    "savings": _l("savings"),
    "advisory": _l("advice"),
}


@dataclass
class Names:
    """The names a set of matches mentions: ISCO titles and ESCO skill labels in the reader's
    language (the other one when missing), programme names, and the money's currency."""

    isco: dict[str, str] = field(default_factory=dict)
    skills: dict[str, str] = field(default_factory=dict)
    programmes: dict = field(default_factory=dict)
    currency: str | None = None
    # Own-words skills as the guide writes them, by their folded form (the scorer compares
    # folded text: "leer planos estandar" is shown as "leer planos estándar").
    words: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, matches: Iterable[Match], locale: str, *, extra_isco=(), currency=None) -> "Names":
        """The names for `matches` (and `extra_isco` codes): two statements whatever their
        number."""
        codes, uris = set(extra_isco), set()
        for match in matches:
            for item in (*match.reasons, *match.gaps):
                params = item.params
                for key in ("code", "isco"):
                    value = params.get(key)
                    if isinstance(value, str):
                        codes.add(value)
                    elif value:
                        codes.update(value)
                if params.get("uri"):
                    uris.add(params["uri"])
        return cls(isco_titles(codes, locale), skill_labels_by_uri(uris, locale), {}, currency, {})

    def add_words(self, text: str) -> None:
        """Remember how the lines of an own-words skills text are written."""
        for line in (text or "").splitlines():
            if line.strip():
                self.words.setdefault(fold(line), line.strip())

    def occupation(self, code: str | None) -> str:
        if not code:
            return ""
        title = self.isco.get(code)
        return f"{title} ({code})" if title else code

    def skill(self, params: dict) -> str:
        if params.get("text"):
            return self.words.get(params["text"], params["text"])
        uri = params.get("uri") or ""
        return self.skills.get(uri, uri)

    def money(self, amount) -> str:
        if self.currency:
            return format_money(Decimal(amount), self.currency)
        return format_decimal(Decimal(amount))


def skill_labels_by_uri(uris: Iterable[str], locale: str) -> dict[str, str]:
    """{ESCO URI: preferred label in `locale`, else the other language}: one statement."""
    uris = sorted(set(uris))
    if not uris:
        return {}
    rows = db.session.execute(
        select(EscoSkill.uri, EscoSkillLabel.label)
        .join(EscoSkillLabel, EscoSkillLabel.skill_id == EscoSkill.id)
        .where(EscoSkill.uri.in_(uris), EscoSkillLabel.is_preferred)
        .order_by(EscoSkill.uri, (EscoSkillLabel.locale == locale).desc(), EscoSkillLabel.locale)
        .distinct(EscoSkill.uri)
    )
    return {uri: label for uri, label in rows}


def _regions(codes) -> str:
    return ", ".join(region_name(code) or code for code in codes)


def _years(value) -> str:
    return format_decimal(Decimal(value or 0))


def _education(level) -> str:
    if level is None:
        return _("not recorded")
    return str(EducationLevel(f"isced{level}").label)


def _recognition_status(status: str) -> str:
    return str(RECOGNITION_WORDS.get(status, status))


def reason_text(reason: Reason, names: Names) -> str:
    """Why a component was earned, in plain words."""
    p, code = reason.params, reason.code
    if code == "occupation.same_unit_group":
        return _("Same occupation: %(occupation)s", occupation=names.occupation(p.get("isco")))
    if code.startswith("occupation.same_"):
        return _(
            "Related occupation: %(have)s is close to %(want)s",
            have=names.occupation(p.get("code")),
            want=names.occupation(p.get("isco")),
        )
    if code == "occupation.any":
        return _("Open to any trade")
    if code == "skills.none_required":
        return _("No particular skill asked for")
    if code == "skills.covered":
        return _("Has %(have)s of the %(need)s skills asked for", have=p["have"], need=p["need"])
    if code == "experience.enough":
        return _(
            "%(have)s years of experience (%(need)s asked for)",
            have=_years(p["have"]),
            need=_years(p["need"]),
        )
    if code == "education.met":
        return _("Education reaches the minimum: %(need)s", need=_education(p["need"]))
    if code == "certifications.held":
        return _("Holds %(have)s of the %(need)s certificates", have=p["have"], need=p["need"])
    if code == "region.nationwide":
        return _("Offered anywhere in the country")
    if code == "region.preferred":
        return _("In a region where the person wants to live: %(regions)s",
                 regions=_regions(p["regions"]))  # fmt: skip
    if code == "region.willing_to_move":
        return _("The person is willing to move")
    if code == "demand.level":
        return _("Demand for this occupation: %(level)s",
                 level=str(DEMAND_LEVEL_WORDS.get(p["level"], p["level"])))  # fmt: skip
    if code == "recognition.not_required":
        return _("No recognised qualification needed")
    if code == "recognition.met":
        return _("Qualification recognition: %(status)s",
                 status=_recognition_status(p["status"]))  # fmt: skip
    if code == "capital.no_range":
        return _("No investment range given")
    if code == "capital.enough":
        return _(
            "Capital of %(have)s reaches the minimum investment of %(need)s",
            have=names.money(p["have"]),
            need=names.money(p["need"]),
        )
    if code == "training.not_required":
        return _("No entrepreneurship training needed")
    if code == "training.entrepreneurship_done":
        return _("Entrepreneurship training done")
    return code


def gap_text(gap: Gap, names: Names) -> str:
    """What is missing, in plain words."""
    p, code = gap.params, gap.code
    if code == "occupation.unrelated":
        wanted = ", ".join(names.occupation(c) for c in p.get("isco") or ())
        return _("A different trade: %(occupation)s", occupation=wanted)
    if code == "skill.missing":
        return _("Missing skill: %(skill)s", skill=names.skill(p))
    if code == "experience.short":
        return _(
            "%(have)s years of experience, %(need)s asked for",
            have=_years(p["have"]),
            need=_years(p["need"]),
        )
    if code == "education.below":
        return _("Education below the minimum: %(need)s", need=_education(p["need"]))
    if code == "certification.missing":
        return _("Missing certificate: %(code)s", code=p["code"])
    if code == "region.outside":
        return _("Only in %(regions)s, where the person does not plan to live",
                 regions=_regions(p["regions"]))  # fmt: skip
    if code == "recognition.start":
        return _("Needs a recognised qualification: start the recognition procedure")
    if code == "recognition.wait":
        return _("Qualification recognition %(status)s",
                 status=_recognition_status(p["status"]))  # fmt: skip
    if code == "capital.unknown":
        return _("Capital not recorded; the minimum investment is %(need)s",
                 need=names.money(p["need"]))  # fmt: skip
    if code == "capital.short":
        return _(
            "Capital of %(have)s, short of the minimum investment of %(need)s",
            have=names.money(p["have"]),
            need=names.money(p["need"]),
        )
    if code == "training.entrepreneurship":
        return _("Needs entrepreneurship training")
    return code


def proposal_text(proposal: Proposal, names: Names) -> str:
    """What a gap proposes: a programme by name and kind, or the recognition step."""
    p = proposal.params
    if proposal.kind == "recognition":
        step = (
            _("Start the recognition of the qualification")
            if p.get("step") == "start_procedure"
            else _("Follow up the recognition request")
        )
        if p.get("authority"):
            return _("%(step)s with %(authority)s", step=step, authority=p["authority"])
        return step
    name = names.programmes.get(proposal.programme_id) or str(proposal.programme_id)
    kind = str(PROGRAMME_KIND_WORDS.get(p.get("kind"), p.get("kind")))
    return _("%(programme)s (%(kind)s)", programme=name, kind=kind)


def component_summary(match: Match) -> str:
    """ "Occupation 30/30 · Skills 10/20 …" for a title attribute or an export."""
    return " · ".join(f"{COMPONENT_LABELS[c.name]} {c.earned}/{c.weight}" for c in match.components)
