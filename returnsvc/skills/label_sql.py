"""Taxonomy labels joined to the profile's rows in the page's language, with the other
language as fallback (PAGE_LOCALE and OTHER_LOCALE of the case workspace): the profile panel
and the profile's timeline events read them in SQL.

Table aliases, not ORM ones: an ORM alias built at import would configure every mapper before
all models are imported."""

from sqlalchemy import and_, case

from returnsvc.cases.workspace import OTHER_LOCALE, PAGE_LOCALE
from returnsvc.skills.models import ReturneeSkill, WorkExperience
from returnsvc.taxonomy.models import EscoSkillLabel, IscoGroupLabel

_isco_page = IscoGroupLabel.__table__.alias("isco_page")
_isco_other = IscoGroupLabel.__table__.alias("isco_other")
_skill_page = EscoSkillLabel.__table__.alias("skill_page")
_skill_other = EscoSkillLabel.__table__.alias("skill_other")

# The titles and labels, after `with_isco_titles` / `with_skill_labels` joined them.
ISCO_TITLE_PAGE, ISCO_TITLE_OTHER = _isco_page.c.title, _isco_other.c.title
SKILL_LABEL_PAGE, SKILL_LABEL_OTHER = _skill_page.c.label, _skill_other.c.label


def with_isco_titles(query):
    """`query` with the ISCO-08 title of WorkExperience.isco_code joined in both languages."""

    def join(alias, locale):
        return and_(alias.c.code == WorkExperience.isco_code, alias.c.locale == locale)

    return query.outerjoin(_isco_page, join(_isco_page, PAGE_LOCALE)).outerjoin(
        _isco_other, join(_isco_other, OTHER_LOCALE)
    )


def with_skill_labels(query):
    """`query` with the preferred ESCO label of ReturneeSkill.esco_skill_id in both languages."""

    def join(alias, locale):
        same_skill = alias.c.skill_id == ReturneeSkill.esco_skill_id
        return and_(same_skill, alias.c.locale == locale, alias.c.is_preferred)

    return query.outerjoin(_skill_page, join(_skill_page, PAGE_LOCALE)).outerjoin(
        _skill_other, join(_skill_other, OTHER_LOCALE)
    )


def label_locale(page_column, other_column):
    """The language of the label shown: the page's, else the other's."""
    return case((page_column.is_not(None), PAGE_LOCALE), (other_column.is_not(None), OTHER_LOCALE))
